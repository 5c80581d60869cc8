"""A clinic's country, its emergency / urgent / crisis numbers (REFERENCE.md 0.3, 8.3: configured per
clinic) and its time zone (an IANA name; an old free-text value never breaks a page)."""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.test import Client
from django.urls import reverse

from stridecare.accounts.models import Clinic
from stridecare.core.care.helplines import phone_segments
from tests.booking.helpers import make_request
from tests.screening.test_screening_stop import knee, walk

SETTINGS = {
    "name": "Riverside Running Clinic",
    "country": "GB",
    "timezone": "Europe/London",
    "default_visit_minutes": "45",
    "emergency_number": "999",
    "urgent_number": "NHS 111 (free, 24/7)",
    "crisis_line": "Samaritans: 116 123 (free, 24/7)\nShout: text SHOUT to 85258 (free, 24/7)",
    "working_day_ends": "18:00",
    "self_harm_phrases": "kill myself",
}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clinic_gets_the_numbers_of_its_country(world):
    clinic = Clinic.objects.get(pk=world.clinic.pk)  # created with only a London zone
    assert (clinic.country, clinic.emergency_number) == ("GB", "999")
    assert clinic.urgent_number.startswith("NHS 111") and "116 123" in clinic.crisis_line
    other = Clinic.objects.get(pk=world.other_clinic.pk)  # zone UTC: the server's country
    assert other.country == settings.STRIDECARE_COUNTRY and other.emergency_number == "112"


def test_a_new_country_brings_its_numbers_but_keeps_the_ones_the_clinic_typed(world):
    admin = login(world.admin)
    assert admin.post(reverse("accounts:clinic_settings"), SETTINGS | {"country": "US"}).status_code == 302
    clinic = Clinic.objects.get(pk=world.clinic.pk)
    assert clinic.emergency_number == "911" and "741741" in clinic.crisis_line and clinic.urgent_number == ""
    own = "Our own line: 0800 555 0100"
    admin.post(
        reverse("accounts:clinic_settings"), SETTINGS | {"country": "US", "crisis_line": own, "emergency_number": "911"}
    )
    admin.post(
        reverse("accounts:clinic_settings"), SETTINGS | {"country": "AU", "crisis_line": own, "emergency_number": "911"}
    )
    clinic = Clinic.objects.get(pk=world.clinic.pk)
    assert clinic.emergency_number == "000" and clinic.crisis_line == own  # typed line kept, default number replaced


def test_empty_numbers_are_filled_from_the_country_and_a_line_without_a_number_is_refused(world):
    admin = login(world.admin)
    admin.post(reverse("accounts:clinic_settings"), SETTINGS | {"emergency_number": "", "crisis_line": ""})
    clinic = Clinic.objects.get(pk=world.clinic.pk)
    assert clinic.emergency_number == "999" and clinic.crisis_line.startswith("Samaritans")
    page = admin.post(
        reverse("accounts:clinic_settings"), SETTINGS | {"crisis_line": "Call our nurse"}
    ).content.decode()
    assert "Line 1 (&quot;Call our nurse&quot;) has no phone number" in page
    page = admin.post(reverse("accounts:clinic_settings"), SETTINGS | {"emergency_number": "nine"}).content.decode()
    assert "Digits only" in page


def test_london_as_a_zone_is_refused_with_a_clear_message(world):
    admin = login(world.admin)
    page = admin.get(reverse("accounts:clinic_settings")).content.decode()
    assert '<optgroup label="Europe">' in page and '<option value="Europe/London" selected>London</option>' in page
    response = admin.post(reverse("accounts:clinic_settings"), SETTINGS | {"timezone": "London"})
    assert response.status_code == 200 and "London is not one of the available choices" in response.content.decode()
    assert Clinic.objects.get(pk=world.clinic.pk).timezone == "Europe/London"
    form_class = response.context["form"].__class__
    form = form_class(SETTINGS | {"timezone": "London"}, instance=world.clinic)
    form.fields["timezone"].choices = [("London", "London")]  # even a tampered select is checked on save
    assert not form.is_valid() and "is not a time zone name" in form.errors["timezone"][0]


def test_a_stored_free_text_zone_reads_as_utc_with_a_warning_and_no_page_breaks(world):
    Clinic.objects.filter(pk=world.clinic.pk).update(timezone="London")
    clinic = Clinic.objects.get(pk=world.clinic.pk)
    assert clinic.timezone == "UTC" and clinic.stored_invalid_timezone == "London"
    page = login(world.admin).get(reverse("accounts:clinic_settings")).content.decode()
    assert 'id="invalid-timezone"' in page and "London" in page
    runner = login(world.runner)
    assert runner.get(reverse("booking:request_form", args=[world.clinic.slug])).status_code == 200
    assert Client().get(reverse("booking:request_form", args=[world.clinic.slug])).status_code == 200
    req = make_request(world.clinic, world.runner)
    assert runner.get(reverse("booking:status", args=[req.status_token])).status_code == 200
    therapist = login(world.therapist)
    for url in (
        reverse("booking:queue"),
        reverse("booking:calendar"),
        reverse("booking:request_detail", args=[req.pk]),
    ):
        assert therapist.get(url).status_code == 200, url


def test_the_migration_sets_the_country_and_repairs_a_clear_free_text_zone(world):
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module("stridecare.accounts.migrations.0003_clinic_country_numbers")
    Clinic.objects.filter(pk=world.clinic.pk).update(
        timezone="London", emergency_number="112", urgent_number="", crisis_line="", country=""
    )
    Clinic.objects.filter(pk=world.other_clinic.pk).update(timezone="Nowhere", emergency_number="911", country="")
    state = MigrationExecutor(connection).loader.project_state(("accounts", "0003_clinic_country_numbers"))
    migration.set_country_and_numbers(state.apps, None)
    riverside = Clinic.objects.get(pk=world.clinic.pk)
    assert (riverside.timezone, riverside.country, riverside.emergency_number) == ("Europe/London", "GB", "999")
    assert riverside.urgent_number.startswith("NHS 111") and riverside.crisis_line.startswith("Samaritans")
    other = Clinic.objects.get(pk=world.other_clinic.pk)
    assert (
        other.country == "US" and other.stored_invalid_timezone == "Nowhere"
    )  # left for the clinic to choose, with the warning


class _TextOutsideLinks(HTMLParser):
    """Collects text shown outside any tel:/sms: link (form fields and scripts are not shown text)."""

    SKIP = {"textarea", "option", "script", "style", "title"}

    def __init__(self):
        super().__init__()
        self.stack, self.outside, self.linked = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "circle", "path", "line", "rect"}:
            self.stack.append((tag, dict(attrs).get("href") or ""))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(tag in self.SKIP for tag, _ in self.stack):
            return
        in_link = any(tag == "a" and href.startswith(("tel:", "sms:")) for tag, href in self.stack)
        (self.linked if in_link else self.outside).append(data)


def clinic_numbers(clinic) -> set[str]:
    lines = [clinic.emergency_number, clinic.urgent_number, clinic.phone, *clinic.crisis_line.splitlines()]
    return {s.text for line in lines for s in phone_segments(line) if s.href}


def test_every_page_showing_a_clinic_number_has_it_inside_a_tap_to_call_link(world):
    Clinic.objects.filter(pk=world.clinic.pk).update(phone="020 7946 0000")
    clinic = Clinic.objects.get(pk=world.clinic.pk)
    numbers = clinic_numbers(clinic)
    assert {"999", "111", "116 123", "85258", "020 7946 0000"} <= numbers
    runner = login(world.runner)
    pages = {
        "help now": runner.get(reverse("inbox:help_now")),
        "help now, not logged in": Client().get(reverse("inbox:help_now")),
        "request form": runner.get(reverse("booking:request_form", args=[clinic.slug])),
        "clinic settings": login(world.admin).get(reverse("accounts:clinic_settings")),
        "well-being": runner.get(reverse("programs:wellbeing")),
        "check-in crisis": runner.post(
            reverse("programs:wellbeing"),
            {
                "checkin": "1",
                "note": "I want to end my life",
                "sleep": "3",
                "energy": "3",
                "stress": "3",
                "mood": "3",
                "motivation": "3",
                "soreness": "3",
                "red_flags": ["none"],
            },
        ),
        "today": runner.get(reverse("programs:today")),
    }
    _, pages["same-day result"] = walk(runner, knee(weight_bearing_ok=False, pain_walking=8, hop_pain=None))
    _, pages["emergency result"] = walk(runner, knee(heat_illness_signs=True))
    _, pages["crisis result"] = walk(runner, knee(self_harm_indicator=True))
    for name, response in pages.items():
        assert response.status_code == 200, name
        parser = _TextOutsideLinks()
        parser.feed(response.content.decode())
        outside = " ".join(parser.outside)
        for number in numbers:
            assert not re.search(r"(?<![\d+])" + re.escape(number) + r"(?!\d)", outside), (
                f"{name}: {number} shown outside a tel:/sms: link"
            )
        assert set(parser.linked) & numbers, f"{name} shows none of the clinic's numbers"
    crisis = pages["check-in crisis"].content.decode()
    assert (
        'href="tel:116123"' in crisis and 'href="sms:85258?body=SHOUT"' in crisis and 'href="tel:02079460000"' in crisis
    )
