"""Staff login with the second factor, the lockout page and the privacy page, in a browser."""

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import totp_code
from tests.e2e.axe import assert_accessible
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_new_staff_member_enrols_and_reaches_the_admin(page, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = UserFactory(is_staff=True, is_superuser=True, username="newstaff")
    log_in(page, "newstaff")

    page.wait_for_url("**/account/two-factor/**")
    assert page.get_by_role("heading", name="Turn on two-factor login").is_visible()
    assert page.locator("img.qr-code").is_visible()
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Turn on two-factor login").click()

    page.wait_for_url("**/recovery-codes/**")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes, continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()


def test_enrolled_staff_member_types_a_code_after_the_password(page, settings, time_machine):
    settings.STAFF_2FA_REQUIRED = True
    # The server runs in this process, so it reads the same clock.
    time_machine.move_to(timezone.now(), tick=True)
    user = UserFactory(is_staff=True, username="enrolled")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    log_in(page, "enrolled")
    page.wait_for_url("**/account/two-factor/verify/**")
    assert_accessible(page)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    # A wrong code makes the device wait a second before it accepts another: step past it.
    time_machine.shift(timedelta(seconds=2))
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_lockout_page_is_clear_and_accessible(page, settings):
    UserFactory(is_staff=True, username="guessed")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, "guessed", "wrong password")
    assert page.get_by_role("heading", name="Too many login attempts").is_visible()
    assert_accessible(page)


def test_privacy_page_is_reachable_from_the_footer_and_accessible(page):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", name="Privacy: what we keep and why").is_visible()
    assert_accessible(page)
