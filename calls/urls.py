from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("call/", views.call, name="call"),
]
