from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relationships.backups import RestoreRefused, restore


class Command(BaseCommand):
    help = "Load a backup_data file into a freshly migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by backup_data.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty a database that already holds data before loading (all or nothing).",
        )

    def handle(self, *args, **options):
        try:
            summary = restore(options["file"], replace=options["replace"])
        except RestoreRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored. {summary}"))
