from django.urls import path

from . import views, views_outcomes, views_rtr

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
    path("measures/", views_outcomes.my_outcomes, name="my_outcomes"),
    path("measures/<str:measure>/", views_outcomes.measure_form, name="measure"),
    path("wellbeing/", views_outcomes.wellbeing, name="wellbeing"),
    path("wellbeing/check-ins/<int:checkin_id>/", views_outcomes.follow_up, name="follow_up"),
    path("clinic/programs/", views.clinic_programs, name="clinic_programs"),
    path("clinic/programs/<int:program_id>/", views.program_detail, name="program"),
    path("clinic/programs/<int:program_id>/advance/", views.advance_phase, name="advance_phase"),
    path("clinic/programs/<int:program_id>/discharge/", views_outcomes.discharge_program, name="discharge"),
    path("clinic/programs/<int:program_id>/print.pdf", views.program_pdf, name="program_pdf"),
    path("clinic/programs/<int:program_id>/return-to-running/", views_rtr.staff_rtr, name="staff_rtr"),
    path("clinic/prescribed/<int:prescribed_id>/", views.prescribed_edit, name="prescribed"),
    path("clinic/suggestions/<int:suggestion_id>/", views.decide_suggestion, name="suggestion"),
    path("clinic/runners/<int:runner_id>/programs/", views.runner_programs, name="runner_programs"),
    path("clinic/runners/<int:runner_id>/measures/", views_outcomes.staff_outcomes, name="staff_outcomes"),
    path("clinic/runners/<int:runner_id>/wellbeing/", views_outcomes.staff_wellbeing, name="staff_wellbeing"),
    path("clinic/referrals/", views_outcomes.referrals, name="referrals"),
    path("clinic/referrals/<int:referral_id>/remove/", views_outcomes.referral_remove, name="referral_remove"),
    path("clinic/outcome-forms/", views_outcomes.clinic_forms, name="clinic_forms"),
    path("clinic/progression-rules/", views.clinic_rules, name="clinic_rules"),
]
