"""FIT workout files round-trip through fitdecode (CRC checked) with the planned steps."""

from __future__ import annotations

import datetime as dt
import io

import fitdecode

from stridecare.core.plan import Goal, generate_plan
from stridecare.core.plan.fitworkout import planned_run_fit
from stridecare.core.plan.models import PlannedRun, Step

from .histories import START, steady_history


def decode(data: bytes) -> list[tuple[str, dict]]:
    out = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                out.append((frame.name, {f.name: f.value for f in frame.fields}))
    return out


def test_strides_run_decodes_with_its_steps_and_repeat():
    run = PlannedRun(
        dt.date(2027, 1, 5),
        "strides",
        6000,
        "why",
        "where",
        (
            Step("run", "Easy run", distance_m=6000),
            Step("interval", "Stride", distance_m=80, repeat=5),
            Step("recovery", "Walk back", duration_s=60),
            Step("cooldown", "Walk to finish"),
        ),
    )
    messages = decode(planned_run_fit(run, created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)))
    kinds = [name for name, _ in messages]
    assert kinds == ["file_id", "workout"] + ["workout_step"] * 5
    assert messages[0][1]["type"] == "workout"
    workout = messages[1][1]
    assert workout["sport"] == "running" and workout["num_valid_steps"] == 5
    assert workout["wkt_name"] == "Easy run with strides 6.0 km"
    steps = [m for n, m in messages if n == "workout_step"]
    assert (steps[0]["duration_type"], steps[0]["duration_distance"], steps[0]["intensity"]) == (
        "distance",
        6000.0,
        "active",
    )
    assert (steps[1]["duration_distance"], steps[1]["intensity"]) == (80.0, "interval")
    assert (steps[2]["duration_type"], steps[2]["duration_time"]) == ("time", 60.0)
    assert (steps[3]["duration_type"], steps[3]["duration_step"], steps[3]["repeat_steps"]) == (
        "repeat_until_steps_cmplt",
        1,
        5,
    )
    assert (steps[4]["duration_type"], steps[4]["intensity"]) == ("open", "cooldown")


def test_every_run_of_a_plan_exports_with_its_planned_distance():
    plan = generate_plan(Goal(21100, dt.date(2027, 4, 11), 4), steady_history(), START)
    assert plan.status == "ok"
    for run in plan.runs:
        steps = [m for n, m in decode(planned_run_fit(run)) if n == "workout_step"]
        total = sum(
            s.get("duration_distance") or 0 for s in steps if not str(s.get("wkt_step_name", "")).startswith("Stride")
        )
        assert abs(total - run.distance_m) < 1, (run, steps)
