"""`python -m tests.jobs.processes.ctl ACTION [ARG] ...`: set up and feed the database the worker
processes use; prints one JSON object with what each action made.

  setup              migrate, create the named people of tests/conftest.py
  import PATH        the runner uploads an activity file (its import job is queued)
  analyse PATH       the runner uploads a gait video (its analysis job is queued)
  crisis             the runner presses "I need help now" (a red alert: urgent email queued)
  reminder           the runner's visit in 3 hours has a reminder due now (its job is queued)
  remind ID          another job for reminder ID (what the sweep queues when it finds it unsent)
"""

import json
import pathlib
import sys

import django


def main(argv: list[str]) -> dict:
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from stridecare.accounts.models import User

    out: dict = {}
    args = iter(argv)
    for action in args:
        if action == "setup":
            call_command("migrate", verbosity=0, interactive=False)
            from tests.conftest import make_world

            make_world()
            out["setup"] = True
            continue
        runner = User.objects.get(email="sam@runner.test")
        if action == "import":
            from stridecare.training.imports import store_upload

            path = pathlib.Path(next(args))
            stored = store_upload(runner, SimpleUploadedFile(path.name, path.read_bytes()))
            out["import"] = {"file_id": stored.pk, "job_id": stored.job.pk}
        elif action == "analyse":
            from stridecare.gaitlab.analysis import store_upload as store_video

            path = pathlib.Path(next(args))
            analysis = store_video(
                runner,
                SimpleUploadedFile(path.name, path.read_bytes(), content_type="video/mp4"),
                runner,
                height_cm=175,
            )
            out["analyse"] = {"analysis_id": analysis.pk, "job_id": analysis.job_id}
        elif action == "crisis":
            from stridecare.inbox.alerts import raise_alert
            from stridecare.inbox.models import CRISIS

            alert = raise_alert(
                runner=runner, kind=CRISIS, severity="red", title=f"{runner.full_name} pressed 'I need help now'"
            )
            out["crisis"] = {"alert_id": alert.pk, "created_at": alert.created_at.timestamp()}
        elif action == "reminder":
            out["reminder"] = _due_reminder(runner)
        elif action == "remind":
            from stridecare.booking.reminders import _enqueue

            out["remind"] = {"job_id": _enqueue(int(next(args))).pk}
        else:
            raise SystemExit(f"unknown action {action!r}")
    return out


def _due_reminder(runner) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from stridecare.accounts.models import User
    from stridecare.booking.models import Visit, VisitReminder
    from stridecare.booking.reminders import _enqueue

    start = timezone.now() + timedelta(hours=3)
    visit = Visit.objects.create(
        clinic=runner.clinic,
        therapist=User.objects.get(email="priya@riverside.test"),
        runner=runner,
        name=runner.full_name,
        email=runner.email,
        visit_type="clinic",
        start=start,
        end=start + timedelta(minutes=30),
    )
    reminder = VisitReminder.objects.create(
        visit=visit, offset_minutes=180, visit_start=start, due_at=timezone.now() - timedelta(seconds=1)
    )
    return {"reminder_id": reminder.pk, "job_id": _enqueue(reminder.pk).pk}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
