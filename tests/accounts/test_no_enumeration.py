"""Sign-up and invitation forms answer the same whether or not an email has an account: nobody
learns who uses Stridecare (or which clinic a runner belongs to). The account's owner is told by
email instead."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from stridecare.accounts.models import Invitation, User
from tests.conftest import PASSWORD


def signup(client, email):
    data = {"full_name": "Someone", "email": email, "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    return client.post(reverse("accounts:signup"), data, follow=True)


def page_without_tokens(response) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", response.content.decode())


def test_signup_answers_the_same_for_an_existing_and_a_new_email(world):
    existing, new = signup(Client(), "sam@runner.test"), signup(Client(), "new@runner.test")
    assert existing.redirect_chain == new.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert page_without_tokens(existing) == page_without_tokens(new)
    to_sam, to_new = (
        next(m for m in mail.outbox if m.to == [email]) for email in ("sam@runner.test", "new@runner.test")
    )
    assert "already have one" in to_sam.body and "/signup/confirm/" not in to_sam.body
    assert "/signup/confirm/" in to_new.body
    assert Client().post(reverse("login"), {"email": "sam@runner.test", "password": PASSWORD}).status_code == 302


def test_a_new_account_opens_only_through_the_emailed_link(db):
    client = Client()
    signup(client, "new@runner.test")
    assert not User.objects.get(email="new@runner.test").is_active
    assert (
        client.post(reverse("login"), {"email": "new@runner.test", "password": "a-long-passphrase"}).status_code == 200
    )
    link = re.search(r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert User.objects.get(email="new@runner.test").is_active
    assert Client().get(link).status_code == 404  # used once only


def test_a_second_signup_of_a_never_confirmed_account_replaces_its_password(db):
    signup(Client(), "new@runner.test")
    first_link = re.search(r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    Client().post(
        reverse("accounts:signup"),
        {
            "full_name": "Owner",
            "email": "new@runner.test",
            "password1": "owners-passphrase",
            "password2": "owners-passphrase",
        },
    )
    assert Client().get(first_link).status_code == 404  # the earlier sign-up's link no longer opens it
    link = re.search(r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    assert Client().get(link).status_code == 302
    assert User.objects.get(email="new@runner.test").check_password("owners-passphrase")


def invite(client, url, email):
    return client.post(url, {"full_name": "Someone", "email": email}, follow=True)


def test_another_clinics_invite_form_answers_the_same_for_its_runner_and_a_new_email(world, client):
    client.force_login(world.other_therapist)
    url = reverse("accounts:runners")
    taken, free = invite(client, url, "sam@runner.test"), invite(client, url, "zed@runner.test")
    assert taken.redirect_chain == free.redirect_chain == [(url, 302)]
    taken_page = page_without_tokens(taken).replace("sam@runner.test", "EMAIL")
    free_page = page_without_tokens(free).replace("zed@runner.test", "EMAIL")
    assert "Invitation sent to EMAIL" in taken_page and "Invitation sent to EMAIL" in free_page
    assert Invitation.objects.filter(clinic=world.other_clinic).count() == 2  # both listed as pending
    to_sam = next(m for m in mail.outbox if m.to == ["sam@runner.test"])
    assert "cannot accept this invitation" in to_sam.body and "/invite/" not in to_sam.body
    assert "/invite/" in next(m for m in mail.outbox if m.to == ["zed@runner.test"]).body


def test_an_admin_inviting_another_clinics_staff_email_gets_the_same_answer(world, client):
    client.force_login(world.other_admin)
    url = reverse("accounts:staff")
    taken, free = invite(client, url, "priya@riverside.test"), invite(client, url, "nia@hilltop.test")
    assert taken.status_code == free.status_code == 200
    assert "Invitation sent to priya@riverside.test" in taken.content.decode()
    assert "clinic staff account" in next(m for m in mail.outbox if m.to == ["priya@riverside.test"]).body


def test_a_runner_of_another_clinic_cannot_be_moved_by_its_invitation(world, client):
    invitation = Invitation.objects.create(
        clinic=world.other_clinic, kind="runner", email="sam@runner.test", invited_by=world.other_therapist
    )
    client.force_login(world.runner)
    url = reverse("accounts:accept_invitation", args=[invitation.token])
    assert client.get(url).status_code == 410
    assert client.post(url).status_code == 410
    world.runner.refresh_from_db()
    assert world.runner.clinic == world.clinic


def test_the_own_clinics_people_are_still_named(world, client):
    client.force_login(world.therapist)
    response = client.post(reverse("accounts:runners"), {"full_name": "Sam", "email": "sam@runner.test"})
    assert "already part of your clinic" in response.content.decode()
