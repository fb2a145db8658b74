from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relationships.importers.boundaries import (
    DEFAULT_TOLERANCE,
    BoundaryImportError,
    import_boundaries,
)


class Command(BaseCommand):
    help = "Import countries and their simplified Natural Earth boundaries (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=settings.BOUNDARIES_FILE)
        parser.add_argument("--countries", type=Path, default=settings.COUNTRIES_FILE)
        parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when boundaries are already stored."
        )

    def handle(self, *args, **options):
        from relationships.models import BoundaryTopology

        if options["if_empty"] and BoundaryTopology.objects.exists():
            self.stdout.write("boundaries: already imported; skipping (drop --if-empty to redo)")
            return
        try:
            result = import_boundaries(
                options["file"], options["countries"], options["tolerance"], log=self.stdout.write
            )
        except (BoundaryImportError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.countries} countries and {result.features} map features."
            )
        )
