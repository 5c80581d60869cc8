"""Second factor (django-otp): an authenticator app (TOTP) plus single-use recovery codes.

Therapists and clinic admins must set one up, and pass it after each password login, before any
clinic page opens (``TwoFactorRequiredMiddleware``); runners may turn it on, and then it is asked
of them too. A clinic admin can remove a colleague's second factor (``reset_second_factor``): the
colleague sets a new one up at their next page, and a ``TwoFactorReset`` row says who did it."""

from __future__ import annotations

import base64
import logging
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TwoFactorReset, User

log = logging.getLogger(__name__)

# Pages a person who still owes their second factor may open: the set-up and check pages, logging
# out, the crisis numbers and the evidence page.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "logout",
    "login",
    "inbox:help_now",
    "evidence",
}


def is_required(user: User | AnonymousUser) -> bool:
    """Staff always (unless STAFF_TWO_FACTOR is off); anyone who set one up, too."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if not user.is_runner and settings.STAFF_TWO_FACTOR:
        return True
    return user.has_second_factor


def note_devices(sender, instance, **kwargs) -> None:
    """After any save or removal of a TOTP or static device: the user's ``has_second_factor`` says
    whether a confirmed one remains (connected in AccountsConfig.ready, so every path counts)."""
    user_id = instance.user_id
    has_any = (
        TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()
        or StaticDevice.objects.filter(user_id=user_id, confirmed=True).exists()
    )
    User.objects.filter(pk=user_id).exclude(has_second_factor=has_any).update(has_second_factor=has_any)


def needs_check(request) -> bool:
    user = request.user
    return is_required(user) and not user.is_verified()


class TwoFactorRequiredMiddleware:
    """Sends a person who owes their second factor to set it up (first time) or enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else None
        if not needs_check(request):
            return None
        request.second_factor_pending = True  # base.html shows no clinic links until it is passed
        if name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        target = "accounts:two_factor_verify" if request.user.has_second_factor else "accounts:two_factor_setup"
        from django.urls import reverse

        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up (unconfirmed until its first code), made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code drawn by the app (no outside service sees the key)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff", border=2)


def confirm_device(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Check the first code from the app; when it matches, the device counts, the session is verified
    and fresh recovery codes are returned (shown once). None when the code does not match."""
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes with ``settings.RECOVERY_CODES`` new single-use ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def wait_s(user: User) -> int:
    """Seconds before the person's authenticator accepts another code after wrong ones (django-otp
    doubles the wait after each wrong code); 0 when a code may be tried now."""
    from django.utils import timezone

    for device in TOTPDevice.objects.filter(user=user):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            return max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
    return 0


def verify(request, token: str) -> str | None:
    """Check a code from the app or a recovery code; mark the session verified. Returns which kind
    matched ("app" or "recovery") or None. django-otp throttles repeated wrong codes per device."""
    token = "".join(token.split()).lower()
    user = request.user
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if token.isdigit() and device.verify_token(token):
            otp_login(request, device)
            return "app"
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return "recovery"
    return None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_second_factor(user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def reset_second_factor(user: User, reset_by: User | None, via: str, ip_address: str | None = None) -> TwoFactorReset:
    """Remove ``user``'s authenticator and recovery codes (they set a new one up next time), and
    record who did it. Their sessions verified with the removed devices stop counting as verified."""
    with transaction.atomic():
        remove_second_factor(user)
        row = TwoFactorReset.objects.create(user=user, reset_by=reset_by, via=via, ip_address=ip_address)
    log.warning(
        "second factor of user %s reset by %s via %s from %s",
        user.pk,
        reset_by.pk if reset_by else "-",
        via,
        ip_address or "-",
    )
    return row
