import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relationships.coverage import coverage, report_lines


class Command(BaseCommand):
    help = "Print the coverage of the loaded data: totals, unverified share, G20 and UK figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", help="Count ties that hold on this date, YYYY-MM-DD (default: today)."
        )

    def handle(self, *args, **options):
        date = timezone.localdate()
        if options["as_of"]:
            try:
                date = datetime.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a YYYY-MM-DD date."
                ) from error
        self.stdout.write("\n".join(report_lines(coverage(date))))
