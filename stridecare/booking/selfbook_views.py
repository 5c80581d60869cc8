"""Self-booking pages: free slots, booking one, moving it, waiting-list offers; a therapist's hours
and a clinic's booking settings. Kept apart from views.py (the request flow) so both stay short."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, clinic_of, public, role_required, visible_visits
from stridecare.accounts.models import Clinic

from . import selfbook
from .actions import BookingError
from .availability import slots_by_day, slots_for
from .forms import BookingSettingsForm, BookSlotForm, TimeOffForm, VisitTypeForm, WaitlistForm, WeeklyHoursForm
from .models import AppointmentRequest, BookableVisitType, BookingSettings, TimeOff, Visit, WaitlistEntry, WeeklyHours

DAYS_PER_PAGE = 7


def _runner(request: HttpRequest):
    return request.user if request.user.is_authenticated and request.user.is_runner else None


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12 else None


def _pk(value) -> int:
    """``value`` as a row id to look up; 0 when it is not one, which no row has (ids start at 1)."""
    return _int(value) or 0


def _page_window(request: HttpRequest, clinic: Clinic):
    """One week of the booking horizon: ?page=0.. ; None past the horizon."""
    page = _int(request.GET.get("page", "0"))
    rules = BookingSettings.for_clinic(clinic)
    if page is None or page * DAYS_PER_PAGE > rules.horizon_days:
        raise Http404("No such page of times.")
    now = timezone.now()
    first = max(now + timedelta(hours=rules.booking_notice_hours), now + timedelta(days=page * DAYS_PER_PAGE))
    last = min(now + timedelta(days=rules.horizon_days), now + timedelta(days=(page + 1) * DAYS_PER_PAGE))
    return page, first, last, (page + 1) * DAYS_PER_PAGE < rules.horizon_days


@public
def book(request: HttpRequest, slug: str) -> HttpResponse:
    """Pick a visit type, then a free time, then confirm (a visitor says who they are)."""
    clinic = get_object_or_404(Clinic, slug=slug)
    user = _runner(request)
    if request.user.is_authenticated and user is None:
        messages.info(request, "Staff accounts cannot book visits for themselves. Log out to use the public page.")
        return redirect("home")
    types = BookableVisitType.objects.filter(clinic=clinic, is_self_bookable=True)
    chosen = types.filter(pk=_pk(request.GET.get("type") or request.POST.get("visit_type"))).first()
    if request.method == "POST" and request.POST.get("action") == "waitlist" and chosen is not None:
        return _join_waitlist(request, clinic, chosen, user)
    if request.method == "POST":
        return _book(request, clinic, types, user)
    start = parse_datetime(request.GET.get("start", "")) if chosen is not None else None
    therapist_id = _int(request.GET.get("therapist"))
    if chosen is not None and start is not None and therapist_id and timezone.is_aware(start):
        form = BookSlotForm(
            user=user,
            visit_type=chosen,
            initial={
                "visit_type": chosen.pk,
                "therapist": therapist_id,
                "start": start.isoformat(),
                "submission_token": secrets.token_urlsafe(24),
            },
        )
        return _confirm_page(request, clinic, chosen, therapist_id, start, form)
    context = {"clinic": clinic, "types": types, "chosen": chosen, "tz": clinic.timezone, "user_runner": user}
    if chosen is not None:
        page, first, last, more = _page_window(request, clinic)
        slots = slots_for(clinic, chosen, not_before=first, not_after=last)
        names = {t.pk: t.full_name for t in clinic.members.filter(pk__in={s.therapist_id for s in slots})}
        context.update(
            days=slots_by_day(slots, clinic.timezone),
            names=names,
            page=page,
            more=more,
            waitlist_form=WaitlistForm(
                initial={"name": getattr(user, "full_name", ""), "email": getattr(user, "email", "")}
            ),
        )
    return render(request, "booking/book.html", context)


def _confirm_page(request, clinic, visit_type, therapist_id, start, form):
    therapist = clinic.members.filter(pk=therapist_id, is_therapist=True).first()
    if therapist is None:
        raise Http404("No such therapist.")
    context = {
        "clinic": clinic,
        "visit_type": visit_type,
        "therapist": therapist,
        "start": start,
        "end": start + timedelta(minutes=visit_type.duration_minutes),
        "form": form,
        "tz": clinic.timezone,
    }
    return render(request, "booking/book_confirm.html", context)


def _book(request, clinic, types, user):
    visit_type = types.filter(pk=_int(request.POST.get("visit_type"))).first()
    form = BookSlotForm(request.POST, user=user, visit_type=visit_type)
    if not form.is_valid() or visit_type is None:
        start = parse_datetime(request.POST.get("start", ""))
        therapist_id = _int(request.POST.get("therapist"))
        if visit_type is None or start is None or therapist_id is None or timezone.is_naive(start):
            messages.error(request, "That time could not be read: please choose it again.")
            return redirect("booking:book", slug=clinic.slug)
        return _confirm_page(request, clinic, visit_type, therapist_id, start, form)
    data = form.cleaned_data
    try:
        visit = selfbook.book_slot(
            visit_type=visit_type,
            therapist_id=data["therapist"],
            start=data["start"],
            submission_token=data["submission_token"],
            runner=user,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            reason=data["reason"],
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
        )
    except BookingError as err:
        messages.error(request, str(err))
        return redirect(f"{reverse('booking:book', args=[clinic.slug])}?type={visit_type.pk}")
    if visit.status == Visit.Status.PENDING:
        messages.success(request, "The time is held for you: the clinic confirms it soon and emails you.")
    else:
        messages.success(request, "Your visit is booked. We emailed you the confirmation.")
    return redirect("booking:status", status_token=_request_of(visit).status_token)


def _join_waitlist(request, clinic, visit_type, user):
    form = WaitlistForm(request.POST)
    if user is None and not form.is_valid():
        messages.error(request, "Give your name and a valid email to join the waiting list.")
    else:
        entry = selfbook.join_waitlist(
            visit_type=visit_type,
            runner=user,
            name=form.cleaned_data.get("name", "") if user is None else "",
            email=form.cleaned_data.get("email", "") if user is None else "",
        )
        messages.success(
            request,
            f"You are on the waiting list for {visit_type.name.lower()}: we email {entry.email} when an earlier time is free.",
        )
    return redirect(f"{reverse('booking:book', args=[clinic.slug])}?type={visit_type.pk}")


def _request_of(visit: Visit) -> AppointmentRequest:
    """The request a visit booked online was filed with (book_slot files one with each)."""
    if visit.request is None:
        raise ValueError(f"visit {visit.pk} was booked online without its request")
    return visit.request


def _held_visit_by_token(status_token: str) -> tuple[Visit, BookableVisitType]:
    req = get_object_or_404(AppointmentRequest, status_token=status_token)
    visit = (
        Visit.objects.filter(request=req, status__in=Visit.HOLDING)
        .select_related("booked_type", "clinic", "therapist", "request")
        .first()
    )
    if visit is None or visit.booked_type is None:
        raise Http404("No visit booked online here.")
    return visit, visit.booked_type


@public
def reschedule(request: HttpRequest, status_token: str) -> HttpResponse:
    """Move a visit booked online to another free time, within the clinic's notice."""
    visit, booked_type = _held_visit_by_token(status_token)
    actor = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        start = parse_datetime(request.POST.get("start", ""))
        therapist_id = _int(request.POST.get("therapist"))
        try:
            if start is None or therapist_id is None or timezone.is_naive(start):
                raise BookingError("That time could not be read: please choose it again.")
            selfbook.reschedule_visit(visit.pk, start=start, therapist_id=therapist_id, actor=actor)
        except BookingError as err:
            messages.error(request, str(err))
            return redirect("booking:reschedule", status_token=status_token)
        messages.success(request, "Your visit has moved. We emailed you the new time.")
        return redirect("booking:status", status_token=status_token)
    page, first, last, more = _page_window(request, visit.clinic)
    slots = slots_for(visit.clinic, booked_type, ignore_visit=visit, not_before=first, not_after=last)
    names = {t.pk: t.full_name for t in visit.clinic.members.filter(pk__in={s.therapist_id for s in slots})}
    context = {
        "visit": visit,
        "req": visit.request,
        "can_change": selfbook.can_change(visit),
        "notice_hours": BookingSettings.for_clinic(visit.clinic).change_notice_hours,
        "days": slots_by_day(slots, visit.clinic.timezone),
        "names": names,
        "page": page,
        "more": more,
        "tz": visit.clinic.timezone,
    }
    return render(request, "booking/reschedule.html", context)


@public
def offer(request: HttpRequest, token: str) -> HttpResponse:
    """A waiting-list offer: take the freed time, or let it go to the next person."""
    entry = get_object_or_404(
        WaitlistEntry.objects.select_related("clinic", "visit_type", "offered_therapist"), token=token
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "take":
                visit = selfbook.take_offer(token, submission_token=f"offer-{entry.token}"[:64])
                messages.success(request, "The time is yours. We emailed you the confirmation.")
                return redirect("booking:status", status_token=_request_of(visit).status_token)
            selfbook.pass_offer_on(entry, now=timezone.now())
            messages.success(request, "Thank you: the time goes to the next person waiting.")
        except BookingError as err:
            messages.error(request, str(err))
        return redirect("booking:offer", token=token)
    is_open = (
        entry.status == WaitlistEntry.Status.OFFERED
        and entry.offer_expires_at
        and entry.offer_expires_at > timezone.now()
    )
    return render(request, "booking/offer.html", {"entry": entry, "is_open": is_open, "tz": entry.clinic.timezone})


@role_required("therapist")
@require_POST
def approve(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(visible_visits(request.user), pk=visit_id)
    try:
        selfbook.approve_visit(visit.pk, actor=request.user)
        messages.success(request, "Visit approved; the runner has been emailed.")
    except BookingError as err:
        messages.error(request, str(err))
    if visit.request_id:
        return redirect("booking:request_detail", request_id=visit.request_id)
    return redirect("booking:calendar")


@role_required("therapist")
def availability(request: AuthedRequest) -> HttpResponse:
    """A therapist's own weekly hours and days off (and the clinic's holidays)."""
    me, clinic = request.user, clinic_of(request.user)
    hours_form, off_form = WeeklyHoursForm(prefix="hours"), TimeOffForm(prefix="off")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add_hours":
            hours_form = WeeklyHoursForm(request.POST, prefix="hours")
            if hours_form.is_valid():
                WeeklyHours.objects.create(clinic=clinic, therapist=me, **hours_form.cleaned_data)
                messages.success(request, "Hours added.")
                return redirect("booking:availability")
        elif action == "add_off":
            off_form = TimeOffForm(request.POST, prefix="off")
            if off_form.is_valid():
                data = off_form.cleaned_data
                TimeOff.objects.create(
                    clinic=clinic,
                    therapist=None if data["whole_clinic"] else me,
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    reason=data["reason"],
                )
                messages.success(request, "Days off added: no one can book them online.")
                return redirect("booking:availability")
        elif action == "delete_hours":
            WeeklyHours.objects.filter(therapist=me, pk=_pk(request.POST.get("id"))).delete()
            return redirect("booking:availability")
        elif action == "delete_off":
            # Their own leave or a clinic holiday; a colleague's leave is theirs to remove.
            TimeOff.objects.filter(Q(therapist=me) | Q(therapist__isnull=True), clinic=clinic).filter(
                pk=_pk(request.POST.get("id"))
            ).delete()
            return redirect("booking:availability")
    context = {
        "hours": WeeklyHours.objects.filter(therapist=me, clinic=clinic),
        "time_off": TimeOff.objects.filter(clinic=clinic, last_day__gte=timezone.localdate()).select_related(
            "therapist"
        ),
        "hours_form": hours_form,
        "off_form": off_form,
        "tz": clinic.timezone,
    }
    return render(request, "booking/availability.html", context)


@role_required("clinic_admin")
def booking_settings(request: AuthedRequest) -> HttpResponse:
    """The clinic's visit types, reminders, notice rules and telehealth link."""
    clinic = clinic_of(request.user)
    current = BookingSettings.for_clinic(clinic)
    settings_form = BookingSettingsForm(instance=current, prefix="s")
    editing = BookableVisitType.objects.filter(
        clinic=clinic, pk=_pk(request.GET.get("type") or request.POST.get("type_id"))
    ).first()
    type_form = VisitTypeForm(instance=editing or BookableVisitType(clinic=clinic), prefix="t")
    if request.method == "POST":
        if request.POST.get("action") == "settings":
            settings_form = BookingSettingsForm(request.POST, instance=current, prefix="s")
            if settings_form.is_valid():
                settings_form.save()
                messages.success(request, "Booking settings saved.")
                return redirect("booking:booking_settings")
        elif request.POST.get("action") == "type":
            type_form = VisitTypeForm(request.POST, instance=editing or BookableVisitType(clinic=clinic), prefix="t")
            if type_form.is_valid():
                type_form.save()
                messages.success(request, "Visit type saved.")
                return redirect("booking:booking_settings")
    context = {
        "settings_form": settings_form,
        "type_form": type_form,
        "editing": editing,
        "types": BookableVisitType.objects.filter(clinic=clinic),
    }
    return render(request, "booking/booking_settings.html", context)
