"""`make run` gives a new developer an open call campaign at /call/."""

from io import StringIO

import pytest
from django.core.management import call_command

from calls.models import CallCampaign

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_is_created_once_and_never_overwritten(anonymous):
    assert anonymous.get("/call/").status_code == 404  # nothing open yet

    call_command("calls_demo", stdout=StringIO())
    campaign = CallCampaign.objects.get()
    campaign.ask = "Edited by staff."
    campaign.save()
    out = StringIO()
    call_command("calls_demo", stdout=out)

    assert "Kept" in out.getvalue()
    assert CallCampaign.objects.get().ask == "Edited by staff."
    campaign.full_clean()  # its scripts use only known placeholders
    page = anonymous.get("/call/")
    assert page.status_code == 200
    assert "Edited by staff." in page.content.decode()
