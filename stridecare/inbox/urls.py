from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("help/", views.help_now, name="help_now"),
    path("clinic/inbox/", views.inbox, name="inbox"),
    path("clinic/inbox/<int:alert_id>/read/", views.mark_read, name="mark_read"),
    path("clinic/inbox/<int:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("clinic/runners/<int:runner_id>/risk-concern/", views.risk_concern, name="risk_concern"),
]
