"""Factories and helpers for staff accounts and their second factor."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice) -> str:
    """The code the staff member's phone would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrolled_device(user: object) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
