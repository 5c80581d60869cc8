from django.urls import path

from . import views

app_name = "gaitlab"
urlpatterns = [
    path("gait/", views.analysis_list, name="list"),
    path("gait/new/", views.upload, name="upload"),
    path("gait/watch/", views.running_dynamics, name="dynamics"),
    path("gait/<int:analysis_id>/", views.report, name="report"),
    path("gait/<int:analysis_id>/status/", views.status, name="status"),
    path("gait/<int:analysis_id>/compare/", views.compare, name="compare"),
    path("gait/<int:analysis_id>/files/<str:gait_file>", views.media_file, name="file"),
    path("clinic/gait-settings/", views.gait_settings, name="gait_settings"),
    path("clinic/runners/<int:runner_id>/gait/", views.staff_analysis_list, name="staff_list"),
    path("clinic/runners/<int:runner_id>/gait/new/", views.staff_upload, name="staff_upload"),
    path("clinic/runners/<int:runner_id>/gait/watch/", views.staff_running_dynamics, name="staff_dynamics"),
    path("clinic/runners/<int:runner_id>/gait/<int:analysis_id>/", views.staff_report, name="staff_report"),
    path("clinic/runners/<int:runner_id>/gait/<int:analysis_id>/status/", views.staff_status, name="staff_status"),
    path("clinic/runners/<int:runner_id>/gait/<int:analysis_id>/compare/", views.staff_compare, name="staff_compare"),
    path(
        "clinic/runners/<int:runner_id>/gait/<int:analysis_id>/files/<str:gait_file>",
        views.staff_media_file,
        name="staff_file",
    ),
]
