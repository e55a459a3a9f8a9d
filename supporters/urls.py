from django.urls import path

from supporters import views

app_name = "supporters"

urlpatterns = [
    path("lists/unsubscribe/<str:token>/", views.list_unsubscribe, name="list_unsubscribe"),
    path("lists/preferences/<str:token>/", views.list_preferences, name="list_preferences"),
]
