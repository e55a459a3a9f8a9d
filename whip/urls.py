from django.urls import path

from whip import scorecard, views

app_name = "whip"

urlpatterns = [
    path("scorecard/", scorecard.scorecard, name="scorecard"),
    path("scorecard/<str:bill_key>/", scorecard.scorecard, name="scorecard"),
    path("staff/whip/", views.whip_board, name="board"),
    path("staff/whip/export.csv", views.whip_export, name="export"),
    path("staff/whip/<str:bill_key>/<str:bioguide_id>/", views.whip_member, name="member"),
]
