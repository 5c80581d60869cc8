from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("clinic/audit/", views.clinic_audit, name="clinic_audit"),
    path("clinic/audit.csv", views.clinic_audit_csv, name="clinic_audit_csv"),
    path("me/record-access/", views.my_record_access, name="my_record_access"),
]
