"""Objects of the first clinic's runner for the project-wide access walk
(tests/accounts/test_access_rules.py): a privacy zone, a ready export and an erasure request; the
runner shares their hand-off report with the clinic, so its therapists may open it."""

from __future__ import annotations


def access_values(world) -> dict:
    from stridecare.mydata.export import request_export
    from stridecare.mydata.handoff import set_sharing
    from stridecare.mydata.models import ErasureRequest, PrivacyZone

    zone = PrivacyZone(runner=world.runner, name="Home")
    zone.place(51.5, -0.12, 300)
    zone.save()
    export = request_export(world.runner, world.runner)
    set_sharing(world.runner, True)
    erasure = ErasureRequest.objects.create(runner=world.runner, runner_ref=world.runner.pk, clinic=world.clinic)
    return {"zone_id": zone.pk, "export_id": export.pk, "erasure_id": erasure.pk}
