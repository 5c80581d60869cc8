from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "stridecare.episodes"
    label = "episodes"
    verbose_name = "Episodes of care and their letters"
