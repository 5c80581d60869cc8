"""Invitations: a clinic admin invites therapists, a therapist invites runners."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler, send_once

from .models import Clinic, Invitation, User


def invite(clinic: Clinic, kind: str, email: str, full_name: str, invited_by: User) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.create(
            clinic=clinic, kind=kind, email=email, full_name=full_name, invited_by=invited_by
        )
        enqueue_job("invitation_email", {"invitation_id": invitation.pk})
    return invitation


class InvitationError(Exception):
    """An invitation that cannot be accepted (any more); the message says what to do instead."""


ALREADY_USED = "This invitation has already been used. Log in with your email and password."


def accept_new(invitation: Invitation, full_name: str, password: str) -> User:
    """Create the invited person's account. Two accepts at once (a double click, two tabs) give one
    account: the second waits for the first's lock and gets InvitationError."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.accepted_at is not None:
                raise InvitationError(ALREADY_USED)
            is_therapist = invitation.kind == Invitation.Kind.THERAPIST
            user = User.objects.create_user(
                invitation.email,
                password,
                full_name=full_name,
                clinic=invitation.clinic,
                role=User.Role.STAFF if is_therapist else User.Role.RUNNER,
                is_therapist=is_therapist,
                primary_therapist=None if is_therapist else _therapist_or_none(invitation.invited_by),
                timezone=invitation.clinic.timezone,
            )
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
    except IntegrityError:  # an account with this email was made meanwhile (another invitation, a sign-up)
        raise InvitationError(
            "An account with this email address already exists. Log in with it to accept the invitation."
        ) from None
    return user


def can_join(invitation: Invitation, user: User) -> bool:
    """Only a runner without a clinic joins through an invitation (a runner invitation)."""
    return invitation.kind == Invitation.Kind.RUNNER and user.is_runner and user.clinic_id is None


def cannot_join_reason(invitation: Invitation, user: User) -> str:
    if not user.is_runner:
        return "it is a clinic staff account."
    if invitation.kind != Invitation.Kind.RUNNER:
        return "a staff invitation needs a new account, and this address has a runner's account."
    return "it belongs to a runner of another clinic."


def accept_existing(invitation: Invitation, user: User) -> User:
    """A runner who signed up alone joins the inviting clinic."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError(ALREADY_USED)
        user = User.objects.select_for_update().get(pk=user.pk)
        if not can_join(invitation, user):
            raise InvitationError(
                f"This invitation cannot be used with your account: {cannot_join_reason(invitation, user)}"
            )
        user.clinic = invitation.clinic
        user.primary_therapist = _therapist_or_none(invitation.invited_by)
        user.save(update_fields=["clinic", "primary_therapist"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return user


def _therapist_or_none(user: User) -> User | None:
    return user if user.is_therapist else None


@job_handler("invitation_email", doing="sending this invitation")
def send_invitation_email(job, report) -> dict:
    invitation = (
        Invitation.objects.select_related("clinic", "invited_by").filter(pk=job.payload["invitation_id"]).first()
    )
    if invitation is None:
        raise PermanentJobError("the invitation no longer exists")
    account = User.objects.filter(email=invitation.email).first()
    subject = f"{invitation.invited_by.full_name} invites you to {invitation.clinic.name} on Stridecare"
    if account is not None and not can_join(invitation, account):
        # the inviter was told "sent" either way; the account's owner learns why it cannot join
        context = {"invitation": invitation, "account": account, "reason": cannot_join_reason(invitation, account)}
        body = render_to_string("accounts/invitation_declined_email.txt", context)
    else:
        link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[invitation.token])
        body = render_to_string("accounts/invitation_email.txt", {"invitation": invitation, "link": link})
    sent = send_once(job, lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": invitation.email}
