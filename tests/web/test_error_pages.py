"""404 and 500 pages in the site layout, with a way back and the way to help. Django's test client
runs with DEBUG off, so the real handlers answer."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from stridecare.web.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view, name="broken"), *site_patterns]


def assert_layout_with_a_way_back(body: str) -> None:
    assert "<header" in body and "<footer" in body and "Stridecare</strong>" in body  # base.html
    assert '<a role="button" href="/">Go to the home page</a>' in body
    assert f'href="{reverse("inbox:help_now")}"' in body and "Need help now" in body


def test_an_unknown_url_answers_404_in_the_site_layout(settings):
    assert settings.DEBUG is False
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert_layout_with_a_way_back(response.content.decode())


def test_a_runner_gets_the_404_with_their_own_menu(world):
    client = Client()
    client.force_login(world.runner)
    response = client.get(reverse("care:my_summary", args=[999999]))
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body and "Log out" in body
    assert_layout_with_a_way_back(body)


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_500_in_the_site_layout_without_a_request_context():
    response = Client(raise_request_exception=False).get("/broken/")
    body = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in body
    assert_layout_with_a_way_back(body)
    assert "Log in" in body  # no user in the context: the visitor's menu
