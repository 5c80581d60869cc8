"""`python -m tests.jobs.processes.ctl ACTION [ARG] ...`: set up and feed the database the worker
processes use; prints one JSON object with what each action made.

  setup              migrate, create the named people of tests/conftest.py
  import PATH        the runner uploads an activity file (its import job is queued)
  analyse PATH       the runner uploads a gait video (its analysis job is queued)
  crisis             the runner presses "I need help now" (a red alert: urgent email queued)
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
        else:
            raise SystemExit(f"unknown action {action!r}")
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
