"""Staff and the lists: consents on the supporter's page, suppressions by hand, and one
supporter's export and deletion covering their consents."""

import json

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from supporters import lists
from supporters.models import EmailList, ListConsent, Supporter, Suppression
from tests.factories import SupporterFactory

pytestmark = pytest.mark.django_db

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS


@pytest.fixture
def reader():
    person = SupporterFactory(email="ana@example.org")
    lists.consent_give(supporter=person, email_list=NEWS, source="petition")
    lists.consent_give(supporter=person, email_list=ALERTS, source="calls")
    lists.consent_withdraw(supporter=person, email_list=ALERTS, source="one-click")
    return person


def test_the_supporters_page_shows_their_consents_read_only(organizer, reader):
    page = organizer.get(reverse("admin:supporters_supporter_change", args=[reader.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "List consents" in html or "list consents" in html
    assert "petition" in html and "one-click" in html
    assert 'name="list_consents-0-email_list"' not in html  # no editable consent fields


def test_staff_can_take_someone_off_a_list_but_not_sign_them_up(organizer, reader):
    consent = ListConsent.objects.get(supporter=reader, email_list=NEWS)
    assert organizer.get(reverse("admin:supporters_listconsent_add")).status_code == 403
    response = organizer.post(
        reverse("admin:supporters_listconsent_changelist"),
        {"action": "withdraw", "_selected_action": [consent.pk]},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.unsubscribed_source == "staff"
    assert not lists.subscribers(email_list=NEWS).exists()
    event = AuditEvent.objects.get(action="supporters.listconsent.withdraw")
    assert event.details == {"consent_ids": [consent.pk]}


def test_consents_cannot_be_deleted_one_by_one(organizer, reader):
    consent = ListConsent.objects.get(supporter=reader, email_list=NEWS)
    response = organizer.post(
        reverse("admin:supporters_listconsent_delete", args=[consent.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ListConsent.objects.filter(pk=consent.pk).exists()


def test_an_organizer_suppresses_an_address_by_hand_and_lifts_it(organizer, reader):
    response = organizer.post(
        reverse("admin:supporters_suppression_add"),
        {"email": " ANA@example.org", "reason": "manual", "detail": "asked by phone"},
    )
    assert response.status_code == 302
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == ("ana@example.org", "manual")
    assert not lists.subscribers(email_list=NEWS).exists()
    assert AuditEvent.objects.filter(action="supporters.suppression.add").exists()

    listing = organizer.get(reverse("admin:supporters_suppression_changelist"))
    assert "ana@example.org" in listing.content.decode()
    assert "Added by staff" in listing.content.decode()

    response = organizer.post(
        reverse("admin:supporters_suppression_delete", args=[suppression.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Suppression.objects.exists()
    assert list(lists.subscribers(email_list=NEWS)) == [reader]
    event = AuditEvent.objects.get(action="supporters.suppression.delete")
    assert "ana" not in json.dumps(event.details) + event.object_label


def test_editors_cannot_see_or_change_suppressions(editor):
    lists.suppression_add(email="ana@example.org", reason="bounce")
    assert editor.get(reverse("admin:supporters_suppression_changelist")).status_code == 403
    response = editor.post(
        reverse("admin:supporters_suppression_add"),
        {"email": "ben@example.org", "reason": "manual"},
    )
    assert response.status_code == 403
    assert Suppression.objects.count() == 1


def test_one_supporters_export_holds_their_consents_and_suppression(organizer, reader):
    lists.suppression_add(email="ana@example.org", reason="complaint", detail="spam report")
    lists.suppression_add(email="someone-else@example.org", reason="bounce")
    response = organizer.get(reverse("admin:supporters_supporter_export", args=[reader.pk]))
    data = json.loads(response.content)
    consents = {row["email_list"]: row for row in data["supporters.listconsent"]}
    assert set(consents) == {NEWS, ALERTS}
    assert consents[NEWS]["source"] == "petition"
    assert consents[NEWS]["unsubscribed_at"] is None
    assert consents[ALERTS]["unsubscribed_source"] == "one-click"
    assert consents[ALERTS]["consented_at"]
    assert [row["email"] for row in data["supporters.suppression"]] == ["ana@example.org"]
    assert data["supporters.suppression"][0]["reason"] == "complaint"


def test_deleting_a_supporter_deletes_their_consents_and_suppression(organizer, reader):
    keep = SupporterFactory(email="ben@example.org")
    lists.consent_give(supporter=keep, email_list=NEWS, source="list page")
    lists.suppression_add(email="ana@example.org", reason="bounce")
    lists.suppression_add(email="cy@example.org", reason="bounce")
    response = organizer.post(
        reverse("admin:supporters_supporter_delete", args=[reader.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Supporter.objects.filter(email="ana@example.org").exists()
    assert list(ListConsent.objects.values_list("supporter__email", flat=True)) == [
        "ben@example.org"
    ]
    assert list(Suppression.objects.values_list("email", flat=True)) == ["cy@example.org"]
