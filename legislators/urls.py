from django.urls import path

from legislators import scorecard

app_name = "legislators"

urlpatterns: list = [
    path("scorecard/", scorecard.scorecard, name="scorecard"),
    path("scorecard/<str:bill_key>/", scorecard.scorecard, name="scorecard"),
]
