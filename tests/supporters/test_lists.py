"""Who may be mailed: consent per list, withdrawal, suppression (supporters.lists)."""

from datetime import UTC, datetime

import pytest

from supporters import lists, signals
from supporters.models import EmailList, ListConsent, Supporter, Suppression
from tests.factories import SupporterFactory

pytestmark = pytest.mark.django_db

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _on(email_list: str) -> set[str]:
    return set(lists.subscribers(email_list=email_list).values_list("email", flat=True))


def test_a_consent_puts_the_supporter_on_that_list_only(time_machine):
    time_machine.move_to(T0, tick=False)
    ana = SupporterFactory(email="ana@example.org")
    consent = lists.consent_give(supporter=ana, email_list=NEWS, source=lists.SOURCE_PETITION)
    assert consent.consented_at == T0
    assert consent.source == "petition"
    assert _on(NEWS) == {"ana@example.org"}
    assert _on(ALERTS) == set()
    ana.refresh_from_db()
    assert ana.list_opt_in is True
    assert ana.list_opt_in_at == T0


def test_giving_consent_twice_keeps_the_first_date(time_machine):
    time_machine.move_to(T0, tick=False)
    ana = SupporterFactory()
    lists.consent_give(supporter=ana, email_list=NEWS, source="list page")
    time_machine.move_to(datetime(2026, 12, 1, tzinfo=UTC), tick=False)
    again = lists.consent_give(supporter=ana, email_list=NEWS, source="petition")
    assert ListConsent.objects.filter(supporter=ana).count() == 1
    assert again.consented_at == T0
    assert ListConsent.objects.get(supporter=ana).source == "list page"


def test_leaving_one_list_keeps_the_other_and_the_record(time_machine):
    time_machine.move_to(T0, tick=False)
    ana = SupporterFactory(email="ana@example.org")
    lists.consent_give(supporter=ana, email_list=NEWS, source="list page")
    lists.consent_give(supporter=ana, email_list=ALERTS, source="calls")
    lists.consent_withdraw(supporter=ana, email_list=NEWS, source=lists.SOURCE_ONE_CLICK)
    assert _on(NEWS) == set()
    assert _on(ALERTS) == {"ana@example.org"}
    left = ListConsent.objects.get(supporter=ana, email_list=NEWS)
    assert left.unsubscribed_at == T0
    assert left.unsubscribed_source == "one-click"
    assert Supporter.objects.get(pk=ana.pk).list_opt_in is True

    lists.consent_withdraw(supporter=ana, email_list=ALERTS, source="preferences")
    ana.refresh_from_db()
    assert (ana.list_opt_in, ana.list_opt_in_at) == (False, None)
    assert ListConsent.objects.filter(supporter=ana).count() == 2


def test_joining_again_after_leaving_starts_a_new_consent(time_machine):
    time_machine.move_to(T0, tick=False)
    ana = SupporterFactory()
    lists.consent_give(supporter=ana, email_list=NEWS, source="list page")
    lists.consent_withdraw(supporter=ana, email_list=NEWS, source="one-click")
    later = datetime(2027, 1, 5, tzinfo=UTC)
    time_machine.move_to(later, tick=False)
    consent = lists.consent_give(supporter=ana, email_list=NEWS, source="preferences")
    assert (consent.consented_at, consent.unsubscribed_at, consent.source) == (
        later,
        None,
        "preferences",
    )
    assert _on(NEWS) == {ana.email}


def test_withdrawing_tells_higher_apps_once(django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, supporter_id, email_list, **kwargs):
        heard.append((supporter_id, email_list))

    signals.consent_withdrawn.connect(receiver)
    try:
        ana = SupporterFactory()
        lists.consent_give(supporter=ana, email_list=ALERTS, source="calls")
        with django_capture_on_commit_callbacks(execute=True):
            lists.consent_withdraw(supporter=ana, email_list=ALERTS, source="one-click")
        with django_capture_on_commit_callbacks(execute=True):
            lists.consent_withdraw(supporter=ana, email_list=ALERTS, source="one-click")
    finally:
        signals.consent_withdrawn.disconnect(receiver)
    assert heard == [(ana.pk, ALERTS)]


def test_a_suppressed_address_is_never_a_subscriber():
    ana = SupporterFactory(email="ana@example.org")
    ben = SupporterFactory(email="ben@example.org")
    for person in (ana, ben):
        lists.consent_give(supporter=person, email_list=NEWS, source="list page")
    lists.suppression_add(email="  Ben@Example.ORG ", reason=Suppression.Reason.BOUNCE)
    assert _on(NEWS) == {"ana@example.org"}
    assert lists.sendable_ids(email_list=NEWS, supporter_ids=[ana.pk, ben.pk]) == {ana.pk}


def test_sendable_ids_checks_consent_at_the_moment_of_asking():
    ana, ben, cy = SupporterFactory(), SupporterFactory(), SupporterFactory()
    for person in (ana, ben):
        lists.consent_give(supporter=person, email_list=ALERTS, source="calls")
    ids = [ana.pk, ben.pk, cy.pk]
    assert lists.sendable_ids(email_list=ALERTS, supporter_ids=ids) == {ana.pk, ben.pk}
    lists.consent_withdraw(supporter=ben, email_list=ALERTS, source="one-click")
    assert lists.sendable_ids(email_list=ALERTS, supporter_ids=ids) == {ana.pk}
    assert lists.sendable_ids(email_list=NEWS, supporter_ids=ids) == set()
    assert lists.sendable_ids(email_list=ALERTS, supporter_ids=[]) == set()


def test_suppressing_twice_keeps_the_first_reason():
    first = lists.suppression_add(email="Cy@example.org", reason="complaint", detail="abuse report")
    again = lists.suppression_add(email="cy@example.org", reason="bounce")
    assert first.pk == again.pk
    assert Suppression.objects.get().reason == "complaint"
    assert Suppression.objects.get().email == "cy@example.org"


def test_an_unknown_list_or_reason_is_refused():
    ana = SupporterFactory()
    with pytest.raises(lists.UnknownList):
        lists.consent_give(supporter=ana, email_list="sports", source="list page")
    with pytest.raises(lists.UnknownList):
        lists.subscribers(email_list="sports")
    with pytest.raises(ValueError):
        lists.suppression_add(email="a@example.org", reason="bored")
    assert not ListConsent.objects.exists()
    assert not Suppression.objects.exists()


def test_list_links_are_absolute_and_carry_no_address(settings):
    settings.SITE_URL = "https://press.example.org"
    ana = SupporterFactory(email="ana@example.org")
    url = lists.unsubscribe_url(supporter_id=ana.pk, email_list=NEWS)
    assert url.startswith("https://press.example.org/lists/unsubscribe/")
    assert "ana" not in url
    assert lists.preferences_url(supporter_id=ana.pk).startswith(
        "https://press.example.org/lists/preferences/"
    )
    assert lists.unsubscribe_url(supporter_id=ana.pk, email_list=ALERTS) != url
    headers = lists.unsubscribe_headers(supporter_id=ana.pk, email_list=NEWS)
    assert headers == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
