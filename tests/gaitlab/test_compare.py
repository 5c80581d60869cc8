"""Two analyses of the same runner side by side; the shared clip's real report is used for both
(analysed once per module), with one metric changed for the 'after' video."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import heel_ahead_report as _heel_report
from tests.gaitlab.helpers import make_analysis


def test_compare_shows_both_videos_metrics_and_the_change(world, clip_outputs):
    report, outputs, folder = clip_outputs
    after_report = copy.deepcopy(report)
    after_report["metrics"]["trunk_lean_deg"]["value"] = report["metrics"]["trunk_lean_deg"]["value"] + 3.0
    before = make_analysis(world.runner, report=report, outputs=outputs, outputs_from=folder, label="before retraining")
    after = make_analysis(
        world.runner, report=after_report, outputs=outputs, outputs_from=folder, label="after 4 weeks"
    )
    other = make_analysis(world.other_runner, report=report, outputs=outputs, outputs_from=folder)
    client = runner_client(world.runner)
    url = reverse("gaitlab:compare", args=[after.pk])
    picker = client.get(url).content.decode()
    assert f'<option value="{before.pk}"' in picker and f'<option value="{other.pk}"' not in picker
    body = client.get(url, {"with": before.pk}).content.decode()
    # The older one is "before" whichever page it was opened from.
    videos = body[body.index('id="compare-videos"') :]
    assert videos.index("before retraining</a>") < videos.index("after 4 weeks</a>")
    for item in (before, after):
        assert reverse("gaitlab:file", args=[item.pk, "overlay.mp4"]) in body
    assert "<td>Trunk lean at mid-stance</td>" in body
    assert "<td>+3.0" in body  # after - before, both confident
    # gct_ms is low confidence at 30 fps: no change is computed, the reason is shown.
    gct_row = body[body.index("<td>Ground contact time</td>") :].split("</tr>")[0]
    assert "low confidence" in gct_row and "<td>-" in gct_row


def test_compare_refuses_another_runners_analysis(world):
    mine = make_analysis(world.runner)
    theirs = make_analysis(world.other_runner)
    response = runner_client(world.runner).get(reverse("gaitlab:compare", args=[mine.pk]), {"with": theirs.pk})
    assert response.status_code == 404


def test_therapist_compares_their_runners_analyses(world):
    first, second = make_analysis(world.runner, label="first"), make_analysis(world.runner, label="second")
    response = runner_client(world.therapist).get(
        reverse("gaitlab:staff_compare", args=[world.runner.pk, second.pk]), {"with": first.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<td>Cadence</td>" in body
    assert reverse("gaitlab:staff_file", args=[world.runner.pk, first.pk, "overlay.mp4"]) in body


def _heel_row(body: str) -> str:
    return body[body.index("<td>Heel ahead of hip at contact</td>") :].split("</tr>")[0]


@pytest.mark.parametrize(
    ("earlier", "later", "confidences", "rise_pct"),
    [
        (0.20, 0.25, ("ok", "ok"), "25"),  # (0.25 - 0.20) / 0.20 = +25% >= 20%: amber
        (0.20, 0.24, ("ok", "ok"), "20"),  # exactly +20%: amber (">= 20%")
        (0.20, 0.23, ("ok", "ok"), None),  # +15%: no flag
        (0.25, 0.20, ("ok", "ok"), None),  # -20%: the earlier is the baseline, so no flag (0.25 is +25% over 0.20)
        (0.20, 0.30, ("ok", "low"), None),  # +50% but the later value is low confidence: never flagged
        (0.20, 0.30, ("low", "ok"), None),  # +50% but the baseline is low confidence
    ],
)
def test_heel_ahead_of_hip_is_flagged_against_the_runners_baseline(world, earlier, later, confidences, rise_pct):
    # REFERENCE.md 6.4 heel_ahead_of_hip_norm: "[H] amber if > runner's baseline by >= 20%"
    first = make_analysis(world.runner, report=_heel_report(earlier, confidences[0]), label="baseline")
    second = make_analysis(world.runner, report=_heel_report(later, confidences[1]), label="later")
    client = runner_client(world.runner)
    for page, other in ((second, first), (first, second)):  # the same verdict from either page
        row = _heel_row(client.get(reverse("gaitlab:compare", args=[page.pk]), {"with": other.pk}).content.decode())
        if rise_pct is None:
            assert "data-baseline-flag" not in row and "baseline by &gt;= 20%" not in row
        else:
            assert (
                f'<span class="badge amber" data-baseline-flag="heel_ahead_of_hip_norm">amber: +{rise_pct}% over the baseline</span>'
                in row
            )
            assert "Rule:" not in row and "REFERENCE.md" not in row  # the runner reads the flag, not its rule id
            staff = runner_client(world.therapist).get(
                reverse("gaitlab:staff_compare", args=[world.runner.pk, page.pk]), {"with": other.pk}
            )
            staff_row = _heel_row(staff.content.decode())
            assert (
                "Rule: amber if &gt; runner&#x27;s baseline by &gt;= 20% (the earlier analysis is the baseline) [H]."
                in staff_row
            )
            assert "Source: REFERENCE.md 6.4 heel_ahead_of_hip_norm" in staff_row
