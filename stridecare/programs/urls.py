from django.urls import path

from stridecare.outcomes.urls import urlpatterns as outcome_patterns

from . import views, views_rtr

app_name = "programs"
urlpatterns = [
    path("exercises/", views.library, name="library"),
    path("exercises/routines/", views.routines, name="routines"),
    path("exercises/<str:exercise_key>/", views.exercise_detail, name="exercise"),
    path("today/", views.today, name="today"),
    path("today/exercises/<int:prescribed_id>/log/", views.log_exercise, name="log"),
    path("today/logs/<int:log_id>/morning/", views.morning_pain, name="morning"),
    path("program/", views.my_program, name="my_program"),
    path("program/print.pdf", views.my_program_pdf, name="my_program_pdf"),
    path("return-to-running/", views_rtr.my_rtr, name="my_rtr"),
    path("return-to-running/morning/", views_rtr.walk_run_morning, name="walk_run_morning"),
    path("clinic/programs/", views.clinic_programs, name="clinic_programs"),
    path("clinic/programs/<int:program_id>/", views.program_detail, name="program"),
    path("clinic/programs/<int:program_id>/advance/", views.advance_phase, name="advance_phase"),
    path("clinic/programs/<int:program_id>/print.pdf", views.program_pdf, name="program_pdf"),
    path("clinic/programs/<int:program_id>/return-to-running/", views_rtr.staff_rtr, name="staff_rtr"),
    path("clinic/prescribed/<int:prescribed_id>/", views.prescribed_edit, name="prescribed"),
    path("clinic/suggestions/<int:suggestion_id>/", views.decide_suggestion, name="suggestion"),
    path("clinic/runners/<int:runner_id>/programs/", views.runner_programs, name="runner_programs"),
    path("clinic/progression-rules/", views.clinic_rules, name="clinic_rules"),
]
# Outcome measures and well-being keep their names in this namespace (audit entries record them).
urlpatterns += outcome_patterns
