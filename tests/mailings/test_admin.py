"""The mailing pages in the admin, per persona: drafting, audiences, preview, test, sending."""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Recipient
from supporters import lists
from supporters.models import EmailList
from tests.mailings.factories import MailingFactory, subscriber

pytestmark = pytest.mark.django_db

ADD = "/admin/mailings/mailing/add/"


def change_url(mailing: Mailing) -> str:
    return reverse("admin:mailings_mailing_change", args=[mailing.pk])


def action_url(mailing: Mailing, action: str) -> str:
    return reverse("admin:mailings_mailing_action", args=[mailing.pk, action])


def preview_url(mailing: Mailing) -> str:
    return reverse("admin:mailings_mailing_preview", args=[mailing.pk])


def form_data(**overrides) -> dict:
    # One admin field per language: subject_en, subject_es, ...
    data = {
        "slug": "spring-news",
        "subject_en": "Spring news, {first_name|friend}",
        "body_en": "Hello {first_name|friend},\n\nThe bill moves.",
        "paragraph_cosponsor_en": "",
        "paragraph_undecided_en": "",
        "paragraph_opposed_en": "",
        "email_list": EmailList.NEWSLETTER,
    }
    data.update(overrides)
    return data


def test_editor_drafts_a_mailing_but_does_not_choose_its_audience(editor):
    page = editor.get(ADD).content.decode()
    assert 'name="subject_en"' in page
    assert 'name="audience"' not in page and 'name="send_at"' not in page
    response = editor.post(ADD, form_data(audience="state", audience_state="OH"))
    assert response.status_code == 302
    mailing = Mailing.objects.get(slug="spring-news")
    assert mailing.audience == Mailing.Audience.EVERYONE
    assert mailing.audience_params == {}
    assert mailing.created_by == editor.user
    assert mailing.state == Mailing.State.DRAFT


def test_an_unknown_merge_field_is_refused_on_save(editor):
    response = editor.post(ADD, form_data(body_en="Hi {frist_name}"))
    assert response.status_code == 200
    assert "Unknown merge field(s): {frist_name}" in response.content.decode()
    assert not Mailing.objects.exists()


def test_organizer_chooses_an_audience_and_sees_its_size_before_sending(organizer):
    subscriber(state="OH", district=3)
    subscriber(state="OH", district=15)
    subscriber(state="WI", district=4)
    response = organizer.post(
        ADD, form_data(audience="district", audience_state="OH", audience_district="15")
    )
    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert mailing.audience_params == {"state": "OH", "district": 15}
    page = organizer.get(change_url(mailing)).content.decode()
    assert "The audience holds <strong>1</strong> person right now." in page
    assert "Start sending now" in page


def test_incomplete_audience_details_are_refused(organizer):
    response = organizer.post(ADD, form_data(audience="district", audience_state="OH"))
    assert response.status_code == 200
    assert "Choose a congressional district" in response.content.decode()


def test_problems_are_listed_and_block_the_start_button(organizer):
    subscriber(first_name="")
    mailing = MailingFactory(body="Hi {first_name}")
    page = organizer.get(change_url(mailing)).content.decode()
    assert "1 recipients have no first name" in page
    assert "Start sending now" not in page


def test_editor_may_not_start_pause_or_cancel(editor):
    subscriber()
    mailing = MailingFactory()
    page = editor.get(change_url(mailing)).content.decode()
    assert "Start sending now" not in page
    for action in ("start", "pause", "cancel", "resend-failed"):
        assert editor.post(action_url(mailing, action)).status_code == 403
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT
    assert not Recipient.objects.exists()


def test_organizer_starts_pauses_resumes_and_cancels(organizer):
    subscriber()
    subscriber()
    mailing = MailingFactory()
    response = organizer.post(action_url(mailing, "start"))
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING
    assert mailing.total == 2
    assert Recipient.objects.filter(mailing=mailing).count() == 2
    page = organizer.get(change_url(mailing)).content.decode()
    assert '<progress id="mailing-progress-bar" max="2" value="0">' in page
    assert "js/mailing-progress.js" in page

    organizer.post(action_url(mailing, "pause"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.PAUSED
    organizer.post(action_url(mailing, "resume"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING
    organizer.post(action_url(mailing, "cancel"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.CANCELLED


def test_a_started_mailing_cannot_be_started_again(organizer):
    subscriber()
    mailing = MailingFactory()
    organizer.post(action_url(mailing, "start"))
    response = organizer.post(action_url(mailing, "start"), follow=True)
    assert "already been started" in response.content.decode()
    assert Recipient.objects.count() == 1


def test_a_long_past_schedule_asks_for_confirmation(organizer, settings):
    import datetime

    from django.utils import timezone

    subscriber()
    mailing = MailingFactory(
        state=Mailing.State.SCHEDULED,
        send_at=timezone.now() - datetime.timedelta(hours=settings.MAILING_LATE_START_HOURS + 1),
    )
    page = organizer.get(change_url(mailing)).content.decode()
    assert "Confirm and start the late mailing" in page
    assert "Start sending now" not in page
    organizer.post(action_url(mailing, "start"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SCHEDULED
    organizer.post(action_url(mailing, "confirm-late"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING


def test_progress_endpoint_gives_the_numbers(organizer):
    subscriber()
    mailing = MailingFactory()
    organizer.post(action_url(mailing, "start"))
    data = organizer.get(reverse("admin:mailings_mailing_progress", args=[mailing.pk])).json()
    assert data["total"] == 1 and data["sent"] == 0 and data["state"] == "sending"
    assert {"failed", "rate", "seconds_left"} <= set(data)


def test_organizer_previews_as_a_real_recipient_of_the_audience(organizer):
    subscriber(email="ohio@example.com", first_name="Olga", state="OH")
    subscriber(email="wis@example.com", first_name="Wanda", state="WI")
    mailing = MailingFactory(
        audience=Mailing.Audience.STATE, audience_params={"state": "WI"}, body="Hi {first_name}!"
    )
    page = organizer.get(preview_url(mailing)).content.decode()
    assert "wis@example.com" in page and "Hi Wanda!" in page
    assert "ohio@example.com" not in page
    assert "List-Unsubscribe-Post" in page


def test_editor_previews_a_made_up_recipient_not_a_supporter(editor):
    subscriber(email="real@example.com", first_name="Rita")
    mailing = MailingFactory(body="Hi {first_name}!")
    page = editor.get(preview_url(mailing)).content.decode()
    assert "Hi Alex!" in page
    assert "real@example.com" not in page and "Rita" not in page


def test_preview_shows_a_merge_error_instead_of_a_blank(organizer):
    subscriber(first_name="")
    mailing = MailingFactory(body="Hi {first_name}!")
    page = organizer.get(preview_url(mailing)).content.decode()
    assert "cannot be sent to this recipient" in page
    assert "has no first name" in page


def test_test_send_goes_to_the_staff_member_only_and_records_nothing(editor, smtp_server):
    person = subscriber(email="real@example.com")
    mailing = MailingFactory(subject="Hello {first_name|friend}")
    response = editor.post(reverse("admin:mailings_mailing_test", args=[mailing.pk]))
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert smtp_server.handler.envelopes[0].rcpt_tos == [editor.user.email]
    assert message["Subject"] == "Hello Alex"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"]
    # Clicking "unsubscribe" in a test never takes a real supporter off the list.
    own = lists.unsubscribe_url(supporter_id=person.pk, email_list=EmailList.NEWSLETTER)
    assert own not in message["List-Unsubscribe"]
    assert own not in message.get_body(("plain",)).get_content()
    assert not Recipient.objects.exists()
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT


def test_organizer_test_send_renders_as_the_chosen_recipient(organizer, smtp_server):
    person = subscriber(email="real@example.com", first_name="Rita")
    mailing = MailingFactory(subject="Hello {first_name}")
    organizer.post(
        reverse("admin:mailings_mailing_test", args=[mailing.pk]), {"as": str(person.pk)}
    )
    [message] = smtp_server.messages
    assert message["Subject"] == "Hello Rita"
    assert smtp_server.handler.envelopes[0].rcpt_tos == [organizer.user.email]
    assert not Recipient.objects.exists()


def test_only_a_draft_can_be_deleted(organizer):
    subscriber()
    draft = MailingFactory()
    started = MailingFactory()
    organizer.post(action_url(started, "start"))
    assert (
        organizer.get(reverse("admin:mailings_mailing_delete", args=[started.pk])).status_code
        == 403
    )
    assert (
        organizer.get(reverse("admin:mailings_mailing_delete", args=[draft.pk])).status_code == 200
    )


def test_a_started_mailing_is_read_only(organizer):
    subscriber()
    mailing = MailingFactory()
    organizer.post(action_url(mailing, "start"))
    organizer.post(change_url(mailing), form_data(slug=mailing.slug, subject_en="Changed"))
    mailing.refresh_from_db()
    assert mailing.subject == "News from the campaign"


def test_superuser_may_start(superuser):
    subscriber()
    mailing = MailingFactory()
    superuser.post(action_url(mailing, "start"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENDING


def test_organizer_schedules_a_mailing_for_later(organizer):
    import datetime

    from django.utils import timezone

    subscriber()
    later = timezone.now() + datetime.timedelta(days=1)
    mailing = MailingFactory(send_at=later)
    page = organizer.get(change_url(mailing)).content.decode()
    assert ">Schedule</button>" in page
    organizer.post(action_url(mailing, "schedule"))
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SCHEDULED
    assert not Recipient.objects.exists()


def test_progress_and_preview_refuse_people_without_access(anonymous, client):
    mailing = MailingFactory()
    for name in ("progress", "preview"):
        url = reverse(f"admin:mailings_mailing_{name}", args=[mailing.pk])
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["editor", "organizer", "superuser"])
def test_every_mailing_page_asks_for_the_second_factor_first(persona, request, settings):
    settings.STAFF_2FA_REQUIRED = True
    client = request.getfixturevalue(persona)
    subscriber()
    mailing = MailingFactory()
    pages = [
        change_url(mailing),
        preview_url(mailing),
        reverse("admin:mailings_mailing_progress", args=[mailing.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/"), url
    for url in (
        action_url(mailing, "start"),
        reverse("admin:mailings_mailing_test", args=[mailing.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/"), url
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT


def test_the_list_of_mailings_costs_the_same_queries_however_many(organizer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:mailings_mailing_changelist")
    MailingFactory()
    organizer.get(url)
    with CaptureQueriesContext(connection) as one:
        assert organizer.get(url).status_code == 200
    for _n in range(5):
        MailingFactory()
    with CaptureQueriesContext(connection) as six:
        assert organizer.get(url).status_code == 200
    assert len(six) == len(one)


def test_time_left_reads_in_hours_minutes_and_seconds():
    from mailings.admin import time_left

    assert time_left(None) == "not known yet"
    assert time_left(42) == "42 s"
    assert time_left(250) == "4 min 10 s"
    assert time_left(7500) == "2 h 5 min"


def test_staff_write_the_spanish_version_in_the_admin(editor):
    page = editor.get(ADD).content.decode()
    for name in ("subject", "body", "paragraph_cosponsor", "paragraph_undecided"):
        assert f'name="{name}_en"' in page and f'name="{name}_es"' in page
    assert 'name="paragraph_opposed_es"' in page
    response = editor.post(
        ADD,
        form_data(
            subject_es="Noticias de primavera, {first_name|amigo}",
            body_es="Hola {first_name|amigo}:\n\nEl proyecto de ley avanza.",
            paragraph_undecided_es="Presiona a {senators}.",
        ),
    )
    assert response.status_code == 302
    mailing = Mailing.objects.get(slug="spring-news")
    assert mailing.subject_en == "Spring news, {first_name|friend}"
    assert mailing.subject_es == "Noticias de primavera, {first_name|amigo}"
    assert mailing.paragraph_undecided_es == "Presiona a {senators}."


def test_an_unknown_merge_field_in_the_spanish_text_is_refused(editor):
    response = editor.post(ADD, form_data(body_es="Hola {nombre}"))
    assert response.status_code == 200
    assert "Unknown merge field(s): {nombre}" in response.content.decode()
    assert not Mailing.objects.exists()


def test_staff_find_a_mailing_by_its_subject_in_either_language(editor):
    MailingFactory(subject_en="Spring news", subject_es="Noticias de primavera")
    MailingFactory(subject_en="Autumn news")
    changelist = "/admin/mailings/mailing/"
    for words in ("Spring", "primavera"):
        page = editor.get(changelist, {"q": words}).content.decode()
        assert "Spring news" in page and "Autumn news" not in page
