from django.urls import path

from campaign import views
from campaign import whip_views as whip

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/whip/", whip.whip_board, name="whip_board"),
    path("staff/whip/export.csv", whip.whip_export, name="whip_export"),
    path(
        "staff/whip/<str:bill_key>/<str:bioguide_id>/",
        whip.whip_member,
        name="whip_member",
    ),
]
