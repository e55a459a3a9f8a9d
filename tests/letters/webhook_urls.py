"""The site's URLs with the Postmark webhooks mounted, as EMAIL_URL=anymail://postmark does."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from letters.webhooks import anymail_webhook_patterns

urlpatterns = [
    path("anymail/", include(anymail_webhook_patterns(["postmark"]))),
    *site_urlpatterns,
]
