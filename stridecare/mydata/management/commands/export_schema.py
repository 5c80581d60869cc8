from django.core.management.base import BaseCommand

from stridecare.mydata import schema


class Command(BaseCommand):
    help = "Write stridecare/mydata/export_schema.json from the models (after a model change)."

    def handle(self, *args, **options):
        schema.SCHEMA_PATH.write_text(schema.schema_text())
        self.stdout.write(f"wrote {schema.SCHEMA_PATH}")
