from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("screening/start/", views.start, name="start"),
    path("screening/", views.question, name="question"),
    path("screening/finish/", views.finish, name="finish"),
    path("screening/<int:screening_id>/", views.result, name="result"),
    path("screening/<int:screening_id>/request/", views.request_visit, name="request_visit"),
    path("screening/<int:screening_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("clinic/screenings/<int:screening_id>/clear/", views.clear, name="clear"),
    path("clinic/rules/", views.rules_page, name="rules"),
]
