from django.urls import path

from petitions import letter_views

app_name = "petitions"

urlpatterns = [
    path("write/", letter_views.write, name="write"),
    path("write/sent/", letter_views.write_sent, name="write_sent"),
    path("write/confirm/<str:token>/", letter_views.write_confirm, name="write_confirm"),
]
