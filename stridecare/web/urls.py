from django.urls import include, path

from stridecare.accounts import views as account_views
from stridecare.jobs import views as job_views
from stridecare.web import home
from stridecare.web import views as web_views

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", account_views.login_view, name="login"),
    path("logout/", account_views.logout_view, name="logout"),
    path("jobs/<int:job_id>/", job_views.job_status, name="job_status"),
    path("evidence/", web_views.evidence, name="evidence"),
    path("jobs/<int:job_id>/try-again/", job_views.job_try_again, name="job_try_again"),
    path("", include("stridecare.accounts.urls")),
    path("", include("stridecare.booking.urls")),
    path("", include("stridecare.training.urls")),
    path("", include("stridecare.care.urls")),
    path("", include("stridecare.screening.urls")),
    path("", include("stridecare.inbox.urls")),
    path("", include("stridecare.programs.urls")),
    path("", include("stridecare.gaitlab.urls")),
    path("", include("stridecare.mydata.urls")),
    path("", include("stridecare.audit.urls")),
    path("", include("stridecare.planning.urls")),
    path("", include("stridecare.messaging.urls")),
    path("", include("stridecare.episodes.urls")),
]
