from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "campaign_name": settings.CAMPAIGN_NAME,
        "site_url": settings.SITE_URL,
    }
