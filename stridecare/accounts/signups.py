"""Runners signing up alone. The page answers the same whether or not the email has an account
(no one learns who uses Stridecare): a new address gets a link that activates its account, an
address that has one gets an email saying so, with links to log in and to reset the password."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler, send_once

from .models import User


def sign_up(email: str, full_name: str, password: str) -> None:
    """Start a sign-up. A new address gets an inactive account and its activation link. An account
    never activated belongs to whoever opens the link, so a new sign-up replaces its name and
    password (the old link stops working). An active account is left as it is and told by email."""
    email = email.strip().lower()
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email=email).first()
        if existing is not None and existing.is_active:
            make_password(password)  # the same work as a new account, so the answer takes as long
            enqueue_job("signup_email", {"user_id": existing.pk, "kind": "exists"})
            return
        if existing is None:
            user = User.objects.create_user(email, password, full_name=full_name, is_active=False)
        else:
            user = existing
            user.full_name = full_name
            user.set_password(password)
            user.save(update_fields=["full_name", "password"])
        enqueue_job("signup_email", {"user_id": user.pk, "kind": "activate"})


def activate(uidb64: str, token: str) -> User | None:
    """The account the activation link names, now active; None for a wrong or used link."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk, is_active=False, last_login__isnull=True).first()
        if user is None or not default_token_generator.check_token(user, token):
            return None
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@job_handler("signup_email", doing="sending this sign-up email")
def send_signup_email(job, report) -> dict:
    user = User.objects.filter(pk=job.payload["user_id"]).first()
    if user is None:
        raise PermanentJobError("the account no longer exists")
    if job.payload["kind"] == "activate":
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = settings.SITE_URL + reverse(
            "accounts:signup_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)}
        )
        subject, template = "Confirm your Stridecare account", "accounts/signup_activate_email.txt"
    else:
        link = settings.SITE_URL + reverse("login")
        subject, template = "You already have a Stridecare account", "accounts/signup_exists_email.txt"
    context = {"user": user, "link": link, "reset_link": settings.SITE_URL + reverse("accounts:password_reset")}
    body = render_to_string(template, context)
    sent = send_once(job, lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": user.email}
