"""A planned run as a FIT workout file a watch can load (FIT SDK workout and workout_step messages).

Written with fit-tool; distances in metres, times in seconds (the profile's scaling is fit-tool's).
A repeated step is written as the step, the step after it (its recovery) and a
``repeat_until_steps_cmplt`` step pointing back at the first, as the FIT profile describes repeats.
"""

from __future__ import annotations

import datetime as dt

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from stridecare.core.plan.models import PlannedRun, Step

INTENSITY = {
    "warmup": Intensity.WARMUP,
    "run": Intensity.ACTIVE,
    "interval": Intensity.INTERVAL,
    "recovery": Intensity.RECOVERY,
    "cooldown": Intensity.COOLDOWN,
}


def _step_message(step: Step, index: int) -> WorkoutStepMessage:
    msg = WorkoutStepMessage()
    msg.message_index = index
    msg.workout_step_name = step.label[:40]
    msg.intensity = INTENSITY[step.kind]
    if step.distance_m is not None:
        msg.duration_type = WorkoutStepDuration.DISTANCE
        msg.duration_distance = float(step.distance_m)
    elif step.duration_s is not None:
        msg.duration_type = WorkoutStepDuration.TIME
        msg.duration_time = float(step.duration_s)
    else:
        msg.duration_type = WorkoutStepDuration.OPEN
        msg.duration_value = 0
    msg.target_type = WorkoutStepTarget.OPEN
    msg.target_value = 0
    return msg


def _messages(steps: tuple[Step, ...]) -> list[WorkoutStepMessage]:
    out: list[WorkoutStepMessage] = []
    i = 0
    while i < len(steps):
        step = steps[i]
        if step.repeat > 1 and i + 1 < len(steps):
            first = len(out)
            out.append(_step_message(step, len(out)))
            out.append(_step_message(steps[i + 1], len(out)))
            repeat = WorkoutStepMessage()
            repeat.message_index = len(out)
            repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
            repeat.duration_step = first
            repeat.target_type = WorkoutStepTarget.OPEN
            repeat.target_repeat_steps = step.repeat
            out.append(repeat)
            i += 2
        else:
            out.append(_step_message(step, len(out)))
            i += 1
    return out


def workout_name(run: PlannedRun) -> str:
    return f"{run.words} {run.distance_m / 1000:.1f} km"


def planned_run_fit(run: PlannedRun, created: dt.datetime | None = None) -> bytes:
    """The bytes of a FIT workout file for one planned run (its steps; one open step if it has none)."""
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x5C0FFEE
    file_id.time_created = round((created or dt.datetime.now(dt.UTC)).timestamp() * 1000)
    steps = _messages(run.steps or (Step("run", run.words, distance_m=run.distance_m),))
    workout = WorkoutMessage()
    workout.workout_name = workout_name(run)[:40]
    workout.sport = Sport.RUNNING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=40)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(steps)
    data: bytes = builder.build().to_bytes()
    return data
