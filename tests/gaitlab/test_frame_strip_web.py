"""The report shows the per-frame, per-leg strip and the advice for the next video; the compare
page warns when a retest was not filmed like its baseline (issue 17 item 3). Plain words only,
no inline styles (the colours are classes in gaitlab.css)."""

from __future__ import annotations

import copy
import re

from django.urls import reverse

from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import MINIMAL_REPORT, make_analysis

STRIP = {
    "frames": 300,
    "fps": 30.0,
    "left": [["none", 0, 29], ["ok", 30, 199], ["low", 200, 299]],
    "right": [["ok", 0, 149], ["swapped", 150, 152], ["ok", 153, 279], ["out", 280, 299]],
    "shares": {
        "left": {"ok": 0.567, "low": 0.333, "swapped": 0.0, "out": 0.0, "none": 0.1},
        "right": {"ok": 0.917, "low": 0.0, "swapped": 0.01, "out": 0.067, "none": 0.0},
    },
}
ADVICE = "The left leg was hard to see in 33% of the frames: film exactly from the side at hip height."


def _report(capture: dict) -> dict:
    report = copy.deepcopy(MINIMAL_REPORT)
    report.update({"frame_strip": STRIP, "capture_advice": [ADVICE], "capture": capture})
    return report


BASE = {"view": "sagittal_left", "fps": 30.0, "runner_size": 0.3, "speed_leg_s": 3.0}


def test_report_shows_the_strip_per_leg_and_the_advice(world):
    item = make_analysis(world.runner, report=_report(BASE))
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    strip = body[body.index('id="frame-strip"') : body.index("</section>", body.index('id="frame-strip"'))]
    # one rectangle per run, as wide as its frames, named by its state class
    assert strip.count("<rect ") == 3 + 4
    assert (
        '<rect x="200" y="0" width="100" height="1" class="st-low"><title>Left leg, frames 200-299 (6.67-10.00 s): hard to see</title>'
        in strip
    )
    assert 'class="st-swapped"><title>Right leg, frames 150-152 (5.00-5.10 s): legs mixed up, repaired</title>' in strip
    assert "Out of the picture: left 0%, right 7% of frames" in strip
    assert "style=" not in strip
    assert ADVICE in body[body.index('id="next-video"') :]


def test_report_from_before_the_strip_still_renders(world):
    item = make_analysis(world.runner, report=copy.deepcopy(MINIMAL_REPORT))
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert 'id="frame-strip"' not in body and 'id="next-video"' not in body


def test_compare_warns_when_the_retest_was_filmed_differently(world):
    before = make_analysis(world.runner, report=_report(BASE), label="before")
    same = make_analysis(world.runner, report=_report(dict(BASE)), label="same")
    other = make_analysis(world.runner, report=_report({**BASE, "fps": 120.0, "speed_leg_s": 3.6}), label="other")
    client = runner_client(world.runner)
    body = client.get(reverse("gaitlab:compare", args=[same.pk]), {"with": before.pk}).content.decode()
    assert 'id="comparability"' not in body
    body = client.get(reverse("gaitlab:compare", args=[other.pk]), {"with": before.pk}).content.decode()
    note = body[body.index('id="comparability"') :].split("</section>")[0]
    assert "30 and 120 frames per second" in note and "speed differs by 20%" in note
    assert not re.search(r"[a-z]+_[a-z]+", re.sub(r"<[^>]+>", "", note))  # no snake_case codes
