"""ScreeningSession moved from care to the screening app, and outcome responses, clinic forms, check-ins
and "why I run" from programs to the outcomes app, in Django's state only. A database written before
the move migrates forward with every row, every foreign key and every content type (with its
permissions) where it was; and back again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("care", "0003_screeningsession_source"),
    ("programs", "0007_condition_names"),
    ("inbox", "0003_alert_screening"),
    ("screening", None),
    ("outcomes", None),
]
MOVED = {
    ("care", "screeningsession"): "screening",
    ("programs", "outcomeresponse"): "outcomes",
    ("programs", "clinicform"): "outcomes",
    ("programs", "checkin"): "outcomes",
    ("programs", "whyirun"): "outcomes",
}


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)  # a fresh loader: the applied set changed


def _applied_state(executor: MigrationExecutor):
    """The models as the database has them now (every applied migration)."""
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _write_rows_before_the_move(old_apps) -> dict:
    Clinic = old_apps.get_model("accounts", "Clinic")
    User = old_apps.get_model("accounts", "User")
    clinic = Clinic.objects.create(name="Riverside", slug="riverside-move")
    runner = User.objects.create(email="runner-move@example.com", full_name="Ada Runner", clinic=clinic)
    therapist = User.objects.create(
        email="pt-move@example.com", full_name="Pat Therapist", clinic=clinic, role="staff", is_therapist=True
    )
    screening = old_apps.get_model("care", "ScreeningSession").objects.create(
        runner=runner,
        clinic=clinic,
        answers={"region": "knee"},
        result={"red_flags": [{"id": "RF-01"}]},
        rules_version="r-test",
        urgency="same_day",
        cleared_by=therapist,
    )
    alert = old_apps.get_model("inbox", "Alert").objects.create(
        clinic=clinic, runner=runner, kind="screening", title="Red flag", screening=screening
    )
    checkin = old_apps.get_model("programs", "CheckIn").objects.create(
        runner=runner, mood=2, stress=3, sleep=4, motivation=2, trend="worse", red_flags=["night_pain"]
    )
    response = old_apps.get_model("programs", "OutcomeResponse").objects.create(
        runner=runner, measure="phq-2", items=[1, 2], interpretation="test", checkin=checkin, score=3
    )
    form = old_apps.get_model("programs", "ClinicForm").objects.create(
        clinic=clinic, measure="phq-9", raw={"items": []}, filename="phq9.json", uploaded_by=therapist
    )
    why = old_apps.get_model("programs", "WhyIRun").objects.create(runner=runner, text="The river at dawn")
    return {
        "runner": runner.pk,
        "therapist": therapist.pk,
        "clinic": clinic.pk,
        "screening": screening.pk,
        "alert": alert.pk,
        "checkin": checkin.pk,
        "response": response.pk,
        "form": form.pk,
        "why": why.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_rows_foreign_keys_and_content_types_survive_the_move_and_its_reversal():
    try:
        executor = _migrate(BEFORE)
        old_apps = _applied_state(executor)
        old_types = {}
        for (app, model), _new in MOVED.items():
            # what post_migrate had created on a database of the old layout (a custom permission too)
            content_type, _ = ContentType.objects.get_or_create(app_label=app, model=model)
            ContentType.objects.filter(app_label=_new, model=model).delete()
            Permission.objects.get_or_create(
                content_type=content_type, codename=f"audit_{model}", defaults={"name": f"Audit {model}"}
            )
            old_types[model] = content_type.pk
        ids = _write_rows_before_the_move(old_apps)

        _migrate(_latest())

        from stridecare.inbox.models import Alert
        from stridecare.outcomes.models import CheckIn, ClinicForm, OutcomeResponse, WhyIRun
        from stridecare.screening.models import ScreeningSession

        screening = ScreeningSession.objects.get(pk=ids["screening"])
        assert screening.answers == {"region": "knee"} and screening.urgency == "same_day"
        assert (screening.runner_id, screening.clinic_id, screening.cleared_by_id) == (
            ids["runner"],
            ids["clinic"],
            ids["therapist"],
        )
        assert screening.fired_rule_ids() == ["RF-01"]
        assert Alert.objects.get(pk=ids["alert"]).screening == screening
        assert list(screening.alerts.values_list("pk", flat=True)) == [ids["alert"]]
        checkin = CheckIn.objects.get(pk=ids["checkin"])
        assert (checkin.runner_id, checkin.trend, checkin.red_flags) == (ids["runner"], "worse", ["night_pain"])
        response = OutcomeResponse.objects.get(pk=ids["response"])
        assert response.checkin == checkin and list(checkin.responses.all()) == [response]
        assert ClinicForm.objects.get(pk=ids["form"]).uploaded_by_id == ids["therapist"]
        assert WhyIRun.objects.get(pk=ids["why"]).text == "The river at dawn"

        for (app, model), new in MOVED.items():
            assert not ContentType.objects.filter(app_label=app, model=model).exists()
            content_type = ContentType.objects.get(app_label=new, model=model)
            assert content_type.pk == old_types[model]  # the same row: whatever named it still does
            assert content_type.model_class() is not None
            assert Permission.objects.filter(content_type=content_type, codename=f"audit_{model}").exists()
        assert ContentType.objects.get_for_model(ScreeningSession).pk == old_types["screeningsession"]

        back = _applied_state(_migrate(BEFORE))  # and back: rows stay, content types take the old labels
        assert back.get_model("care", "ScreeningSession").objects.get(pk=ids["screening"]).urgency == "same_day"
        assert back.get_model("programs", "CheckIn").objects.filter(pk=ids["checkin"]).exists()
        for (app, model), _new in MOVED.items():
            assert ContentType.objects.get(app_label=app, model=model).pk == old_types[model]
    finally:
        _migrate(_latest())
