"""Episodes of care through the web: open from the runner's record (one open at a time), the
records of its window, discharge with a reason, the letters drafted, edited, made final (then
read-only), their PDFs, the runner's own discharge summaries and every outsider's 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from stridecare.audit.models import AuditEntry
from stridecare.care import notes
from stridecare.episodes import actions
from stridecare.episodes.models import Episode, EpisodeError, Letter, LetterLockedError
from tests.programs.test_pdf import _page_strings

TODAY = dt.date(2026, 12, 2)
OPENED = dt.date(2026, 11, 4)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def staff(world, client):
    world.clinic.phone = "020 7946 0000"
    world.clinic.save()
    client.force_login(world.therapist)
    return client


def _open(world, **kw) -> Episode:
    return actions.open_episode(runner=world.runner, therapist=world.therapist, opened_on=OPENED, **kw)


def _outcome(runner, day: dt.date, score: float, measure: str = "lefs"):
    from stridecare.outcomes.models import OutcomeResponse

    return OutcomeResponse.objects.create(
        runner=runner, measure=measure, items=[], completed_on=day, score=score, complete=True, interpretation=""
    )


def _discharged(world) -> Episode:
    episode = _open(world, working_diagnosis="Patellofemoral pain, right.", goals="Run 10 km\nStairs without pain")
    return actions.discharge_episode(episode.pk, closed_on=TODAY, reason="goals_met", note="Back to parkrun.")


def _pdf_words(content: bytes) -> str:
    return " ".join(_page_strings(content))


def test_a_therapist_opens_an_episode_from_the_runners_record(world, staff):
    record = staff.get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
    assert reverse("episodes:episode_new", args=[world.runner.pk]) in record
    response = staff.post(
        reverse("episodes:episode_new", args=[world.runner.pk]),
        {
            "opened_on": "2026-11-04",
            "working_diagnosis": "Achilles tendon pain",
            "goals": "Run 5 km\n\nHop",
            "plan": "",
        },
    )
    episode = Episode.objects.get(runner=world.runner)
    assert response["Location"] == reverse("episodes:episode", args=[episode.pk])
    assert (episode.clinic_id, episode.therapist_id, episode.goal_list()) == (
        world.clinic.pk,
        world.therapist.pk,
        ["Run 5 km", "Hop"],
    )
    page = staff.get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
    assert reverse("episodes:episode", args=[episode.pk]) in page


def test_a_second_open_episode_is_refused_with_a_clear_message(world, staff):
    _open(world)
    response = staff.post(reverse("episodes:episode_new", args=[world.runner.pk]), {"opened_on": "2026-11-20"})
    assert response.status_code == 200
    assert "Sam Rivera already has an open episode at this clinic" in response.content.decode()
    assert Episode.objects.filter(runner=world.runner).count() == 1


def test_the_database_itself_refuses_a_second_open_episode(world):
    _open(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(runner=world.runner, clinic=world.clinic, therapist=world.therapist, opened_on=TODAY)


def test_after_discharge_a_new_episode_may_open(world):
    _discharged(world)
    assert actions.open_episode(runner=world.runner, therapist=world.therapist, opened_on=TODAY).is_open


def test_the_episode_page_shows_outcome_scores_and_visits_inside_its_window_only(world, staff, tomorrow_10am):
    episode = _open(world)
    _outcome(world.runner, dt.date(2026, 11, 5), 41)
    _outcome(world.runner, dt.date(2026, 10, 1), 17)  # before the episode
    page = staff.get(reverse("episodes:episode", args=[episode.pk])).content.decode()
    assert "LEFS 41" in page and "LEFS 17" not in page
    assert "decision support, not a diagnosis" in page


def test_discharge_needs_a_reason_and_a_note_for_other_and_a_day_after_opening(world, staff):
    episode = _open(world)
    url = reverse("episodes:discharge", args=[episode.pk])
    other = staff.post(url, {"closed_on": "2026-12-01", "reason": "other", "note": ""}).content.decode()
    assert "Say in the note why care ended" in other
    early = staff.post(url, {"closed_on": "2026-11-01", "reason": "goals_met"}).content.decode()
    assert "cannot be before the episode opened (4 November 2026)" in early
    assert Episode.objects.get(pk=episode.pk).is_open
    staff.post(url, {"closed_on": "2026-12-01", "reason": "referred_on"})
    episode.refresh_from_db()
    assert (episode.closed_on, episode.discharge_reason) == (dt.date(2026, 12, 1), "referred_on")
    with pytest.raises(EpisodeError, match="already discharged on 1 December 2026"):
        actions.discharge_episode(episode.pk, closed_on=TODAY, reason="goals_met")


def test_the_discharge_summary_is_drafted_from_the_records_edited_made_final_and_then_read_only(world, staff):
    episode = _discharged(world)
    note = notes.create_note(runner=world.runner, author=world.therapist, kind="follow_up", content={})
    notes.add_treatment(
        note.pk, author=world.therapist, technique="kinesiology_taping", body_area="knee", side="L", minutes=10
    )
    notes.sign_note(note.pk, signer=world.therapist)
    _outcome(world.runner, dt.date(2026, 11, 4), 40)
    _outcome(world.runner, dt.date(2026, 12, 1), 60)

    response = staff.post(reverse("episodes:letter_new", args=[episode.pk]), {"kind": "discharge"})
    letter = Letter.objects.get(episode=episode)
    assert response["Location"] == reverse("episodes:letter", args=[letter.pk])
    assert "Kinesiology taping once (10 minutes)" in letter.text
    assert (
        "Lower Extremity Functional Scale: 40 on 4 November 2026, 60 on 1 December 2026: 20 points better"
        in letter.text
    )
    assert "Reason for discharge: Goals met. Back to parkrun." in letter.text

    edited = letter.text + "\n\nSam ran 10 km on Sunday without pain."
    staff.post(reverse("episodes:letter", args=[letter.pk]), {"text": edited})
    letter.refresh_from_db()
    assert letter.text.endswith("without pain.") and not letter.is_final

    unticked = staff.post(reverse("episodes:letter_finalise", args=[letter.pk]), {}).content.decode()
    assert "Tick the box to confirm" in unticked
    staff.post(reverse("episodes:letter_finalise", args=[letter.pk]), {"confirm": "on"})
    letter.refresh_from_db()
    assert letter.is_final and letter.finalised_by_id == world.therapist.pk
    assert AuditEntry.objects.filter(action="sign", record_id=letter.pk, runner_id=world.runner.pk).exists()

    staff.post(reverse("episodes:letter", args=[letter.pk]), {"text": "Changed afterwards."})
    letter.refresh_from_db()
    assert "Changed afterwards." not in letter.text
    page = staff.get(reverse("episodes:letter", args=[letter.pk])).content.decode()
    assert "A final letter cannot be changed." in page and "<textarea" not in page


def test_a_final_letter_refuses_a_save_an_update_and_a_delete(world):
    episode = _discharged(world)
    letter = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    actions.finalise_letter(letter.pk, by=world.therapist)
    letter.refresh_from_db()
    letter.text = "rewritten"
    with pytest.raises(LetterLockedError):
        letter.save()
    with pytest.raises(LetterLockedError):
        Letter.objects.filter(pk=letter.pk).update(text="rewritten")
    with pytest.raises(LetterLockedError):
        letter.delete()
    with pytest.raises(LetterLockedError):
        actions.edit_letter(letter.pk, text="rewritten")


def test_only_the_author_finalises(world):
    letter = actions.draft_letter(_discharged(world).pk, author=world.therapist, kind="discharge")
    with pytest.raises(EpisodeError, match="Only the author, Priya Shah"):
        actions.finalise_letter(letter.pk, by=world.therapist2)


def test_a_discharge_summary_waits_for_the_discharge(world):
    with pytest.raises(EpisodeError, match="Discharge the episode before"):
        actions.draft_letter(_open(world).pk, author=world.therapist, kind="discharge")


def test_a_referral_letter_names_the_physician_and_needs_the_reason(world, staff):
    episode = _open(world)
    url = reverse("episodes:letter_new", args=[episode.pk])
    missing = staff.post(url, {"kind": "referral", "recipient_name": "Dr Ana Lopez", "reason": ""})
    assert missing.status_code == 200 and not Letter.objects.exists()
    staff.post(
        url,
        {
            "kind": "referral",
            "recipient_name": "Dr Ana Lopez",
            "recipient_address": "2 High St",
            "reason": "Night pain.",
        },
    )
    letter = Letter.objects.get(kind="referral")
    assert letter.text.startswith("Dear Dr Ana Lopez,") and "Reason for referral: Night pain." in letter.text


def test_the_pdf_carries_the_letterhead_the_text_and_the_signature_line(world, staff):
    letter = actions.draft_letter(_discharged(world).pk, author=world.therapist, kind="discharge")
    draft = staff.get(reverse("episodes:letter_pdf", args=[letter.pk]))
    assert draft["Content-Type"] == "application/pdf" and "DRAFT" in _pdf_words(draft.content)
    actions.finalise_letter(letter.pk, by=world.therapist)
    words = _pdf_words(staff.get(reverse("episodes:letter_pdf", args=[letter.pk])).content)
    for piece in (
        "Riverside Running Clinic",
        "1 Towpath Lane - Phone 020 7946 0000",
        "Discharge summary: Sam Rivera",
        "Priya Shah",
        "Physical therapist, Riverside Running Clinic",
        "Final on 2 December 2026",
        "Reason for discharge: Goals met. Back to parkrun.",
    ):
        assert piece in words, piece
    assert "DRAFT" not in words


def test_the_runner_reads_their_final_discharge_summary_only(world, client):
    episode = _discharged(world)
    draft = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    final = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    actions.finalise_letter(final.pk, by=world.therapist)
    from stridecare.core.letters import Recipient

    referral = actions.draft_letter(
        episode.pk, author=world.therapist, kind="referral", recipient=Recipient("Dr Lopez", "", "Night pain.")
    )
    actions.finalise_letter(referral.pk, by=world.therapist)
    client.force_login(world.runner)
    page = client.get(reverse("episodes:my_letters")).content.decode()
    assert reverse("episodes:my_letter_pdf", args=[final.pk]) in page
    assert reverse("episodes:my_letter_pdf", args=[draft.pk]) not in page
    assert client.get(reverse("episodes:my_letter_pdf", args=[final.pk])).status_code == 200
    assert client.get(reverse("episodes:my_letter_pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("episodes:my_letter_pdf", args=[referral.pk])).status_code == 404
    client.force_login(world.clinic_mate)
    assert client.get(reverse("episodes:my_letter_pdf", args=[final.pk])).status_code == 404


@pytest.mark.parametrize("who", ["other_therapist", "other_admin", "admin", "clinic_mate", "other_runner"])
def test_outsiders_get_404_on_the_episode_its_letters_and_their_pdf(world, client, who):
    episode = _discharged(world)
    letter = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    client.force_login(getattr(world, who))
    for url in (
        reverse("episodes:episode", args=[episode.pk]),
        reverse("episodes:letter", args=[letter.pk]),
        reverse("episodes:letter_pdf", args=[letter.pk]),
        reverse("episodes:episode_new", args=[world.runner.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("episodes:letter_finalise", args=[letter.pk]), {"confirm": "on"}).status_code == 404
    assert not Letter.objects.get(pk=letter.pk).is_final
