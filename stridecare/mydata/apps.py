from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "stridecare.mydata"
    label = "mydata"
    verbose_name = "The runner's own data: export, erasure, privacy zones, video retention"
