from django.urls import path

from petitions import views

app_name = "petitions"

urlpatterns = [
    path("petitions/", views.index, name="list"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/<slug:slug>/", views.detail, name="detail"),
    path("petitions/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("petitions/<slug:slug>/count.json", views.count_json, name="count"),
]
