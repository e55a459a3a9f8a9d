"""Two-factor login for staff: enrolment, recovery codes, verification, enforcement."""

import re
import time

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent
from tests.accounts.factories import enrolled_device, totp_code
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
required = override_settings(STAFF_2FA_REQUIRED=True)


def password_login(client, user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.mark.django_db
@required
def test_staff_without_a_device_is_sent_to_enrolment_after_the_password(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/?next=%2Fadmin%2F"
    assert client.get("/admin/auth/user/").status_code == 302


@pytest.mark.django_db
@required
def test_enrolment_shows_a_qr_code_confirms_and_shows_recovery_codes_once(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, user)

    page = client.get("/account/two-factor/?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'autocomplete="one-time-code"' in html
    assert '<label for="id_code"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # Reloading keeps the same secret, so a half-done scan is not wasted.
    client.get("/account/two-factor/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "did not match" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    # A wrong code makes the device wait a moment before the next try.
    device.refresh_from_db()
    refused = client.post("/account/two-factor/", {"code": totp_code(device), "next": "/admin/"})
    assert refused.status_code == 400
    with time_machine.travel(time.time() + 5, tick=False):
        device.refresh_from_db()
        done = client.post("/account/two-factor/", {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 302
    assert done["Location"].startswith("/account/two-factor/recovery-codes/")
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(done["Location"])
    assert codes_page.status_code == 200
    assert "no-store" in codes_page["Cache-Control"]
    codes = re.findall(r"<li><code>([^<]+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    # Shown once: the next visit does not show them again.
    again = client.get("/account/two-factor/recovery-codes/")
    assert again.status_code == 302
    assert AuditEvent.objects.filter(actor=user, action="accounts.2fa_enrolled").exists()

    # This session is verified now.
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@required
def test_staff_with_a_device_must_enter_a_code_after_the_password(client):
    user = UserFactory(is_staff=True)
    device = enrolled_device(user)
    password_login(client, user)

    response = client.get("/admin/")
    assert response["Location"] == "/account/two-factor/verify/?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<label for="id_code"' in page.content.decode()

    wrong = client.post("/account/two-factor/verify/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302

    with time_machine.travel(time.time() + 5, tick=False):
        ok = client.post(
            "/account/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}
        )
    assert ok.status_code == 302
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@required
def test_a_recovery_code_works_once(client):
    user = UserFactory(is_staff=True)
    enrolled_device(user)
    from accounts.services import recovery_codes_replace

    codes = recovery_codes_replace(user=user)
    password_login(client, user)
    ok = client.post("/account/two-factor/verify/", {"code": codes[0], "next": "/admin/"})
    assert ok.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert AuditEvent.objects.filter(action="accounts.recovery_code_used").count() == 1

    client.post("/admin/logout/")
    password_login(client, user)
    reused = client.post("/account/two-factor/verify/", {"code": codes[0], "next": "/admin/"})
    assert reused.status_code == 400


@pytest.mark.django_db
@required
def test_a_password_alone_cannot_enrol_a_new_phone(client):
    user = UserFactory(is_staff=True)
    device = enrolled_device(user)
    password_login(client, user)
    response = client.get("/account/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
    response = client.post("/account/two-factor/", {"code": "123456"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert client.post("/account/two-factor/recovery-codes/new/").status_code == 302
    assert not StaticToken.objects.exists()


@pytest.mark.django_db
@required
def test_verification_only_redirects_to_this_site(client):
    user = UserFactory(is_staff=True)
    device = enrolled_device(user)
    password_login(client, user)
    response = client.post(
        "/account/two-factor/verify/",
        {"code": totp_code(device), "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
@required
def test_verified_staff_can_replace_their_recovery_codes(client):
    user = UserFactory(is_staff=True)
    device = enrolled_device(user)
    password_login(client, user)
    client.post("/account/two-factor/verify/", {"code": totp_code(device)})
    status = client.get("/account/two-factor/")
    assert status.status_code == 200
    assert "Two-factor login is on" in status.content.decode()
    response = client.post("/account/two-factor/recovery-codes/new/")
    assert response["Location"] == "/account/two-factor/recovery-codes/"
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/account/two-factor/recovery-codes/").status_code == 200


@pytest.mark.django_db
@required
def test_the_admin_login_page_and_the_public_site_stay_open(client):
    user = UserFactory(is_staff=True)
    password_login(client, user)
    assert client.get("/admin/login/").status_code in {200, 302}
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_two_factor_pages_need_a_staff_login(client):
    response = client.get("/account/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/account/two-factor/").status_code == 403
    assert client.get("/account/two-factor/verify/").status_code == 403


@pytest.mark.django_db
def test_development_default_does_not_ask_for_a_second_factor(client, settings):
    assert settings.STAFF_2FA_REQUIRED is False
    user = UserFactory(is_staff=True, is_superuser=True)
    password_login(client, user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_reset_command_removes_devices_so_the_user_enrols_again(client):
    user = UserFactory(is_staff=True, username="lostphone")
    enrolled_device(user)
    from accounts.services import recovery_codes_replace

    recovery_codes_replace(user=user)
    call_command("two_factor_reset", "lostphone")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    event = AuditEvent.objects.get(action="accounts.2fa_reset")
    assert event.object_id == str(user.pk)


@pytest.mark.django_db
@required
def test_after_ten_wrong_codes_the_page_says_the_account_is_waiting_and_how_long(client):
    user = UserFactory(is_staff=True)
    device = enrolled_device(user)
    with time_machine.travel("2027-03-01 09:00:00Z", tick=False) as clock:
        password_login(client, user)
        for attempt in range(10):
            wrong = client.post("/account/two-factor/verify/", {"code": "000000", "next": "/"})
            assert "That code did not work" in wrong.content.decode()
            if attempt < 9:
                # Past the wait after each wrong code, so every one is really tried.
                clock.shift(2**attempt)
        # Ten failures: the device waits 2**9 = 512 seconds before it takes any code.
        refused = client.post(
            "/account/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}
        )
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "That code did not work" not in page
        assert "this account is waiting" in page
        assert "for 9 minutes" in page
        assert client.get("/admin/").status_code == 302

        clock.shift(500)
        assert (
            "for 12 seconds"
            in client.post(
                "/account/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}
            ).content.decode()
        )

        clock.shift(13)
        ok = client.post(
            "/account/two-factor/verify/", {"code": totp_code(device), "next": "/admin/"}
        )
    assert ok["Location"] == "/admin/"
