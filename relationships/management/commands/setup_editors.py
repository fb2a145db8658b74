from django.core.management.base import BaseCommand

from relationships.editors import setup_editors


class Command(BaseCommand):
    help = "Create the `editors` group with exactly the permissions editors need (idempotent)."

    def handle(self, *args, **options):
        group, created, count = setup_editors()
        verb = "Created" if created else "Checked"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the {group.name!r} group: {count} permissions.")
        )
