from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("runs/", views.activity_list, name="activities"),
    path("runs/upload/", views.upload, name="upload"),
    path("runs/files/<int:file_id>/", views.file_status, name="file_status"),
    path("runs/files/<int:file_id>/recover/", views.file_recover, name="file_recover"),
    path("runs/<int:activity_id>/", views.activity_detail, name="activity"),
    path("training/", views.dashboard, name="dashboard"),
    path("shoes/", views.shoes, name="shoes"),
    path("shoes/<int:shoe_id>/", views.shoe_detail, name="shoe"),
    path("shoes/<int:shoe_id>/retire/", views.shoe_retire, name="shoe_retire"),
    path("clinic/load-settings/", views.load_settings, name="load_settings"),
    path("clinic/attention/", views.needs_attention, name="needs_attention"),
    path("clinic/runners/<int:runner_id>/runs/", views.staff_activity_list, name="staff_activities"),
    path("clinic/runners/<int:runner_id>/runs/<int:activity_id>/", views.staff_activity_detail, name="staff_activity"),
    path("clinic/runners/<int:runner_id>/training/", views.staff_dashboard, name="staff_dashboard"),
]
