from django.urls import path

from petitions import letter_views, views

app_name = "petitions"

urlpatterns = [
    path("petitions/", views.index, name="list"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/<slug:slug>/", views.detail, name="detail"),
    path("petitions/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("petitions/<slug:slug>/count.json", views.count_json, name="count"),
    path("write/", letter_views.write, name="write"),
    path("write/sent/", letter_views.write_sent, name="write_sent"),
    path("write/confirm/<str:token>/", letter_views.write_confirm, name="write_confirm"),
]
