from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("plan/", views.my_plan, name="mine"),
    path("plan/goal/", views.goal, name="goal"),
    path("plan/unwell/", views.illness, name="illness"),
    path("plan/runs/<int:planned_run_id>/workout.fit", views.workout_fit, name="workout_fit"),
    path("plan/feed/reset/", views.reset_feed, name="reset_feed"),
    path("plan/feed/<str:token>.ics", views.feed, name="feed"),
    path("clinic/runners/<int:runner_id>/plan/", views.staff_plan, name="staff_plan"),
    path("clinic/runners/<int:runner_id>/plan/weeks/<int:plan_week_id>/", views.staff_week, name="staff_week"),
]
