from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relationships.backups import RestoreRefused, backup


class Command(BaseCommand):
    help = "Write every table (facts, history, users, tokens) to an XML file restore_data loads."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the backup (FILE.xml).")

    def handle(self, *args, **options):
        try:
            backup(options["file"])
        except RestoreRefused as error:
            raise CommandError(str(error)) from error
        size = options["file"].stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {options['file']} ({size} bytes).")
        )
