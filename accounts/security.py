from django.conf import settings


def staff_needs_two_factor(user: object) -> bool:
    """Whether this signed-in user must pass the second factor before staff pages."""
    if not settings.STAFF_2FA_REQUIRED:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
