from django.urls import path

from legislators import views

app_name = "legislators"

urlpatterns = [
    path("find-your-lawmakers/", views.find, name="find"),
    path("lawmakers/", views.directory, name="directory"),
    path("lawmakers/<str:bioguide_id>/", views.detail, name="detail"),
    path("api/v1/lookup", views.api_lookup, name="api_lookup"),
]
