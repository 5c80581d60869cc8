"""The export covers every model that holds runner data: the list comes from the ORM (every model
with a path of foreign keys to the user), so a new model fails here until it is described (or
given a reason not to be exported) and the committed schema is regenerated."""

from __future__ import annotations

from django.apps import apps

from stridecare.mydata import schema


def test_every_model_with_a_path_to_the_runner_is_described_or_excluded_with_a_reason():
    found = set(schema.runner_models())
    described = set(schema.DESCRIPTIONS) | set(schema.NOT_EXPORTED)
    missing = sorted(found - described)
    assert not missing, f"add these models to mydata/schema.py DESCRIPTIONS (exported) or NOT_EXPORTED: {missing}"
    stale = sorted(described - found)
    assert not stale, f"no longer hold runner data, remove from mydata/schema.py: {stale}"


def test_the_derivation_finds_models_reached_only_through_another_model():
    paths = schema.runner_models()
    assert paths["programs.ExerciseLog"] == ["prescribed__program__runner", "prescribed__program__therapist"]
    assert "note__runner" in paths["care.TreatmentEntry"]
    assert "analysis__runner" in paths["mydata.VideoRemoval"]
    assert "accounts.Clinic" not in paths  # reached from the runner, but holds no path to a user


def test_the_committed_schema_is_the_one_the_models_give():
    """After a model change: `python manage.py export_schema` rewrites the file."""
    assert schema.SCHEMA_PATH.read_text() == schema.schema_text()


def test_each_exported_table_lists_every_field_but_the_secrets():
    s = schema.export_schema()["properties"]["records"]["properties"]
    user = s["accounts.User"]["items"]["properties"]
    assert "password" not in user and "calendar_token" not in user and "email" in user
    activity = s["training.Activity"]["items"]["properties"]
    model = apps.get_model("training.Activity")
    assert set(activity) == {f.attname for f in model._meta.concrete_fields}
    assert all(table["description"] for table in s.values())
