"""Workflows of the accounts app: the audit trail and staff two-factor enrolment."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent

User = AbstractBaseUser | AnonymousUser


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | type[models.Model] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event and return it.

    `actor` is the staff user (None or anonymous for the system, such as a daily
    command). `action` is a short dotted code, for example "supporters.export".
    `target` is a model instance, or a model class when the action covers many rows
    (an export). `details` must be JSON-serialisable and hold counts, filters and ids,
    never a supporter's name, email, address, phone or IP.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    object_type = object_id = object_label = ""
    if target is not None:
        object_type = target._meta.label_lower
        if isinstance(target, models.Model):
            object_id = str(target.pk)
            # str() of a supporter is their name or email, so only an explicit,
            # non-personal label is stored.
            label = getattr(target, "audit_label", None)
            object_label = str(
                label if label is not None else f"{target._meta.verbose_name} #{target.pk}"
            )
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action[:100],
        object_type=object_type,
        object_id=object_id[:64],
        object_label=object_label[:200],
        details=details or {},
    )


def audit_export(*, request: Any, queryset: models.QuerySet, via: str) -> None:
    """Record that staff exported the rows of `queryset` (how many, through what, filters)."""
    filters = {key: value for key, value in request.GET.items() if key not in {"q", "o", "p"}}
    audit_record(
        actor=request.user,
        action=f"{queryset.model._meta.label_lower}.export",
        target=queryset.model,
        details={"via": via, "rows": queryset.count(), "filters": filters},
    )


def totp_device_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator a staff member is enrolling, made once and reused
    until they confirm it, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(
    *, user: AbstractBaseUser, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm an authenticator with a code it shows; on success replace any older devices
    and return a fresh set of recovery codes (shown once). None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = recovery_codes_replace(user=user, record=False)
    audit_record(actor=user, action="accounts.2fa_enrolled")
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser, record: bool = True) -> list[str]:
    """Throw away a staff member's recovery codes and make a new set; returns them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.STAFF_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if record:
        audit_record(actor=user, action="accounts.recovery_codes_replaced")
    return codes


@transaction.atomic
def two_factor_reset(*, user: AbstractBaseUser, actor: User | None) -> int:
    """Remove every second-factor device of a staff member (a lost phone), so they
    enrol again at their next login. Returns how many devices were removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    audit_record(
        actor=actor,
        action="accounts.2fa_reset",
        target=user,
        details={"username": user.get_username(), "devices_removed": removed},
    )
    return removed


def user_has_two_factor(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _devices_for(*, user: AbstractBaseUser, token: str) -> models.QuerySet:
    # Six digits are an authenticator code; anything else can only be a recovery code.
    if token.isdigit() and len(token) == 6:
        return TOTPDevice.objects.filter(user=user, confirmed=True)
    return StaticDevice.objects.filter(user=user, confirmed=True)


def two_factor_locked_until(*, user: AbstractBaseUser, token: str) -> datetime | None:
    """When the devices this code would go to take codes again after repeated wrong ones,
    or None if one of them takes a code now. A waiting device refuses even the right code."""
    token = "".join(token.split())
    waits = []
    for device in _devices_for(user=user, token=token):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return None
        if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            waits.append(data["locked_until"])
    return min(waits) if waits else None


def two_factor_check(*, user: AbstractBaseUser, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts this code (an authenticator code, or a recovery code,
    which is then used up), or None. Devices throttle repeated failures themselves."""
    token = "".join(token.split())
    for device in _devices_for(user=user, token=token):
        accepted = verify_token(user, device.persistent_id, token)
        if accepted is not None:
            if isinstance(accepted, StaticDevice):
                audit_record(
                    actor=user,
                    action="accounts.recovery_code_used",
                    details={"codes_left": accepted.token_set.count()},
                )
            return accepted
    return None
