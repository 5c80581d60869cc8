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
