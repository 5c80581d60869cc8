import secrets

from stridecare.booking import actions


def make_request(clinic, runner=None, **overrides):
    fields = dict(
        clinic=clinic,
        runner=runner,
        name=runner.full_name if runner else "Vera Visitor",
        email=runner.email if runner else "vera@visitor.test",
        phone="0700 000000",
        visit_type="clinic",
        reason="Knee hurts after 8 km. ZEBRA-SECRET-REASON",
        preferred_days=["mon"],
        preferred_times=["morning"],
    )
    fields.update(overrides)
    req, _ = actions.create_request(submission_token=secrets.token_urlsafe(16), **fields)
    return req
