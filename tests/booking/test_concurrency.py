"""Two therapists' screens confirm two requests for the same therapist and time at the same moment.
Needs real concurrent transactions: runs on PostgreSQL (`make test-postgres`, CI's second step)."""

import threading
import time

import pytest
from django.db import connection, connections

from stridecare.booking import actions
from stridecare.booking.models import Visit
from tests.booking.helpers import make_request

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions are tested on PostgreSQL"),
]


def test_two_simultaneous_confirmations_book_the_therapist_once(world, tomorrow_10am, monkeypatch):
    first, second = make_request(world.clinic), make_request(world.clinic)
    real_check = actions.overlapping_visits

    def slow_check(*args):
        # Widen the window between "is the therapist free?" and the insert, so that without the
        # lock both transactions would see a free calendar.
        found = real_check(*args)
        found = list(found)
        time.sleep(0.3)
        return _FakeQS(found)

    monkeypatch.setattr(actions, "overlapping_visits", slow_check)
    barrier = threading.Barrier(2)
    outcomes = {}

    def confirm(req, minutes_offset):
        barrier.wait()
        try:
            actions.confirm_request(
                req.pk,
                therapist=world.therapist,
                start=tomorrow_10am.replace(minute=minutes_offset),
                minutes=45,
                actor=None,
            )
            outcomes[req.pk] = "booked"
        except actions.BookingError as err:
            outcomes[req.pk] = str(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(first, 0)), threading.Thread(target=confirm, args=(second, 15))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert list(outcomes.values()).count("booked") == 1
    assert any("already has a visit" in v for v in outcomes.values())
    assert Visit.objects.filter(therapist=world.therapist).count() == 1


class _FakeQS(list):
    """A list with the two queryset methods confirm_request uses on the overlap check."""

    def first(self):
        return self[0] if self else None

    def exists(self):
        return bool(self)


def test_runners_booking_the_same_free_slot_at_the_same_moment_get_it_once(world):
    """Eight threads (eight connections) book one slot at once: one visit, seven 'just taken'.
    Without the therapist's row lock they would all see the slot free; without it and the unique
    constraint, several visits would be written."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from stridecare.booking import selfbook
    from stridecare.booking.availability import slots_for
    from stridecare.booking.setup import set_up_availability

    types = {t.name: t for t in set_up_availability(world.clinic, [world.therapist])}
    visit_type = types["Follow-up"]
    slot = slots_for(world.clinic, visit_type, not_before=timezone.now() + timedelta(days=2))[0]
    barrier = threading.Barrier(8)
    outcomes = []

    def take():
        barrier.wait()
        try:
            selfbook.book_slot(
                visit_type=visit_type,
                therapist_id=slot.therapist_id,
                start=slot.start,
                submission_token=secrets.token_urlsafe(16),
                name="Racer",
                email="racer@x.test",
            )
            outcomes.append("booked")
        except actions.BookingError as err:
            outcomes.append(str(err))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("booked") == 1 and len(outcomes) == 8
    assert all("a moment ago" in o for o in outcomes if o != "booked")
    assert Visit.objects.filter(therapist=world.therapist, status__in=Visit.HOLDING).count() == 1
