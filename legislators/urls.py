from django.urls import path

from legislators import scorecard, views

app_name = "legislators"

urlpatterns = [
    path("find-your-lawmakers/", views.find, name="find"),
    path("lawmakers/", views.directory, name="directory"),
    path("lawmakers/<str:bioguide_id>/", views.detail, name="detail"),
    path("api/v1/lookup", views.api_lookup, name="api_lookup"),
    path("scorecard/", scorecard.scorecard, name="scorecard"),
    path("scorecard/<str:bill_key>/", scorecard.scorecard, name="scorecard"),
]
