from django.urls import path

from . import views

app_name = "episodes"
urlpatterns = [
    path("clinic/runners/<int:runner_id>/episodes/new/", views.episode_new, name="episode_new"),
    path("clinic/episodes/<int:episode_id>/", views.episode_detail, name="episode"),
    path("clinic/episodes/<int:episode_id>/discharge/", views.episode_discharge, name="discharge"),
    path("clinic/episodes/<int:episode_id>/letters/", views.letter_new, name="letter_new"),
    path("clinic/letters/<int:letter_id>/", views.letter_detail, name="letter"),
    path("clinic/letters/<int:letter_id>/finalise/", views.letter_finalise, name="letter_finalise"),
    path("clinic/letters/<int:letter_id>/pdf/", views.letter_pdf_view, name="letter_pdf"),
    path("my/letters/", views.my_letters, name="my_letters"),
    path("my/letters/<int:letter_id>/pdf/", views.my_letter_pdf, name="my_letter_pdf"),
]
