"""The site's URLs with the Mailgun and Postmark tracking webhooks mounted."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from letters.webhooks import anymail_webhook_patterns

urlpatterns = [
    path("anymail/", include(anymail_webhook_patterns(["mailgun", "postmark"]))),
    *site_urlpatterns,
]
