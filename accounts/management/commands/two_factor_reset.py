from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import two_factor_reset


class Command(BaseCommand):
    help = "Remove a staff member's authenticator and recovery codes (a lost phone)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        """Reset one account's second factor; they enrol again at their next login."""
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
        removed = two_factor_reset(user=user, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} two-factor device(s) of {username}; "
                "they will set up a new authenticator at their next login."
            )
        )
