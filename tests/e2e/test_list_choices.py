"""Journeys: leaving one list from an email's link, choosing lists on the preferences page,
and joining only the list one ticks."""

from urllib.parse import urlsplit

from django.core.management import call_command

from supporters import lists
from supporters.models import EmailList, ListConsent, ListSubscription
from tests.e2e.axe import assert_accessible
from tests.factories import SupporterFactory
from tests.links import confirm_token_make

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS


def active(person) -> set[str]:
    return set(
        ListConsent.objects.active().filter(supporter=person).values_list("email_list", flat=True)
    )


def test_leaving_one_list_then_choosing_on_the_preferences_page(page):
    person = SupporterFactory(email="ana@example.org")
    for email_list in (NEWS, ALERTS):
        lists.consent_give(supporter=person, email_list=email_list, source="list page")

    page.goto(urlsplit(lists.unsubscribe_url(supporter_id=person.pk, email_list=NEWS)).path)
    assert page.get_by_role("heading", name="Leave the Newsletter list?").is_visible()
    assert_accessible(page)
    assert active(person) == {NEWS, ALERTS}
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You are off the Newsletter list").is_visible()
    assert_accessible(page)
    assert active(person) == {ALERTS}

    page.get_by_role("link", name="See all your email choices").click()
    page.wait_for_url("**/lists/preferences/**")
    assert page.get_by_role("heading", name="Your email choices").is_visible()
    assert_accessible(page)
    assert not page.get_by_label("Newsletter").is_checked()
    assert page.get_by_label("Action alerts").is_checked()

    page.get_by_label("Newsletter").check()
    page.get_by_label("Action alerts").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    assert page.get_by_text("Saved.").is_visible()
    assert_accessible(page)
    assert active(person) == {NEWS}

    page.get_by_role("button", name="Leave every list").click()
    assert page.get_by_text("You are off every list").is_visible()
    assert_accessible(page)
    assert active(person) == set()


def test_joining_only_the_action_alerts(page):
    page.goto("/join/")
    page.locator("#id_name").fill("Sam Caller")
    page.locator("#id_email").fill("sam@example.org")
    page.locator("#id_zip_code").fill("43215")
    page.get_by_label("Newsletter").uncheck()
    page.get_by_role("button", name="Join the list").click()
    # No list ticked: the form says so, accessibly.
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label("Action alerts").check()
    page.get_by_role("button", name="Join the list").click()
    page.wait_for_url("**/join/check-your-inbox/")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    subscription = ListSubscription.objects.get()
    page.goto(f"/join/confirm/{confirm_token_make(subscription=subscription)}/")
    page.get_by_role("button", name="Yes, add me to the list").click()
    assert page.get_by_role("heading", name="You are on the list").is_visible()
    assert active(subscription.supporter) == {ALERTS}


def test_broken_list_links_are_accessible(page):
    for path in ("/lists/unsubscribe/tampered/", "/lists/preferences/tampered/"):
        page.goto(path)
        assert page.get_by_role("heading", name="This link does not work").is_visible()
        assert_accessible(page)
