"""The audit trail: what audit_record stores, and who can read it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import AuditEvent
from accounts.services import audit_record
from supporters.models import Supporter
from tests.factories import SupporterFactory, UserFactory


@pytest.mark.django_db
def test_audit_record_stores_actor_action_and_target_without_personal_data():
    staff = UserFactory(is_staff=True)
    person = SupporterFactory(email="very-private@example.com", first_name="Zebulon")

    event = audit_record(
        actor=staff, action="supporters.export", target=person, details={"rows": 1}
    )

    event.refresh_from_db()
    assert event.actor == staff
    assert event.actor_username == staff.username
    assert event.action == "supporters.export"
    assert event.object_type == "supporters.supporter"
    assert event.object_id == str(person.pk)
    assert "Zebulon" not in event.object_label
    assert "very-private" not in event.object_label
    assert event.details == {"rows": 1}


@pytest.mark.django_db
def test_audit_record_accepts_a_model_class_for_bulk_actions_and_no_actor():
    event = audit_record(actor=AnonymousUser(), action="supporters.export", target=Supporter)
    assert event.actor is None
    assert event.actor_username == ""
    assert event.object_type == "supporters.supporter"
    assert event.object_id == ""
    assert str(event) == "system: supporters.export"


@pytest.mark.django_db
def test_audit_record_uses_a_models_own_audit_label():
    class Labelled(Supporter):
        class Meta:
            proxy = True
            app_label = "petitions"

        @property
        def audit_label(self) -> str:
            return "label chosen by the model"

    person = SupporterFactory()
    event = audit_record(
        actor=None, action="x", target=Labelled.objects.get(pk=person.pk), details=None
    )
    assert event.object_label == "label chosen by the model"
    assert event.details == {}


@pytest.mark.django_db
def test_audit_trail_keeps_the_username_after_the_account_is_deleted():
    staff = UserFactory(is_staff=True, username="gone")
    event = audit_record(actor=staff, action="supporters.delete")
    staff.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_username == "gone"


@pytest.mark.django_db
def test_only_superusers_read_the_audit_trail_and_nobody_edits_it(superuser):
    event = audit_record(actor=superuser.user, action="supporters.export")
    listing = superuser.get("/admin/accounts/auditevent/")
    assert listing.status_code == 200
    assert "supporters.export" in listing.content.decode()
    assert superuser.get(f"/admin/accounts/auditevent/{event.pk}/change/").status_code == 200
    assert superuser.get("/admin/accounts/auditevent/add/").status_code == 403
    assert superuser.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    response = superuser.post(
        f"/admin/accounts/auditevent/{event.pk}/change/", {"action": "tampered"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "supporters.export"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "organizer"])
def test_staff_who_are_not_superusers_cannot_read_the_audit_trail(persona, request):
    client = request.getfixturevalue(persona)
    audit_record(actor=client.user, action="supporters.export")
    assert client.get("/admin/accounts/auditevent/").status_code == 403
    assert "auditevent" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_audit_trail_list_page_query_count_does_not_grow(
    superuser, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(3):
        audit_record(actor=superuser.user, action=f"a.{n}")
    superuser.get("/admin/accounts/auditevent/")
    with django_assert_max_num_queries(15) as first:
        superuser.get("/admin/accounts/auditevent/")
    for n in range(20):
        audit_record(actor=superuser.user, action=f"b.{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        superuser.get("/admin/accounts/auditevent/")
    assert AuditEvent.objects.count() == 23
