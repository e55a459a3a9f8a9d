from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path(
        "account/two-factor/recovery-codes/new/",
        views.recovery_codes_new,
        name="recovery_codes_new",
    ),
]
