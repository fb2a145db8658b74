from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relationships.importers.dataset import DatasetError, load_dataset


class Command(BaseCommand):
    help = "Load the curated, cited dataset from fixtures/dataset (idempotent; all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=settings.DATASET_DIR)
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Remove records the loader wrote earlier that the files no longer hold "
            "(never an editor's own or edited records; deletions stay in history).",
        )

        parser.add_argument(
            "--take-file",
            action="store_true",
            help="Write the files' values over records a person changed since the last load "
            "(without it they are kept, and each difference is reported).",
        )

    def handle(self, *args, **options):
        try:
            counts = load_dataset(
                options["dir"], prune_stale=options["prune"], take_file=options["take_file"]
            )
        except DatasetError as error:
            raise CommandError(
                f"the dataset has {len(error.problems)} problem(s); nothing was written:\n{error}"
            ) from error
        for conflict in counts.conflicts:
            self.stdout.write(self.style.WARNING(f"Kept a person's change: {conflict}"))
        self.stdout.write(self.style.SUCCESS(f"Dataset loaded. {counts.summary()}"))
