from django.core.management.base import BaseCommand

from relationships import synthetic


class Command(BaseCommand):
    help = "Add (or --remove) a synthetic dataset for the benchmark, marked `synthetic-`."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Delete the synthetic rows.")
        parser.add_argument("--agreements", type=int, default=20_000)
        parser.add_argument("--parties", type=int, default=80_000)
        parser.add_argument("--organisations", type=int, default=50)
        parser.add_argument(
            "--presences", type=int, default=20_000, help="Presences abroad (map markers)."
        )

    def handle(self, *args, **options):
        if options["remove"]:
            synthetic.remove(log=self.stdout.write)
            return
        counts = synthetic.generate(
            agreements=options["agreements"],
            parties=options["parties"],
            organisations=options["organisations"],
            presences=options["presences"],
            log=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(f"Synthetic data present: {counts.summary()}"))
