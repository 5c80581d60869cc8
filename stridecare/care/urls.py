from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("clinic/runners/<int:runner_id>/notes/", views.runner_notes, name="notes"),
    path("clinic/runners/<int:runner_id>/notes/evaluation/", views.evaluation_new, name="evaluation_new"),
    path("clinic/runners/<int:runner_id>/notes/follow-up/", views.followup_new, name="followup_new"),
    path("clinic/notes/<int:note_id>/", views.note_detail, name="note"),
    path("clinic/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("clinic/notes/<int:note_id>/treatments/", views.treatment_add, name="treatment_add"),
    path(
        "clinic/notes/<int:note_id>/treatments/<int:treatment_id>/remove/",
        views.treatment_remove,
        name="treatment_remove",
    ),
    path("clinic/notes/<int:note_id>/sign/", views.note_sign, name="note_sign"),
    path("clinic/notes/<int:note_id>/addenda/", views.addendum_add, name="addendum_add"),
    path("clinic/care-settings/", views.care_settings, name="settings"),
    path("my/visits/", views.my_summaries, name="my_summaries"),
    path("my/visits/<int:note_id>/", views.my_summary, name="my_summary"),
]
