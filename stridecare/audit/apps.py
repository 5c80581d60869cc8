from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stridecare.audit"
    label = "audit"
    verbose_name = "Who read or changed a runner's clinical record"
