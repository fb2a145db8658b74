from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relationships.importers.dataset_export import ExportError, export_dataset


class Command(BaseCommand):
    help = "Write the database back as dataset files; loading them changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where to write the files.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write over a directory that holds dataset files (fixtures/dataset too); "
            "its record files the export does not write are removed.",
        )
        parser.add_argument(
            "--layout",
            type=Path,
            default=settings.DATASET_DIR,
            help="The dataset whose files say which file each record goes to "
            "(records it does not hold go to added.yaml).",
        )

    def handle(self, *args, **options):
        try:
            counts = export_dataset(
                options["directory"], layout=options["layout"], force=options["force"]
            )
        except ExportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Dataset exported. {counts.summary()}"))
