"""Models that moved to another app, by the label they were first published under and the label they
have now: one list read by the export (which keeps the published names), by restore (which reads
backups written before the move) and by the migrations that relabel the content types."""

from __future__ import annotations

MOVED_MODELS = {  # first published -> now
    "care.ScreeningSession": "screening.ScreeningSession",
    "programs.OutcomeResponse": "outcomes.OutcomeResponse",
    "programs.ClinicForm": "outcomes.ClinicForm",
    "programs.CheckIn": "outcomes.CheckIn",
    "programs.WhyIRun": "outcomes.WhyIRun",
}


def moved_between(old_app: str, new_app: str) -> list[str]:
    """The model names (lower case, as content types store them) that moved from ``old_app`` to ``new_app``."""
    return [
        old.split(".")[1].lower()
        for old, new in MOVED_MODELS.items()
        if old.split(".")[0] == old_app and new.split(".")[0] == new_app
    ]


def relabel_content_types(apps, from_app: str, to_app: str, models: list[str]) -> None:
    """Give the content types of ``models`` the label ``to_app``, keeping their ids, so that permissions
    (and anything else naming a content type) stay attached to the same rows. Where migrate already
    created the new label (a database migrated one app at a time), the old row, the one rows point at,
    wins. For a data migration: ``apps`` is the migration's registry."""
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    content_type = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = content_type.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue  # a new database: content types are created after migrate
        content_type.objects.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])
    LiveContentType.objects.clear_cache()
