from django.core.management.base import BaseCommand

from stridecare.mydata import export, retention


class Command(BaseCommand):
    help = "Remove gait videos past the runner's chosen retention and export files past their time (daily timer)."

    def handle(self, *args, **options):
        videos = retention.enforce()
        exports = export.purge_exports()
        self.stdout.write(f"{videos} gait video(s) removed, {exports} export file(s) removed.")
