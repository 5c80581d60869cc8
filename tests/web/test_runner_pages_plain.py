"""Nothing a runner or a visitor reads shows the codes of the clinical reference.

With the demo clinic seeded, each demo runner and an anonymous visitor follow every same-site link
from the home page (breadth first, a few pages per URL pattern) and the visible text of every page
is checked for section numbers, evidence tags, rule ids, snake_case codes and placeholder items,
and every page for links to the staff pages. Therapist pages may show rule ids and are not crawled.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import Resolver404, path, resolve

from stridecare.web.urls import urlpatterns as site_patterns

PER_PATTERN = 3  # pages of one URL pattern (e.g. three exercise pages), enough to see each template
MAX_PAGES = 400
SKIP_PATHS = ("/logout/", "/static/", "/media/")
SKIP_SUFFIXES = (".ics", ".pdf", ".csv", ".gpx", ".fit", ".tcx", ".zip", ".mp4", ".png", ".jpg", ".svg")

CHECKS: tuple[tuple[str, re.Pattern], ...] = (
    ("reference document", re.compile(r"REFERENCE(?:\.md)?\b")),
    ("section number", re.compile(r"\((?:\d+\.)+\d+\)|\bsection\s+\d+(?:\.\d+)*", re.IGNORECASE)),
    ("evidence tag", re.compile(r"\[(?:V|K|H)(?:\s*[:,/+][^\]]*)?\]")),
    ("rule id", re.compile(r"\b(?:LF|RF|GR|EX|OM|RTR)-(?:\d+|[A-Z]{3,})\b")),
    ("code", re.compile(r"\b[a-z]+_[a-z_]+\b")),
    ("placeholder item", re.compile(r"\bitem \d+\b", re.IGNORECASE)),
)


class VisibleText(HTMLParser):
    """The text a person sees (no scripts, styles or attributes) and the page's links."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()


@dataclass(frozen=True)
class Offence:
    url: str
    pattern: str
    check: str
    text: str

    def __str__(self) -> str:
        return f"{self.url} [{self.pattern}] {self.check}: {self.text!r}"


def offences_in(html: str) -> list[tuple[str, str]]:
    """(check, excerpt) for each offending text of a page, and each link to a staff page."""
    page = VisibleText()
    page.feed(html)
    found = []
    for name, pattern in CHECKS:
        for match in pattern.finditer(page.text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append((name, page.text[start:end]))
    found += [("staff link", href) for href in page.links if urlsplit(href).path.startswith("/clinic/")]
    return found


def pattern_name(path_: str) -> str:
    try:
        match = resolve(path_)
    except Resolver404:
        return "(no pattern)"
    return match.view_name


def crawl(client: Client, start: str = "/") -> tuple[list[Offence], Counter]:
    """Breadth-first over same-site links; returns the offences and the pages seen per pattern."""
    queue, seen, per_pattern, found = deque([start]), {start}, Counter(), []
    while queue and sum(per_pattern.values()) < MAX_PAGES:
        url = queue.popleft()
        name = pattern_name(urlsplit(url).path)
        if per_pattern[name] >= PER_PATTERN:
            continue
        response = client.get(url)
        per_pattern[name] += 1
        if response.status_code in (301, 302):
            _enqueue(response["Location"], url, queue, seen)
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        found += [Offence(url, name, check, text) for check, text in offences_in(html)]
        parser = VisibleText()
        parser.feed(html)
        for href in parser.links:
            _enqueue(href, url, queue, seen)
    return found, per_pattern


def _enqueue(href: str, base: str, queue: deque, seen: set) -> None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return
    if not parts.path:
        return
    target = parts.path if parts.path.startswith("/") else urlsplit(base).path.rsplit("/", 1)[0] + "/" + parts.path
    if parts.query:
        target += "?" + parts.query
    if target.startswith("/clinic/") or target.startswith(SKIP_PATHS) or parts.path.lower().endswith(SKIP_SUFFIXES):
        return
    if target not in seen:
        seen.add(target)
        queue.append(target)


# ---- the crawl -----------------------------------------------------------------------------------

VISITORS = ("sam@runner.example", "jo@runner.example", "kai@runner.example", None)
# Pages a runner or visitor can open that no link leads to (so the crawl cannot reach them).
NOT_LINKED = {
    "messaging:my_attachment": "a photo or PDF sent in a message (the demo clinic has sent none)",
    "accounts:accept_invitation": "reached from an invitation email",
    "accounts:password_reset_confirm": "reached from a password-reset email",
    "accounts:password_reset_complete": "after a password reset",
    "accounts:password_reset_done": "after asking for a password reset (a POST)",
    "accounts:signup_sent": "after signing up (a POST)",
    "accounts:signup_confirm": "reached from the sign-up email",
    "booking:status_action": "the runner's answer to a proposed time (a POST)",
    "programs:morning": "a POST from Today",
    "programs:walk_run_morning": "a POST from the return-to-running page",
    "screening:acknowledge": "a POST from the screening result",
    "screening:request_visit": "a POST from the screening result",
    "accounts:reset_calendar_token": "a POST from the profile",
    "training:file_recover": "a POST for an unfinished upload",
    "training:shoe_retire": "a POST from a shoe page",
    "programs:follow_up": "after a positive well-being screen (a POST)",
    "gaitlab:status": "polled by the gait upload page",
    "job_status": "polled by upload pages",
    "programs:log": "the log form on Today posts to it",
    "screening:finish": "the last question of the screening goes on to it",
    "planning:illness": "a POST from the plan page",
    "planning:reset_feed": "a POST from the plan page",
    "mydata:handoff_share": "a POST from the report page (share with my clinic, or stop)",
    "planning:feed": "a calendar app subscribes to it (the plan page shows the link to copy)",
    "planning:workout_fit": "a FIT download linked from the plan page (downloads are not crawled)",
    # The demo clinic has no records of these kinds (no uploaded file, shoe or gait video).
    "training:file_status": "the demo runs are generated, not uploaded",
    "training:shoe": "the demo runners have no shoes yet",
    "booking:reschedule": "the demo visits were arranged by the clinic, not booked online",
    "booking:offer": "reached from a waiting-list offer email",
    "gaitlab:report": "the demo has no gait video analysis",
    "gaitlab:compare": "the demo has no gait video analysis",
    "mydata:zone_add": "a POST from My data",
    "mydata:zone_delete": "a POST from My data",
    "mydata:retention": "a POST from My data",
    "mydata:export_start": "a POST from My data",
    "mydata:erase": "a POST from My data",
    "mydata:original_file": "the demo runs are generated, not uploaded",
    "episodes:my_letter_pdf": "the demo has no final discharge summary (a PDF download)",
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def _client(email: str | None) -> Client:
    from stridecare.accounts.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def test_no_runner_or_visitor_page_shows_a_code(demo):
    """One crawl per demo runner and one as a visitor; fails listing (url, pattern, check, text)."""
    from tests.accounts.test_access_rules import all_views

    all_found, reached = [], Counter()
    for email in VISITORS:
        found, per_pattern = crawl(_client(email))
        all_found += found
        reached += per_pattern
    offending = sorted({str(o) for o in all_found})
    problems = [f"{len(offending)} offending texts:", *offending] if offending else []
    for name in (
        "home",
        "evidence",
        "booking:request_form",
        "booking:status",
        "care:my_summaries",
        "care:my_summary",
        "screening:result",
        "programs:today",
        "training:dashboard",
        "inbox:help_now",
        "login",
    ):
        if not reached[name]:
            problems.append(f"the crawl did not reach {name}")
    # Every page a runner or a visitor may open is reached by a link, or NOT_LINKED says why not.
    open_to_them = {
        name
        for name, p in all_views()
        if p.callback.access == "public" or "runner" in p.callback.access.split(":")[-1].split(",")
    }
    staff_only = {name for name, p in all_views() if str(p.pattern).startswith("clinic/")}
    downloads = {
        "logout",
        "booking:feed",
        "booking:status_ics",
        "booking:visit_ics",
        "programs:my_program_pdf",
        "gaitlab:file",
        "mydata:handoff_pdf",  # the report page's span form downloads it (a GET form, not a link)
    }
    missing = sorted(open_to_them - staff_only - downloads - set(reached) - set(NOT_LINKED))
    if missing:
        problems.append(f"runner or visitor pages no link reaches (link them, or say why in NOT_LINKED): {missing}")
    assert not problems, "\n".join(problems)


# ---- the checker can fail ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "check"),
    [
        ("<p>Source: REFERENCE.md 6.4</p>", "reference document"),
        ("<p>Differential map (1.12)</p>", "section number"),
        ("<p>see section 8.3</p>", "section number"),
        ("<p>Frandsen 2025 [V:R01]</p>", "evidence tag"),
        ("<p>clinic default [H]</p>", "evidence tag"),
        ("<p>[V:R12, R13] step rate</p>", "evidence tag"),
        ("<p>LF-01 · spike</p>", "rule id"),
        ("<p>RF-03 fired</p>", "rule id"),
        ("<p>Consistent with gluteal_tendinopathy</p>", "code"),
        ("<p>Urgency: same_day</p>", "code"),
        ("<p>unanswered cancer_history</p>", "code"),
        ("<p>Item 3: how often</p>", "placeholder item"),
        ('<p><a href="/clinic/runners/">runners</a></p>', "staff link"),
    ],
)
def test_the_checker_finds_each_kind_of_code(html, check):
    assert check in [name for name, _ in offences_in(html)]


def test_the_checker_reads_only_what_a_person_sees():
    html = (
        '<p data-code="LF-01" class="same_day">Plain words, 5.5 km in 31:20 (checked against the published study)</p>'
        '<script>var snake_case_name = "REFERENCE.md 6.4";</script><style>.badge_x {}</style>'
        '<a href="/evidence/#R01">Frandsen et al., Br J Sports Med 2025</a>'
    )
    assert offences_in(html) == []


def bad_page(request):
    return HttpResponse(
        "<html><body><p>Your knee: consistent with pfp_classic (REFERENCE.md 1.1 [K]).</p></body></html>"
    )


def start_page(request):
    return HttpResponse(
        '<html><body><a href="/bad/">a page</a> <a href="https://elsewhere.example/x">away</a></body></html>'
    )


urlpatterns = [path("", start_page, name="home"), path("bad/", bad_page, name="bad"), *site_patterns[1:]]


@override_settings(ROOT_URLCONF=__name__)
def test_a_new_page_with_codes_fails_the_crawl(db):
    found, per_pattern = crawl(Client())
    assert {(o.url, o.check) for o in found} >= {
        ("/bad/", "code"),
        ("/bad/", "reference document"),
        ("/bad/", "evidence tag"),
    }
    assert per_pattern["bad"] == 1 and "(no pattern)" not in per_pattern
