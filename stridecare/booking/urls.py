from django.urls import path

from . import views

app_name = "booking"
urlpatterns = [
    path("clinics/", views.clinics, name="clinics"),
    path("c/<slug:slug>/request/", views.request_form, name="request_form"),
    path("r/<str:status_token>/", views.status, name="status"),
    path("r/<str:status_token>/visit.ics", views.status_ics, name="status_ics"),
    path("r/<str:status_token>/<str:action>/", views.status_action, name="status_action"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("clinic/requests/", views.queue, name="queue"),
    path("clinic/requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("clinic/calendar/", views.calendar, name="calendar"),
    path("visits/<int:visit_id>.ics", views.visit_ics, name="visit_ics"),
]
