from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.mine, name="mine"),
    path("messages/attachments/<int:attachment_id>/", views.my_attachment, name="my_attachment"),
    path("clinic/messages/", views.clinic_messages, name="clinic_messages"),
    path("clinic/runners/<int:runner_id>/messages/", views.staff_thread, name="staff_thread"),
    path(
        "clinic/runners/<int:runner_id>/messages/attachments/<int:attachment_id>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
]
