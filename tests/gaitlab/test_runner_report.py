"""The runner's gait report opens with a plain summary and what to work on; the metric table and the
therapist's detail are folded away (and in words); the therapist's view keeps every detail open."""

import re

from django.urls import reverse

from tests.core.programs.test_wording import CODES
from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import make_analysis
from tests.gaitlab.test_report import report_with_finding


def _runner_report(world, item) -> str:
    return runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html[html.index("<main") :])  # what a person reads: no attributes, no head


def test_the_report_starts_with_a_summary_and_what_to_work_on(world):
    body = _runner_report(world, make_analysis(world.runner, report=report_with_finding()))
    summary, work_on, details = (
        body.index('id="summary"'),
        body.index('id="work-on"'),
        body.index('<details id="details">'),
    )
    assert summary < work_on < details < body.index('id="metric-list"')  # the table is inside the folded detail
    assert "You ran at about 170 steps a minute" in body
    work = body[work_on:details]
    assert "Your foot lands out in front of you" in work and "Metronome: 168 steps/min</strong> (at most 176)" in work
    assert "GR-CADENCE" not in work and "Rule:" not in body
    assert 'id="short-video"' not in body  # 12 strides: enough for the summary to stand


def test_what_went_well_lists_confident_values_inside_the_typical_band(world):
    report = report_with_finding()
    report["metrics"]["trunk_lean_deg"] = {
        "value": 9.0,
        "unit": "deg",
        "n_strides": 12,
        "confidence": "ok",
    }  # 5-15 typical
    report["metrics"]["pelvic_drop_deg"] = {
        "value": 4.0,
        "unit": "deg",
        "n_strides": 12,
        "confidence": "low",
        "reason": "back view needed",
    }
    body = _runner_report(world, make_analysis(world.runner, report=report))
    went_well = body[body.index('id="went-well"') :].split("</ul>")[0]
    assert "Your upper body leaned forward a little" in went_well
    assert "hips stayed level" not in went_well  # a low-confidence number never counts
    assert "knee was softly bent" not in went_well  # knee 9 deg at contact is flagged, not praised


def test_nothing_a_runner_reads_on_the_report_carries_a_code(world):
    text = _text(_runner_report(world, make_analysis(world.runner, report=report_with_finding())))
    assert CODES.findall(text) == []


def test_the_therapist_reads_every_detail_unfolded(world):
    item = make_analysis(world.runner, report=report_with_finding())
    body = (
        runner_client(world.therapist)
        .get(reverse("gaitlab:staff_report", args=[world.runner.pk, item.pk]))
        .content.decode()
    )
    assert '<details id="details">' not in body and '<section id="details">' in body
    assert "Retraining (GR-CADENCE):" in body and "Evidence [V:R15] concept" in body


def _screened(runner, answers):
    from stridecare.core.screening import screen
    from stridecare.screening.models import ScreeningSession

    result = screen(answers)
    ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )


def test_while_running_is_on_hold_the_report_says_to_wait_with_changes(world):
    _screened(world.runner, {"weight_bearing_ok": False})  # cannot take 4 steps: same day, running stopped (2.3 rule 2)
    body = _runner_report(world, make_analysis(world.runner, report=report_with_finding()))
    assert 'id="gait-on-hold"' in body and "keep any changes to how you run for after that" in body


def test_a_red_flag_that_does_not_stop_running_does_not_hold_the_report(world):
    _screened(world.runner, {"night_pain": True})  # RF-02 alone: see someone soon, running not stopped by the engine
    body = _runner_report(world, make_analysis(world.runner, report=report_with_finding()))
    assert 'id="gait-on-hold"' not in body


def test_the_shared_running_clip_reads_as_a_summary(world, clip_outputs):
    report, outputs, folder = clip_outputs
    body = _runner_report(world, make_analysis(world.runner, report=report, outputs_from=folder, outputs=outputs))
    assert f"You ran at about {report['cadence_spm']:.0f} steps a minute" in body
    assert body.index('id="work-on"') < body.index('<details id="details">')
    assert (
        'id="short-video"' in body and "first look" in body
    )  # the clip has fewer than 10 strides: the summary says so
    assert "Nothing in this video needs work" not in body
    assert CODES.findall(_text(body)) == []
