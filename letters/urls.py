from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("write/", views.write, name="write"),
    path("write/sent/", views.write_sent, name="write_sent"),
    path("write/confirm/<str:token>/", views.write_confirm, name="write_confirm"),
]
