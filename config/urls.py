from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from campaign import views as campaign_views
from core import i18n
from letters.webhooks import anymail_webhook_patterns

handler404 = "campaign.views.page_not_found"
handler500 = "campaign.views.server_error"

admin.site.site_header = f"{settings.CAMPAIGN_NAME} administration"
admin.site.site_title = settings.CAMPAIGN_NAME

# One address, whatever the language: machines (health checks, the email provider's
# reports), the language switch itself, and the admin, which follows the staff member's
# chosen language (core.locale) rather than a prefix, so ADMIN_URL stays the one address.
urlpatterns = [
    path("healthz", campaign_views.healthz, name="healthz"),
    path("bench/ceiling", campaign_views.bench_ceiling, name="bench_ceiling"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Delivery reports from the email provider (letters: delivered, bounced, complained).
    path("anymail/", include(anymail_webhook_patterns(settings.EMAIL_WEBHOOK_PROVIDERS))),
]

# Everything a visitor reads, in English at the old addresses and in Spanish under /es/.
# Every address sent before languages had prefixes (emailed confirm links, shared
# petitions) is the English one and keeps working. The lookup API, the feeds and the
# petition counter answer with translated words and formatted numbers, so they have a
# Spanish address too. /staff/ shares the `whip` namespace with the public scorecard, so
# it is here as well; accounts.middleware protects it under either prefix.
urlpatterns += i18n_patterns(
    path("", include("accounts.urls")),
    path("", include("legislators.urls")),
    path("", include("supporters.urls")),
    path("", include("petitions.urls")),
    path("", include("letters.urls")),
    path("", include("calls.urls")),
    path("", include("whip.urls")),
    path("", include("campaign.urls")),
    prefix_default_language=False,
)
