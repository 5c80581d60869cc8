"""Slows the real import and analysis down in the test worker processes, so that a test can stop
a worker in the middle of a job: STRIDECARE_PACE_IMPORT_S seconds before a file is read,
STRIDECARE_PACE_FRAME_S seconds per video frame, STRIDECARE_PACE_REMINDER_S seconds before a visit
reminder is written (after its job is claimed, before it is sent). Nothing else changes."""

import functools
import os
import time

from django.apps import AppConfig


class PacingConfig(AppConfig):
    name = "tests.jobs.processes.pacing"
    label = "test_pacing"

    def ready(self) -> None:
        from stridecare.gaitlab import analysis
        from stridecare.training import imports

        import_s = float(os.environ.get("STRIDECARE_PACE_IMPORT_S", "0"))
        frame_s = float(os.environ.get("STRIDECARE_PACE_FRAME_S", "0"))
        reminder_s = float(os.environ.get("STRIDECARE_PACE_REMINDER_S", "0"))
        if reminder_s:
            from stridecare.booking import reminders

            reminders._compose = _after_sleep(reminders._compose, reminder_s)
        if import_s:
            imports.parse_file = _after_sleep(imports.parse_file, import_s)
        if frame_s:
            analysis.ProgressEstimator.estimate = _after_sleep(analysis.ProgressEstimator.estimate, frame_s)


def _after_sleep(func, seconds: float):
    @functools.wraps(func)
    def paced(*args, **kwargs):
        time.sleep(seconds)
        return func(*args, **kwargs)

    return paced
