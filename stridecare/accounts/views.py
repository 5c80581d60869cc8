from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridecare.audit.trail import record

from . import invitations, lockout, ratelimit, signups
from . import two_factor as two_factor_actions
from .access import AuthedRequest, clinic_of, clinic_staff, public, role_required, visible_runners
from .forms import (
    AcceptInvitationForm,
    ClinicSettingsForm,
    InviteForm,
    LoginForm,
    ProfileForm,
    SignupForm,
    TwoFactorCodeForm,
)
from .models import Invitation, User


@public
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("home")
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@public
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether or not the email has an account: see signups.py."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.check_form(request, "signup", email=form.cleaned_data["email"])
        signups.sign_up(form.cleaned_data["email"], form.cleaned_data["full_name"], form.cleaned_data["password1"])
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@public
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@public
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = signups.activate(uidb64, token)
    if user is None:
        reason = "This confirmation link is not valid or was already used. Log in, or sign up again for a new link."
        return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=404)
    login(request, user, backend="stridecare.accounts.backends.EmailBackend")
    messages.success(request, "Welcome to Stridecare. Your account is ready.")
    return redirect("home")


@public
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("clinic").filter(token=token).first()
    if invitation is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {
                "reason": "This invitation link is not valid. Check that you copied the whole link, or ask the clinic for a new one."
            },
            status=404,
        )
    if invitation.accepted_at:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": "This invitation has already been used. Log in with your email and password."},
            status=410,
        )
    if invitation.is_expired:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {
                "reason": f"This invitation expired on {invitation.expires_at:%d %b %Y}. Ask {invitation.clinic.name} to send a new one."
            },
            status=410,
        )
    existing = User.objects.filter(email=invitation.email).first()
    if existing:
        return _join_with_existing_account(request, invitation, existing)
    form = AcceptInvitationForm(invitation, request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_new(invitation, form.cleaned_data["full_name"], form.cleaned_data["password1"])
        except invitations.InvitationError as err:  # accepted meanwhile, from another tab or a double click
            return render(request, "accounts/invitation_invalid.html", {"reason": str(err)}, status=410)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, f"Welcome to {invitation.clinic.name}.")
        return redirect("home")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


def _join_with_existing_account(request: HttpRequest, invitation: Invitation, existing: User) -> HttpResponse:
    """A runner who signed up alone joins the clinic that invited them, after logging in."""
    if request.user == existing and not invitations.can_join(invitation, existing):
        return render(
            request,
            "accounts/invitation_invalid.html",
            {
                "reason": f"This invitation cannot be used with your account: {invitations.cannot_join_reason(invitation, existing)}"
            },
            status=410,
        )
    if request.user != existing:
        messages.info(request, "You already have an account: log in with it to accept the invitation.")
        return redirect(f"{reverse('login')}?next={request.path}")
    if request.method == "POST":
        try:
            invitations.accept_existing(invitation, existing)
        except invitations.InvitationError as err:
            return render(request, "accounts/invitation_invalid.html", {"reason": str(err)}, status=410)
        messages.success(request, f"You joined {invitation.clinic.name}.")
        return redirect("home")
    return render(request, "accounts/join_clinic.html", {"invitation": invitation})


@role_required("member")
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.user.is_runner and {"units", "timezone"} & set(form.changed_data):
            from stridecare.training.imports import schedule_refresh

            schedule_refresh(request.user)  # finding texts use the unit; weeks use the time zone
        messages.success(request, "Saved.")
        return redirect("accounts:profile")
    feed_url = settings.SITE_URL + reverse("booking:feed", args=[request.user.calendar_token])
    return render(request, "accounts/profile.html", {"form": form, "feed_url": feed_url})


@role_required("member")
@require_POST
def reset_calendar_token(request: AuthedRequest) -> HttpResponse:
    from .models import new_token

    request.user.calendar_token = new_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, "Your calendar link was replaced; the old one no longer works.")
    return redirect("accounts:profile")


@role_required("clinic_admin")
def staff(request: AuthedRequest) -> HttpResponse:
    clinic = clinic_of(request.user)
    form = InviteForm(clinic, Invitation.Kind.THERAPIST, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.check_form(request, "invitation", email=form.cleaned_data["email"])
        invitations.invite(
            clinic, Invitation.Kind.THERAPIST, form.cleaned_data["email"], form.cleaned_data["full_name"], request.user
        )
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("accounts:staff")
    context = {
        "form": form,
        "staff": clinic_staff(request.user),
        "pending": clinic.invitations.filter(kind="therapist", accepted_at__isnull=True),
    }
    return render(request, "accounts/staff.html", context)


@role_required("clinic_admin")
def clinic_settings(request: AuthedRequest) -> HttpResponse:
    form = ClinicSettingsForm(request.POST or None, instance=request.user.clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Clinic settings saved.")
        return redirect("accounts:clinic_settings")
    return render(request, "accounts/clinic_settings.html", {"form": form})


@role_required("therapist")
def runners(request: AuthedRequest) -> HttpResponse:
    from stridecare.inbox import caseload

    clinic = clinic_of(request.user)
    form = InviteForm(clinic, Invitation.Kind.RUNNER, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.check_form(request, "invitation", email=form.cleaned_data["email"])
        invitations.invite(
            clinic, Invitation.Kind.RUNNER, form.cleaned_data["email"], form.cleaned_data["full_name"], request.user
        )
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("accounts:runners")
    urgent: dict[int, int] = {}
    for item in caseload.urgent(request.user):
        urgent[item.runner.pk] = urgent.get(item.runner.pk, 0) + 1
    rows = [(r, urgent.get(r.pk, 0)) for r in visible_runners(request.user).select_related("primary_therapist")]
    context = {
        "form": form,
        "rows": rows,
        "pending": clinic.invitations.filter(kind="runner", accepted_at__isnull=True),
    }
    return render(request, "accounts/runners.html", context)


@role_required("therapist")
def runner_detail(request: AuthedRequest, runner_id: int) -> HttpResponse:
    from .access import get_runner_or_404
    from .runner_record import runner_record

    runner = get_runner_or_404(request.user, runner_id)
    record(request, "read", runner, record_type="runner record")
    return render(
        request, "accounts/runner_detail.html", {**runner_record(request.user, runner), "next": request.get_full_path()}
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        ratelimit.check_form(self.request, "password_reset", email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.clear_failures(form.user.email)  # the new password ends any lock-out, from every address
        return response


password_reset = public(PasswordResetView.as_view())
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


def _safe_next(request: HttpRequest, default: str = "home") -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and not next_url.startswith("//"):
        return next_url
    return reverse(default)


@role_required("member")
def two_factor(request: AuthedRequest) -> HttpResponse:
    """The person's second factor: whether it is on, recovery codes left, new codes, turning it off
    (runners only: staff must keep one)."""
    user = request.user
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if request.method == "POST" and has_app:
        if request.POST.get("action") == "new_codes":
            return render(
                request, "accounts/recovery_codes.html", {"codes": two_factor_actions.new_recovery_codes(user)}
            )
        if request.POST.get("action") == "turn_off" and user.is_runner:
            two_factor_actions.remove_second_factor(user)
            messages.success(request, "Two-step login is off. Your password alone opens your account.")
            return redirect("accounts:two_factor")
    context = {
        "has_app": has_app,
        "codes_left": two_factor_actions.recovery_codes_left(user),
        "required": not user.is_runner and settings.STAFF_TWO_FACTOR,
    }
    return render(request, "accounts/two_factor.html", context)


@role_required("member")
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Scan the QR code (or type the key) into an authenticator app, then enter its first code.
    A person who already has an app must pass it first: a stolen password cannot replace it."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
    device = two_factor_actions.pending_device(user)
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["code"].help_text = "The 6 digits your authenticator app shows for Stridecare."
    if request.method == "POST" and form.is_valid():
        codes = two_factor_actions.confirm_device(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)})
        form.add_error("code", _code_error(user, "Check the time on your phone and enter the newest code."))
    context = {
        "form": form,
        "qr_svg": two_factor_actions.qr_svg(device),
        "secret": two_factor_actions.secret_base32(device),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@role_required("member")
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """After the password: a code from the authenticator app or one recovery code."""
    if not two_factor_actions.needs_check(request):
        return redirect(_safe_next(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = two_factor_actions.verify(request, form.cleaned_data["code"])
        if kind == "recovery":
            left = two_factor_actions.recovery_codes_left(request.user)
            messages.warning(request, f"Recovery code used: {left} left. Make new ones on your two-step login page.")
        if kind:
            return redirect(_safe_next(request))
        form.add_error("code", _code_error(request.user, "Enter the newest code from your app, or a recovery code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")})


def _code_error(user: User, hint: str) -> str:
    wait = two_factor_actions.wait_s(user)
    if wait:
        return f"That code does not match. After a wrong code, wait {wait} second{'s' if wait > 1 else ''} before the next one."
    return f"That code does not match. {hint}"


@role_required("clinic_admin")
@require_POST
def staff_reset_two_factor(request: AuthedRequest, staff_id: int) -> HttpResponse:
    """Remove a colleague's lost second factor; they set a new one up when they next log in."""
    from django.shortcuts import get_object_or_404

    from .ratelimit import client_ip

    colleague = get_object_or_404(clinic_staff(request.user).exclude(pk=request.user.pk), pk=staff_id)
    two_factor_actions.reset_second_factor(colleague, request.user, "web", client_ip(request))
    messages.success(request, f"{colleague.full_name} sets up a new authenticator app at their next login.")
    return redirect("accounts:staff")
