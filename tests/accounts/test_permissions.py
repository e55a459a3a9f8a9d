"""Least privilege: every admin page and every staff view refuses the wrong people.

The expected access is written here from the policy, not read from accounts/staff.py:
Editors manage content only, Organizers manage supporters' data and lawmakers, and
user, group, security and audit records are for superusers alone. A model holds
personal data when it has a field for an email, a postal address, a phone, an IP hash,
or points at a supporter.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.staff import EDITORS, ORGANIZERS
from tests.accounts.urlwalk import all_routes
from tests.factories import UserFactory

PERSONAS = ["anonymous", "visitor", "editor", "organizer", "superuser"]
PERSONAL_FIELD_WORDS = ("email", "street", "address", "phone", "ip_hash", "postal")
# Names that contain one of those words but hold no one's data: which list a mailing is for.
NOT_PERSONAL_FIELDS = {"email_list"}
STANDARD_ADMIN_VIEWS = ("_changelist", "_add", "_history", "_delete", "_change", "_autocomplete")


def holds_personal_data(model: type[models.Model]) -> bool:
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            if field.related_model._meta.label_lower == "supporters.supporter" and (
                field.many_to_one or field.one_to_one
            ):
                return True
            continue
        if field.name in NOT_PERSONAL_FIELDS:
            continue
        if any(word in field.name for word in PERSONAL_FIELD_WORDS):
            return True
    return False


def allowed_groups(model: type[models.Model]) -> set[str]:
    app = model._meta.app_label
    if app in {"legislators", "supporters", "petitions", "letters", "calls", "whip"}:
        return {ORGANIZERS}
    if app == "campaign":
        return {ORGANIZERS} if holds_personal_data(model) else {EDITORS}
    if app == "mailings":
        # Editors draft mailings; the send records point at supporters.
        return {ORGANIZERS} if holds_personal_data(model) else {EDITORS, ORGANIZERS}
    # auth, accounts, axes, otp, task results: superusers only.
    return set()


def expected(persona: str, groups: set[str]) -> set[int]:
    if persona in {"anonymous", "visitor"}:
        return {302}
    if persona == "superuser":
        return {200}
    return {200} if {"editor": EDITORS, "organizer": ORGANIZERS}[persona] in groups else {403}


@pytest.fixture
def visitor(db, client):
    """Someone with an account but no staff rights."""
    client.force_login(UserFactory(is_staff=False))
    return client


# custom admin URL name -> its path parameters, from the objects in tests/accounts/conftest.py
ADMIN_PARAMETERS = {
    "petitions_petition_export": lambda objects: {"petition_id": objects["petition"].pk},
    "petitions_petition_delivery": lambda objects: {"petition_id": objects["petition"].pk},
    "supporters_supporter_export": lambda objects: {"supporter_id": objects["supporter"].pk},
    "letters_letter_export": lambda objects: {"legislator_id": objects["legislator"].pk},
    "mailings_mailing_preview": lambda objects: {"object_id": _mailing().pk},
    "mailings_mailing_test": lambda objects: {"object_id": _mailing().pk},
    "mailings_mailing_progress": lambda objects: {"object_id": _mailing().pk},
    "mailings_mailing_action": lambda objects: {"object_id": _mailing().pk, "action": "start"},
    # A staff member's authenticator: its secret must be for superusers' eyes only.
    "otp_totp_totpdevice_config": lambda objects: {"pk": _device().pk},
    "otp_totp_totpdevice_qrcode": lambda objects: {"pk": _device().pk},
}


def _mailing():
    from tests.mailings.factories import MailingFactory

    return MailingFactory()


def _device() -> TOTPDevice:
    return TOTPDevice.objects.create(user=UserFactory(is_staff=True), name="phone")


def registered_models() -> list[type[models.Model]]:
    return sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def test_registered_models_are_known_to_the_policy():
    labels = {model._meta.label_lower for model in registered_models()}
    assert {"auth.user", "auth.group", "accounts.auditevent"} <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_changelist_and_add_page_refuses_the_wrong_people(persona, request):
    client = request.getfixturevalue(persona)
    failures = []
    for model in registered_models():
        info = (model._meta.app_label, model._meta.model_name)
        want = expected(persona, allowed_groups(model))
        for view in ("changelist",):
            url = reverse(f"admin:{info[0]}_{info[1]}_{view}")
            status = client.get(url).status_code
            if status not in want:
                failures.append(f"{url}: {status}, expected {sorted(want)}")
        add_url = reverse(f"admin:{info[0]}_{info[1]}_add")
        status = client.get(add_url).status_code
        if 200 not in want and status == 200:
            failures.append(f"{add_url}: 200 for {persona}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_custom_admin_views_refuse_the_wrong_people(persona, request, canaries):
    """Extra admin URLs (exports and the like) follow their model's access."""
    client = request.getfixturevalue(persona)
    failures = []
    checked = 0
    for model, model_admin in admin.site._registry.items():
        want = expected(persona, allowed_groups(model))
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            if not name or name.endswith(STANDARD_ADMIN_VIEWS):
                continue
            kwargs = {}
            if pattern.pattern.converters:
                assert name in ADMIN_PARAMETERS, f"say how to fill admin:{name}"
                kwargs = ADMIN_PARAMETERS[name](canaries)
            checked += 1
            url = reverse(f"admin:{name}", kwargs=kwargs)
            status = client.get(url).status_code
            if 200 not in want and status == 200:
                failures.append(f"{url}: 200 for {persona}")
            if 200 in want and status >= 500:
                failures.append(f"{url}: {status}")
    assert checked >= len(ADMIN_PARAMETERS)
    assert not failures, "\n".join(failures)


def staff_routes() -> list:
    return [route for route in all_routes() if route.template.startswith("staff/")]


@pytest.fixture
def staff_objects(db) -> dict[str, object]:
    from tests.legislators.factories import BillFactory, SenatorFactory

    return {"bill": BillFactory(bill_type="s", is_current=True), "senator": SenatorFactory()}


# staff route name -> how to fill its path parameters from staff_objects
STAFF_PARAMETERS = {
    "whip:member": lambda objects: {
        "bill_key": objects["bill"].key,
        "bioguide_id": objects["senator"].bioguide_id,
    },
}


def staff_urls(objects: dict[str, object]) -> list[str]:
    urls = []
    for route in staff_routes():
        if route.converters:
            assert route.name in STAFF_PARAMETERS, f"say how to fill {route.name}"
            urls.append(route.path(**STAFF_PARAMETERS[route.name](objects)))
        else:
            urls.append(route.path())
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_staff_view_refuses_the_wrong_people(persona, request, staff_objects):
    client = request.getfixturevalue(persona)
    failures = []
    urls = staff_urls(staff_objects)
    assert urls
    for url in urls:
        status = client.get(url).status_code
        want = {
            "anonymous": {302},
            "visitor": {302, 403},
            "editor": {403},
            "organizer": {200},
            "superuser": {200},
        }[persona]
        if status not in want:
            failures.append(f"{url}: {status}, expected {sorted(want)}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_two_factor_pages_are_for_staff_only(persona, request):
    client = request.getfixturevalue(persona)
    status = client.get("/account/two-factor/").status_code
    want = {"anonymous": 302, "visitor": 403}.get(persona, 200)
    assert status == want


@pytest.mark.django_db
@override_settings(STAFF_2FA_REQUIRED=True)
@pytest.mark.parametrize("persona", ["editor", "organizer", "superuser"])
def test_without_the_second_factor_no_admin_or_staff_page_opens(persona, request, staff_objects):
    client = request.getfixturevalue(persona)
    urls = [reverse("admin:index")]
    urls += [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in registered_models()
    ]
    urls += staff_urls(staff_objects)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/"), url


@pytest.mark.django_db
def test_no_staff_group_holds_user_group_or_security_permissions():
    for name in (EDITORS, ORGANIZERS):
        apps = set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", flat=True
            )
        )
        assert not apps & {
            "auth",
            "accounts",
            "axes",
            "otp_totp",
            "otp_static",
            "django_tasks_database",
        }, name


@pytest.mark.django_db
def test_editors_hold_no_permission_on_personal_data_models():
    editor_perms = Permission.objects.filter(group__name=EDITORS).select_related("content_type")
    for permission in editor_perms:
        model = permission.content_type.model_class()
        assert model is not None
        assert not holds_personal_data(model), permission


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "organizer"])
def test_staff_who_are_not_superusers_cannot_manage_users_or_groups(persona, request):
    client = request.getfixturevalue(persona)
    target = UserFactory(is_staff=True)
    for url in (
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{target.pk}/change/",
        f"/admin/auth/user/{target.pk}/password/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/admin/auth/user/{target.pk}/change/", {"username": target.username, "is_superuser": "on"}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser
