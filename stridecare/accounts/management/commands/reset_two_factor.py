"""Remove a person's second factor from the command line: for the last clinic admin, who has no
colleague to do it on the staff page. Recorded like a reset on the staff page (TwoFactorReset)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from stridecare.accounts.models import User
from stridecare.accounts.two_factor import reset_second_factor


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes; they set up new ones at their next login."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's email address")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No account has the email {email!r}.")
        reset_second_factor(user, None, "command")
        self.stdout.write(f"Two-step login of {user.email} removed; they set up a new one at their next login.")
