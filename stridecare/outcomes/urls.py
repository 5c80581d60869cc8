"""Outcome measures and well-being pages. Their URL names stay in the ``programs`` namespace, where
they were before the app was split out: templates and audit entries (``view_name``) name them so."""

from django.urls import path

from . import views

urlpatterns = [
    path("measures/", views.my_outcomes, name="my_outcomes"),
    path("measures/<str:measure>/", views.measure_form, name="measure"),
    path("wellbeing/", views.wellbeing, name="wellbeing"),
    path("wellbeing/check-ins/<int:checkin_id>/", views.follow_up, name="follow_up"),
    path("clinic/programs/<int:program_id>/discharge/", views.discharge_program, name="discharge"),
    path("clinic/runners/<int:runner_id>/measures/", views.staff_outcomes, name="staff_outcomes"),
    path("clinic/runners/<int:runner_id>/wellbeing/", views.staff_wellbeing, name="staff_wellbeing"),
    path("clinic/referrals/", views.referrals, name="referrals"),
    path("clinic/referrals/<int:referral_id>/remove/", views.referral_remove, name="referral_remove"),
    path("clinic/outcome-forms/", views.clinic_forms, name="clinic_forms"),
]
