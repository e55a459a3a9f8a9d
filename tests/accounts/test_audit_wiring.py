"""Every export of supporters' data, and every sensitive change, lands in the audit trail."""

import pytest

from accounts.models import AuditEvent
from supporters.models import ListSubscription
from tests.campaign.factories import EventRegistrationFactory, ListSubscriptionFactory


def only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [event.action for event in AuditEvent.objects.all()]
    return events[0]


@pytest.mark.django_db
def test_registration_export_by_filter_is_recorded(organizer):
    registration = EventRegistrationFactory()
    EventRegistrationFactory()
    response = organizer.get(
        "/admin/campaign/eventregistration/export.csv"
        f"?event__id__exact={registration.event_id}&q={registration.supporter.email}"
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = only_event("campaign.eventregistration.export")
    assert event.actor == organizer.user
    assert event.object_type == "campaign.eventregistration"
    assert event.details["rows"] == 1
    assert event.details["filters"] == {"event__id__exact": str(registration.event_id)}
    assert registration.supporter.email not in str(event.details)


@pytest.mark.django_db
def test_registration_export_of_a_selection_is_recorded(organizer):
    first, _second = EventRegistrationFactory(), EventRegistrationFactory()
    response = organizer.post(
        "/admin/campaign/eventregistration/",
        {"action": "export_csv", "_selected_action": [first.pk]},
    )
    assert response.status_code == 200
    event = only_event("campaign.eventregistration.export")
    assert event.details["rows"] == 1
    assert event.details["via"] == "selection"


@pytest.mark.django_db
def test_subscriber_exports_are_recorded(organizer):
    confirmed = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    confirmed.supporter.list_opt_in = True
    confirmed.supporter.save()
    pending = ListSubscriptionFactory()
    organizer.get("/admin/supporters/listsubscription/export.csv")
    organizer.post(
        "/admin/supporters/listsubscription/",
        {"action": "export_csv", "_selected_action": [confirmed.pk, pending.pk]},
    )
    events = AuditEvent.objects.filter(action="supporters.listsubscription.export").order_by("id")
    assert [(e.details["via"], e.details["rows"]) for e in events] == [
        ("all confirmed", 1),
        ("selection", 1),
    ]
    assert all(e.actor == organizer.user for e in events)


@pytest.mark.django_db
def test_a_refused_export_records_nothing(editor):
    EventRegistrationFactory()
    assert editor.get("/admin/campaign/eventregistration/export.csv").status_code == 403
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_whip_status_changes_are_recorded(organizer):
    from django.urls import reverse

    from tests.legislators.factories import BillFactory, SenatorFactory

    bill = BillFactory(bill_type="s", is_current=True)
    member = SenatorFactory()
    url = reverse("whip:member", args=[bill.key, member.bioguide_id])
    response = organizer.post(url, {"status": "supportive", "last_contact": "", "note": ""})
    assert response.status_code in {200, 302}, response.content.decode()[:300]
    event = only_event("legislators.whipstatus.change")
    assert event.actor == organizer.user
    assert event.object_type == "legislators.legislator"
    assert event.object_id == str(member.pk)
    assert event.details["bill"] == bill.key
    assert event.details["new_status"] == "supportive"


@pytest.mark.django_db
def test_whip_board_export_is_recorded(organizer):
    from tests.legislators.factories import BillFactory, SenatorFactory

    BillFactory(bill_type="s", is_current=True)
    SenatorFactory()
    response = organizer.get("/staff/whip/export.csv")
    assert response.status_code == 200
    event = only_event("legislators.whipstatus.export")
    assert event.actor == organizer.user
    assert event.details["rows"] >= 1


@pytest.mark.django_db
def test_petition_signature_export_is_recorded(organizer):
    from tests.petitions.factories import SignatureFactory

    signature = SignatureFactory()
    response = organizer.get(f"/admin/petitions/petition/{signature.petition_id}/export.csv")
    assert response.status_code == 200
    event = only_event("petitions.signature.export")
    assert event.actor == organizer.user
    assert event.object_id == str(signature.petition_id)
    assert event.details == {"signatures": 1}


@pytest.mark.django_db
def test_supporter_data_export_and_deletion_are_recorded(organizer):
    from supporters.models import Supporter
    from tests.factories import SupporterFactory

    person = SupporterFactory(email="export-me@example.com")
    response = organizer.get(f"/admin/supporters/supporter/{person.pk}/export.json")
    assert response.status_code == 200
    exported = only_event("petitions.supporter.export")
    assert exported.object_id == str(person.pk)
    assert "export-me" not in exported.object_label

    organizer.post(
        "/admin/supporters/supporter/",
        {"action": "export_json", "_selected_action": [person.pk]},
    )
    assert AuditEvent.objects.filter(action="petitions.supporter.export").count() == 2

    response = organizer.post(f"/admin/supporters/supporter/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Supporter.objects.filter(pk=person.pk).exists()
    deleted = only_event("petitions.supporter.delete")
    assert deleted.actor == organizer.user
    assert deleted.details["supporter_id"] == person.pk
    assert "export-me" not in str(deleted.details)


@pytest.mark.django_db
def test_signature_deletion_is_recorded(organizer):
    from tests.petitions.factories import SignatureFactory

    signature = SignatureFactory()
    organizer.post(f"/admin/petitions/signature/{signature.pk}/delete/", {"post": "yes"})
    event = only_event("petitions.signature.delete")
    assert event.object_id == str(signature.pk)


@pytest.mark.django_db
def test_delivery_address_changes_are_recorded_and_other_edits_are_not(organizer):
    from tests.legislators.factories import LegislatorFactory

    member = LegislatorFactory(delivery_email="")
    url = f"/admin/legislators/legislator/{member.pk}/change/"
    response = organizer.post(url, {"delivery_email": "letters@example.house.gov"})
    assert response.status_code == 302
    event = only_event("legislators.delivery_email.change")
    assert event.actor == organizer.user
    assert event.object_id == str(member.pk)
    assert event.details["old"] == ""
    assert event.details["new"] == "letters@example.house.gov"

    organizer.post(
        url, {"delivery_email": "letters@example.house.gov", "staff_notes": "Call first."}
    )
    assert AuditEvent.objects.filter(action="legislators.delivery_email.change").count() == 1

    refused = organizer.post(url, {"delivery_email": "not an email"})
    assert refused.status_code == 200
    assert AuditEvent.objects.filter(action="legislators.delivery_email.change").count() == 1


@pytest.mark.django_db
def test_letters_export_for_an_office_is_recorded(organizer):
    from tests.letters.factories import LetterFactory

    letter = LetterFactory()
    response = organizer.get(f"/admin/letters/letter/offices/{letter.legislator_id}/export.csv")
    assert response.status_code == 200
    event = only_event("petitions.letter.export")
    assert event.actor == organizer.user
    assert event.details["legislator_id"] == letter.legislator_id
