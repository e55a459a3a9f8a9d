from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from campaign import views as campaign_views
from letters.webhooks import anymail_webhook_patterns

handler404 = "campaign.views.page_not_found"
handler500 = "campaign.views.server_error"

admin.site.site_header = f"{settings.CAMPAIGN_NAME} administration"
admin.site.site_title = settings.CAMPAIGN_NAME

urlpatterns = [
    path("healthz", campaign_views.healthz, name="healthz"),
    path("bench/ceiling", campaign_views.bench_ceiling, name="bench_ceiling"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("accounts.urls")),
    # Delivery reports from the email provider (letters: delivered, bounced, complained).
    path("anymail/", include(anymail_webhook_patterns(settings.EMAIL_WEBHOOK_PROVIDERS))),
    path("", include("legislators.urls")),
    path("", include("supporters.urls")),
    path("", include("petitions.urls")),
    path("", include("letters.urls")),
    path("", include("calls.urls")),
    path("", include("whip.urls")),
    path("", include("campaign.urls")),
]
