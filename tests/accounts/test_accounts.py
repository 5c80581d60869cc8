import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from stridecare.accounts.models import Invitation, User
from tests.conftest import PASSWORD


def login(client, email, password):
    return client.post(reverse("login"), {"email": email, "password": password})


def test_login_with_email_case_insensitive(world, client):
    response = login(client, "SAM@runner.test", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from stridecare.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("long enough password").startswith("argon2$")


def test_runner_signs_up_alone(db, client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "New Runner",
            "email": "New@Runner.test",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@runner.test")
    assert user.is_runner and user.clinic is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password2": "different-passphrase"}, "password2", "differ"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
    ],
)
def test_signup_errors_are_next_to_the_field(world, client, data, field, message):
    base = {
        "full_name": "New Runner",
        "email": "new@runner.test",
        "password1": "a-long-passphrase",
        "password2": "a-long-passphrase",
    }
    response = client.post(reverse("accounts:signup"), {**base, **data})
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.filter(full_name="New Runner").count() == 0


def invitation_link(body):
    return re.search(r"http://testserver(/invite/[^/\s]+/)", body).group(1)


def test_admin_invites_a_therapist_who_sets_a_password(world, client):
    client.force_login(world.admin)
    client.post(reverse("accounts:staff"), {"full_name": "Nia New", "email": "nia@riverside.test"})
    link = invitation_link(mail.outbox[-1].body)
    client.logout()
    response = client.post(
        link, {"full_name": "Nia New", "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    )
    assert response.status_code == 302
    nia = User.objects.get(email="nia@riverside.test")
    assert (nia.is_therapist, nia.clinic, nia.is_runner) == (True, world.clinic, False)
    # a new therapist's first page is setting up two-step login
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_setup"))
    client.logout()
    assert client.get(link).status_code == 410  # used once only


def test_therapist_invites_a_runner(world, client):
    client.force_login(world.therapist)
    client.post(reverse("accounts:runners"), {"full_name": "Rae Runner", "email": "rae@runner.test"})
    client.logout()
    client.post(
        invitation_link(mail.outbox[-1].body),
        {"full_name": "Rae Runner", "password1": "a-long-passphrase", "password2": "a-long-passphrase"},
    )
    rae = User.objects.get(email="rae@runner.test")
    assert (rae.is_runner, rae.clinic, rae.primary_therapist) == (True, world.clinic, world.therapist)


def test_a_runner_who_signed_up_alone_joins_the_inviting_clinic(world, client):
    invitation = Invitation.objects.create(
        clinic=world.clinic, kind="runner", email=world.lone_runner.email, invited_by=world.therapist
    )
    url = reverse("accounts:accept_invitation", args=[invitation.token])
    assert client.get(url)["Location"].startswith("/login/")
    client.force_login(world.lone_runner)
    client.post(url)
    world.lone_runner.refresh_from_db()
    assert world.lone_runner.clinic == world.clinic


def test_unknown_and_expired_invitations_say_so(world, client):
    assert "not valid" in client.get(reverse("accounts:accept_invitation", args=["made-up"])).content.decode()
    invitation = Invitation.objects.create(
        clinic=world.clinic, kind="runner", email="late@runner.test", invited_by=world.therapist
    )
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    invitation.save()
    response = client.get(reverse("accounts:accept_invitation", args=[invitation.token]))
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_cannot_invite_someone_already_in_the_clinic(world, client):
    client.force_login(world.therapist)
    response = client.post(reverse("accounts:runners"), {"full_name": "Sam", "email": "sam@runner.test"})
    assert "already part of your clinic" in response.content.decode()
    assert not Invitation.objects.exists()


def test_password_reset_by_email(world, client):
    client.post(reverse("accounts:password_reset"), {"email": "sam@runner.test"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert login(client, "sam@runner.test", "another-long-passphrase").status_code == 302


def test_profile_rejects_an_unknown_time_zone(world, client):
    client.force_login(world.runner)
    response = client.post(reverse("accounts:profile"), {"full_name": "Sam", "units": "mi", "timezone": "Mars/Olympus"})
    assert "Unknown time zone" in response.content.decode()
    world.runner.refresh_from_db()
    assert world.runner.units == "km"


def test_demo_seed_is_idempotent(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert User.objects.filter(clinic__slug="riverside").count() == 6
    assert User.objects.filter(clinic__slug="riverside", role="runner").exclude(primary_therapist=None).count() == 3


def test_demo_runner_has_six_months_of_runs_and_a_spike_finding(db):
    from django.core.management import call_command

    from stridecare.training.models import Activity, LoadFinding

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    sam = User.objects.get(email="sam@runner.example")
    runs = Activity.objects.filter(runner=sam).order_by("start_utc")
    span_days = (runs.last().start_utc - runs.first().start_utc).days
    assert runs.count() > 50 and span_days > 170
    assert LoadFinding.objects.filter(runner=sam, code="LF-01").exists()
    assert not LoadFinding.objects.filter(runner__email="jo@runner.example", code="LF-01", severity="red").exists()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert Activity.objects.filter(runner=sam).count() == runs.count()


def test_the_signed_in_person_comes_with_their_clinic_in_one_query(world, client):
    from django.contrib.auth import get_user
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, "sam@runner.test", PASSWORD)
    request = type("Request", (), {"session": client.session})()
    assert request.session.keys()  # the session is read first: what is counted is the person
    with CaptureQueriesContext(connection) as queries:
        user = get_user(request)
        assert user.email == "sam@runner.test" and user.clinic.slug  # the clinic was read with the person
    assert len(queries) == 1, [q["sql"] for q in queries]
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not get_user(request).is_authenticated  # a deactivated account is signed out on its next page
