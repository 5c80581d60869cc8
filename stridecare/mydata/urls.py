from django.urls import path

from . import views

app_name = "mydata"
urlpatterns = [
    path("me/data/", views.home, name="home"),
    path("me/data/zones/", views.zone_add, name="zone_add"),
    path("me/data/zones/<int:zone_id>/delete/", views.zone_delete, name="zone_delete"),
    path("me/data/videos/", views.retention, name="retention"),
    path("me/data/exports/", views.export_start, name="export_start"),
    path("me/data/exports/<int:export_id>/download/", views.export_download, name="export_download"),
    path("me/data/files/<int:file_id>/original/", views.original_file, name="original_file"),
    path("me/data/erase/", views.erase, name="erase"),
    path("me/report/", views.handoff, name="handoff"),
    path("me/report/report.pdf", views.handoff_pdf, name="handoff_pdf"),
    path("me/report/sharing/", views.handoff_share, name="handoff_share"),
    path("clinic/erasure/", views.erasure_queue, name="erasure_queue"),
    path("clinic/erasure/<int:erasure_id>/confirm/", views.erasure_confirm, name="erasure_confirm"),
    path("clinic/runners/<int:runner_id>/export/", views.staff_export, name="staff_export"),
    path("clinic/runners/<int:runner_id>/report/", views.staff_handoff, name="staff_handoff"),
]
