"""Create the demo clinic and its people. Safe to run again: existing rows are kept."""

from django.core.management.base import BaseCommand
from django.db import transaction

from stridecare.accounts.models import Clinic, User

DEMO_PASSWORD = "stride-demo-2026"
CLINIC = {"slug": "riverside", "name": "Riverside Running Clinic", "address": "1 Towpath Lane, Riverside", "phone": "+44 20 7946 0000",
          "timezone": "Europe/London", "mobile_postcodes": "SW1, SW3, SW7, SW11", "emergency_number": "999",
          "crisis_line": "116 123 (Samaritans, free, 24/7)"}
PEOPLE = [
    # email, name, role, is_therapist, is_clinic_admin
    ("admin@riverside.example", "Alex Morgan", User.Role.STAFF, False, True),
    ("priya@riverside.example", "Priya Shah", User.Role.STAFF, True, False),
    ("tom@riverside.example", "Tom Becker", User.Role.STAFF, True, False),
    ("sam@runner.example", "Sam Rivera", User.Role.RUNNER, False, False),
    ("jo@runner.example", "Jo Lindqvist", User.Role.RUNNER, False, False),
    ("kai@runner.example", "Kai Okafor", User.Role.RUNNER, False, False),
]


class Command(BaseCommand):
    help = "Create the demo clinic (Riverside Running Clinic) with an admin, two therapists and three runners."

    @transaction.atomic
    def handle(self, *args, **options):
        clinic, _ = Clinic.objects.get_or_create(slug=CLINIC["slug"], defaults=CLINIC)
        therapists = []
        for email, name, role, is_therapist, is_admin in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role, clinic=clinic,
                                                is_therapist=is_therapist, is_clinic_admin=is_admin, timezone=clinic.timezone)
            if is_therapist:
                therapists.append(user)
            elif role == User.Role.RUNNER and user.primary_therapist_id is None:
                user.primary_therapist = therapists[len(email) % len(therapists)]
                user.save(update_fields=["primary_therapist"])
        self._seed_runs(clinic)
        self.stdout.write(self.style.SUCCESS(f"Demo clinic: {clinic.name}. Every demo login uses the password {DEMO_PASSWORD}"))
        for email, name, role, is_therapist, is_admin in PEOPLE:
            label = "clinic admin" if is_admin else "physical therapist" if is_therapist else "runner"
            self.stdout.write(f"  {label:<19} {email:<26} ({name})")

    def _seed_runs(self, clinic: Clinic) -> None:
        """Six months of generated runs for each demo runner who has none (the first runner gets a spike)."""
        from django.utils import timezone

        from stridecare.training.demo import generate_history
        from stridecare.training.imports import refresh_load, save_activities

        runners = User.objects.filter(clinic=clinic, role=User.Role.RUNNER, email__in=[p[0] for p in PEOPLE]).order_by("email")
        for runner in runners:
            if runner.activities.exists():
                continue
            history = generate_history(runner.email, timezone.localdate(), clinic.timezone, spike=runner.email == "sam@runner.example")
            save_activities(runner, history, None)
            refresh_load(runner)
