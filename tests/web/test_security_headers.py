"""Every page of the URL walk (tests/accounts/test_access_rules.py) carries the strict
Content-Security-Policy and `Cache-Control: no-store`, and no page has inline script or style."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from stridecare.web.charts import route_svg
from tests.accounts import test_access_rules
from tests.accounts.test_access_rules import all_views, client_for, url_for

scene = test_access_rules.scene  # the walk's objects and tokens, a fixture

INLINE = {
    "an inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> block": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"<[a-zA-Z][^<>]*\sstyle\s*=", re.IGNORECASE),
    "an on*= handler": re.compile(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE),
}


def inline_bits(html: str) -> list[str]:
    return [what for what, pattern in INLINE.items() if pattern.search(html)]


def assert_guarded(response, where: str) -> None:
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ):
        assert directive in csp, f"{where}: CSP lacks {directive}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache, f"{where}: Cache-Control {cache!r}"
    if response["Content-Type"].startswith("text/html"):
        body = response.content.decode(errors="replace")
        assert inline_bits(body) == [], f"{where} has {inline_bits(body)}"


def test_the_inline_patterns_catch_what_they_should():
    assert inline_bits('<script src="/static/a.js" defer></script>') == []
    assert inline_bits('<p class="flush">style="x" in text</p>') == []
    assert inline_bits("<script>alert(1)</script>") == ["an inline <script>"]
    assert inline_bits('<p class="a" style="margin:0">') == ["a style attribute"]
    assert inline_bits('<button onclick="go()">') == ["an on*= handler"]
    assert inline_bits("<style>.a{}</style>") == ["a <style> block"]
    assert inline_bits('<a href="javascript:go()">') == ["a javascript: URL"]


def test_every_page_of_the_walk_has_the_csp_and_no_store_and_no_inline_script_or_style(scene):
    world, values, tokens = scene
    insiders = {
        "runner": world.runner,
        "therapist": world.therapist,
        "clinic_admin": world.admin,
        "member": world.runner,
    }
    checked = 0
    for name, pattern in all_views():
        access = pattern.callback.access
        users = [None] if access == "public" else [insiders[access.split(":")[1].split(",")[0]]]
        if access == "public":
            users += [world.runner, world.therapist]
        url = url_for(name, pattern, values, tokens)
        for user in users:
            response = client_for(user).get(url)
            assert_guarded(response, f"{name} ({user.email if user else 'anonymous'}) {url}")
            checked += 1
    assert checked > 120


def test_file_downloads_with_health_data_are_never_stored(scene):
    world, values, tokens = scene
    views = dict(all_views())
    downloads = {
        "programs:program_pdf": world.therapist,
        "programs:my_program_pdf": world.runner,
        "booking:visit_ics": world.runner,
        "booking:status_ics": None,
        "booking:feed": None,
        "gaitlab:file": world.runner,
        "gaitlab:staff_file": world.therapist,
    }
    for name, user in downloads.items():
        response = client_for(user).get(url_for(name, views[name], values, tokens))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name
    export = client_for(world.admin).get(reverse("audit:clinic_audit_csv"))
    assert export["Cache-Control"] == "private, no-store"


def test_error_pages_are_guarded_too(db):
    assert_guarded(Client().get("/no-such-page/"), "404")


def test_static_files_keep_their_cache(db):
    response = Client().get("/static/stridecare/app.css")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


def test_the_route_map_has_no_style_attribute():
    svg = route_svg([51.50, 51.51, 51.52], [-0.10, -0.11, -0.12])
    assert svg.startswith("<svg") and inline_bits(svg) == []
