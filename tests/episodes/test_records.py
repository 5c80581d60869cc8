"""Episodes and letters in the runner's export (rows and the final letters as PDF) and through
erasure: a final letter and its episode stay with the legal reason, drafts and open episodes go."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from stridecare.episodes import actions
from stridecare.episodes.models import Episode, Letter
from stridecare.mydata import erasure, schema
from stridecare.mydata.export import request_export, write_export
from stridecare.mydata.models import RetainedRecord


def _episode_with_letters(world):
    episode = actions.open_episode(runner=world.runner, therapist=world.therapist, opened_on=dt.date(2026, 1, 5))
    actions.discharge_episode(episode.pk, closed_on=dt.date(2026, 2, 2), reason="did_not_return")
    final = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    actions.finalise_letter(final.pk, by=world.therapist)
    draft = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    return episode, final, draft


def test_the_export_holds_episodes_letters_and_each_final_letter_as_pdf(world):
    episode, final, draft = _episode_with_letters(world)
    assert {"episodes.Episode", "episodes.Letter"} <= set(schema.exported_models())
    out = io.BytesIO()
    write_export(request_export(world.runner, world.runner), out)
    zf = zipfile.ZipFile(out)
    import json

    records = json.loads(zf.read("records.json"))["records"]
    assert [r["id"] for r in records["episodes.Episode"]] == [episode.pk]
    assert {r["id"] for r in records["episodes.Letter"]} == {final.pk, draft.pk}
    assert zf.read(f"pdf/discharge-letter-{final.pk}.pdf").startswith(b"%PDF-")
    assert f"pdf/discharge-letter-{draft.pk}.pdf" not in zf.namelist()


def test_erasure_keeps_the_final_letter_and_its_episode_with_the_reason(world):
    episode, final, draft = _episode_with_letters(world)
    lone = actions.open_episode(runner=world.clinic_mate, therapist=world.therapist, opened_on=dt.date(2026, 1, 5))
    request = erasure.request_erasure(world.runner)
    done = erasure.confirm_erasure(request.pk, by=world.admin)
    assert list(Letter.objects.filter(episode__runner_id=world.runner.pk).values_list("pk", flat=True)) == [final.pk]
    assert Episode.objects.filter(pk=episode.pk).exists() and Episode.objects.filter(pk=lone.pk).exists()
    marks = {(m.model_label, m.object_id): m.reason for m in RetainedRecord.objects.filter(erasure=done)}
    assert set(marks) == {("episodes.Episode", episode.pk), ("episodes.Letter", final.pk)}
    assert all("Final letter of an episode of care" in reason for reason in marks.values())
    assert done.summary["account"] == "kept anonymised for the retained notes"
    assert "Final letter of an episode of care" in done.summary["retention_reason"]


def test_an_erased_runner_without_final_letters_leaves_no_episode(world):
    episode = actions.open_episode(runner=world.runner, therapist=world.therapist, opened_on=dt.date(2026, 1, 5))
    erasure.confirm_erasure(erasure.request_erasure(world.runner).pk, by=world.admin)
    assert not Episode.objects.filter(pk=episode.pk).exists()
