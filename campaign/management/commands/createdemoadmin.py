import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.staff import EDITORS, ORGANIZERS

DEMO_ACCOUNTS = [
    ("admin", None, True),
    ("editor", EDITORS, False),
    ("organizer", ORGANIZERS, False),
]


class Command(BaseCommand):
    help = "Development only: create demo staff logins (admin, editor, organizer) and print them."

    def handle(self, *args, **options) -> None:
        """Create or refresh the demo accounts; refuses to run with DEBUG off."""
        if not settings.DEBUG:
            raise CommandError("createdemoadmin is for development only (DEBUG is off).")
        password_file = settings.VAR_DIR / "demo-admin-password"
        settings.VAR_DIR.mkdir(exist_ok=True)
        if password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = secrets.token_hex(8)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        User = get_user_model()
        for username, group_name, is_superuser in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
        login_url = f"{settings.SITE_URL}/{settings.ADMIN_URL}"
        self.stdout.write(self.style.SUCCESS(f"Demo staff logins at {login_url}"))
        for username, group_name, _ in DEMO_ACCOUNTS:
            role = group_name or "superuser"
            self.stdout.write(f"  {username:<10} password: {password}   ({role})")
