from django.core import mail
from django.urls import reverse

from stridecare.inbox.alerts import raise_alert
from stridecare.inbox.models import Alert


def test_help_now_shows_resources_at_once_without_login(db, client):
    page = client.get(reverse("inbox:help_now")).content.decode()
    assert 'id="crisis-resources"' in page and "116 123" in page and "112" in page
    assert Alert.objects.count() == 0


def test_a_runner_pressing_help_alerts_their_therapist_and_still_sees_the_numbers(world, client):
    world.clinic.crisis_line, world.clinic.emergency_number = "116 123 (Samaritans)", "999"
    world.clinic.save()
    client.force_login(world.runner)
    page = client.post(reverse("inbox:help_now"), follow=True).content.decode()
    assert '<a class="phone" href="tel:116123">116 123</a> (Samaritans)' in page and 'href="tel:999"' in page
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.clinic, alert.runner) == ("self_harm", "red", world.clinic, world.runner)
    assert mail.outbox[-1].to == [world.therapist.email] and "Sam Rivera" in mail.outbox[-1].body


def test_every_runner_page_has_the_help_button(world, client):
    client.force_login(world.runner)
    for url in (reverse("home"), reverse("training:dashboard"), reverse("accounts:profile"), reverse("training:shoes")):
        assert reverse("inbox:help_now") in client.get(url).content.decode(), url


def test_therapist_reads_alerts_and_a_crisis_needs_a_recorded_follow_up(world, client):
    flare = raise_alert(runner=world.runner, kind="flare_up", title="Pain 7/10 in step-downs")
    crisis = raise_alert(runner=world.runner, kind="self_harm", severity="red", title="PHQ-9 item 9 answered 1")
    client.force_login(world.therapist)
    page = client.get(reverse("inbox:inbox")).content.decode()
    assert "Pain 7/10" in page and "a person to follow up today" in page
    client.post(reverse("inbox:mark_read", args=[flare.pk]), HTTP_HX_REQUEST="true")
    client.post(reverse("inbox:acknowledge", args=[crisis.pk]), {"response": ""})
    crisis.refresh_from_db()
    assert crisis.acknowledged_at is None
    client.post(reverse("inbox:acknowledge", args=[crisis.pk]), {"response": "Called at 14:10; safe; GP informed."})
    flare.refresh_from_db()
    crisis.refresh_from_db()
    assert flare.read_by == world.therapist and crisis.acknowledged_by == world.therapist and "14:10" in crisis.response
    assert world.other_therapist.email not in [to for m in mail.outbox for to in m.to]
