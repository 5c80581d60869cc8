"""Episodes of care for the therapist (open, read with the records of its window, discharge, write
and finalise letters, PDFs) and the runner's final discharge summaries.

The runner reads their discharge summary once it is final; referral letters are written to a
physician, so the runner's pages do not list them (their data export holds every letter)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from stridecare.accounts.access import AuthedRequest, get_runner_or_404, role_required, visible_runners
from stridecare.accounts.models import User
from stridecare.audit.trail import record
from stridecare.core.letters import Recipient
from stridecare.training.weeks import runner_today

from . import actions
from .forms import DischargeForm, EpisodeForm, FinaliseForm, LetterForm, ReferralForm
from .models import Episode, EpisodeError, Letter
from .pdf import letter_pdf


def _episode_or_404(user: User, episode_id: int) -> Episode:
    episodes = Episode.objects.select_related("runner", "therapist", "clinic", "intake")
    return get_object_or_404(episodes, pk=episode_id, clinic_id=user.clinic_id, runner__in=visible_runners(user))


def _letter_or_404(user: User, letter_id: int) -> Letter:
    letters = Letter.objects.select_related("episode__runner", "episode__clinic", "author", "finalised_by")
    return get_object_or_404(
        letters, pk=letter_id, episode__clinic_id=user.clinic_id, episode__runner__in=visible_runners(user)
    )


@role_required("therapist")
def episode_new(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    form = EpisodeForm(
        runner, request.user.clinic_id, request.POST or None, initial={"opened_on": runner_today(runner)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            episode = actions.open_episode(runner=runner, therapist=request.user, **form.cleaned_data)
            record(request, "create", runner, episode)
            messages.success(request, "Episode opened.")
            return redirect("episodes:episode", episode_id=episode.pk)
        except EpisodeError as err:
            form.add_error(None, str(err))
    record(request, "read", runner, record_type="episode form")
    return render(request, "episodes/episode_form.html", {"runner": runner, "form": form})


def _render_episode(request: HttpRequest, episode: Episode, **forms) -> HttpResponse:
    context = {
        "episode": episode,
        "runner": episode.runner,
        "window_end": episode.window_end(runner_today(episode.runner)),
        "letters": episode.letters.select_related("author"),
        "discharge_form": forms.get("discharge_form")
        or (DischargeForm(initial={"closed_on": runner_today(episode.runner)}) if episode.is_open else None),
        "referral_form": forms.get("referral_form") or ReferralForm(),
        **actions.episode_records(episode),
    }
    record(request, "read", episode.runner, episode)
    return render(request, "episodes/episode.html", context)


@role_required("therapist")
def episode_detail(request: AuthedRequest, episode_id: int) -> HttpResponse:
    return _render_episode(request, _episode_or_404(request.user, episode_id))


@role_required("therapist")
def episode_discharge(request: AuthedRequest, episode_id: int) -> HttpResponse:
    episode = _episode_or_404(request.user, episode_id)
    if request.method != "POST":
        return redirect("episodes:episode", episode_id=episode.pk)
    form = DischargeForm(request.POST)
    if form.is_valid():
        try:
            d = form.cleaned_data
            actions.discharge_episode(episode.pk, closed_on=d["closed_on"], reason=d["reason"], note=d["note"])
            record(request, "change", episode.runner, episode)
            messages.success(request, "Discharged. Write the discharge summary below.")
            return redirect("episodes:episode", episode_id=episode.pk)
        except EpisodeError as err:
            form.add_error(None, str(err))
    return _render_episode(request, episode, discharge_form=form)


@role_required("therapist")
def letter_new(request: AuthedRequest, episode_id: int) -> HttpResponse:
    """POST kind=discharge, or kind=referral with the physician and the reason: a draft to edit."""
    episode = _episode_or_404(request.user, episode_id)
    if request.method != "POST":
        return redirect("episodes:episode", episode_id=episode.pk)
    kind, recipient, form = request.POST.get("kind", ""), None, None
    if kind == Letter.Kind.REFERRAL:
        form = ReferralForm(request.POST)
        if not form.is_valid():
            return _render_episode(request, episode, referral_form=form)
        d = form.cleaned_data
        recipient = Recipient(d["recipient_name"], d["recipient_address"], d["reason"])
    try:
        letter = actions.draft_letter(episode.pk, author=request.user, kind=kind, recipient=recipient)
    except EpisodeError as err:
        messages.error(request, str(err))
        return redirect("episodes:episode", episode_id=episode.pk)
    record(request, "create", episode.runner, letter)
    return redirect("episodes:letter", letter_id=letter.pk)


def _render_letter(request: HttpRequest, letter: Letter, **forms) -> HttpResponse:
    initial = {
        "text": letter.text,
        "recipient_name": letter.recipient_name,
        "recipient_address": letter.recipient_address,
    }
    context = {
        "letter": letter,
        "episode": letter.episode,
        "runner": letter.episode.runner,
        "form": None if letter.is_final else forms.get("form") or LetterForm(initial=initial),
        "finalise_form": None if letter.is_final else forms.get("finalise_form") or FinaliseForm(),
    }
    record(request, "read", letter.episode.runner, letter)
    return render(request, "episodes/letter.html", context)


@role_required("therapist")
def letter_detail(request: AuthedRequest, letter_id: int) -> HttpResponse:
    """The draft's editor (POST saves the text), or the final letter read-only."""
    letter = _letter_or_404(request.user, letter_id)
    if request.method != "POST":
        return _render_letter(request, letter)
    form = LetterForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_letter(letter.pk, **form.cleaned_data)
            record(request, "change", letter.episode.runner, letter)
            messages.success(request, "Letter saved.")
            return redirect("episodes:letter", letter_id=letter.pk)
        except EpisodeError as err:
            form.add_error(None, str(err))
    return _render_letter(request, letter, form=form)


@role_required("therapist")
def letter_finalise(request: AuthedRequest, letter_id: int) -> HttpResponse:
    letter = _letter_or_404(request.user, letter_id)
    if request.method != "POST":
        return redirect("episodes:letter", letter_id=letter.pk)
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        return _render_letter(request, letter, finalise_form=form)
    try:
        actions.finalise_letter(letter.pk, by=request.user)
        record(request, "sign", letter.episode.runner, letter)
        messages.success(request, "The letter is final and read-only.")
    except EpisodeError as err:
        messages.error(request, str(err))
    return redirect("episodes:letter", letter_id=letter.pk)


def _pdf_response(letter: Letter) -> HttpResponse:
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    name = f"{letter.kind}-{letter.episode.runner_id}-{letter.pk}{'' if letter.is_final else '-draft'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required("therapist")
def letter_pdf_view(request: AuthedRequest, letter_id: int) -> HttpResponse:
    letter = _letter_or_404(request.user, letter_id)
    record(request, "read", letter.episode.runner, letter)
    return _pdf_response(letter)


def _my_letters(user: User):
    return Letter.objects.filter(
        episode__runner=user, kind=Letter.Kind.DISCHARGE, finalised_at__isnull=False
    ).select_related("episode__clinic", "author")


@role_required("runner")
def my_letters(request: AuthedRequest) -> HttpResponse:
    return render(request, "episodes/my_letters.html", {"letters": _my_letters(request.user)})


@role_required("runner")
def my_letter_pdf(request: AuthedRequest, letter_id: int) -> HttpResponse:
    return _pdf_response(get_object_or_404(_my_letters(request.user), pk=letter_id))
