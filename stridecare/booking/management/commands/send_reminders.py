"""`python -m django send_reminders`: queue the visit reminders that are due and have no job
waiting, and pass on waiting-list offers nobody took in time. Safe to run from cron every few
minutes next to the workers (a reminder goes once however many jobs run for it)."""

from django.core.management.base import BaseCommand

from stridecare.booking.reminders import send_due_reminders
from stridecare.booking.selfbook import expire_offers


class Command(BaseCommand):
    help = "Queue due visit reminders and pass on expired waiting-list offers."

    def handle(self, *args, **options) -> None:
        queued = send_due_reminders()
        passed = expire_offers()
        self.stdout.write(f"{len(queued)} reminder(s) queued, {passed} waiting-list offer(s) passed on.")
