from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("me/", views.profile, name="profile"),
    path("me/calendar-token/", views.reset_calendar_token, name="reset_calendar_token"),
    path("me/two-step-login/", views.two_factor, name="two_factor"),
    path("me/two-step-login/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("me/two-step-login/check/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "clinic/staff/<int:staff_id>/reset-second-factor/",
        views.staff_reset_two_factor,
        name="staff_reset_two_factor",
    ),
    path("clinic/staff/", views.staff, name="staff"),
    path("clinic/settings/", views.clinic_settings, name="clinic_settings"),
    path("clinic/runners/", views.runners, name="runners"),
    path("clinic/runners/<int:runner_id>/", views.runner_detail, name="runner_detail"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
