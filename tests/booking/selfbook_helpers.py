"""A clinic with online booking, frozen on a Monday six days before the UK's clocks go forward."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Monday 23 March 2026, 08:00 GMT (= UTC); BST starts on Sunday 29 March.
FROZEN = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)
TEMPLATE = "https://meet.example.org/riverside-{token}"


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def book(visit_type, therapist, start, runner=None, **fields):
    from stridecare.booking import selfbook

    defaults = {"name": "Vera Visitor", "email": "vera@visitor.test"} if runner is None else {}
    defaults.update(fields)
    return selfbook.book_slot(
        visit_type=visit_type,
        therapist_id=therapist.pk,
        start=start,
        submission_token=secrets.token_urlsafe(16),
        runner=runner,
        **defaults,
    )
