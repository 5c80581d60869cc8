from django.urls import path

from . import selfbook_views, views

app_name = "booking"
urlpatterns = [
    path("clinics/", views.clinics, name="clinics"),
    path("c/<slug:slug>/request/", views.request_form, name="request_form"),
    path("r/<str:status_token>/", views.status, name="status"),
    path("r/<str:status_token>/visit.ics", views.status_ics, name="status_ics"),
    path("r/<str:status_token>/reschedule/", selfbook_views.reschedule, name="reschedule"),
    path("r/<str:status_token>/<str:action>/", views.status_action, name="status_action"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("clinic/requests/", views.queue, name="queue"),
    path("clinic/requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("clinic/calendar/", views.calendar, name="calendar"),
    path("visits/<int:visit_id>.ics", views.visit_ics, name="visit_ics"),
    # Self-booking, waiting list, availability and booking settings
    path("c/<slug:slug>/book/", selfbook_views.book, name="book"),
    path("waiting-list/<str:token>/", selfbook_views.offer, name="offer"),
    path("clinic/visits/<int:visit_id>/approve/", selfbook_views.approve, name="approve_visit"),
    path("clinic/availability/", selfbook_views.availability, name="availability"),
    path("clinic/booking-settings/", selfbook_views.booking_settings, name="booking_settings"),
]
