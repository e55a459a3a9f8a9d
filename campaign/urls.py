from django.urls import path

from campaign import views

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/registered/", views.event_registered, name="event_registered"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="event_ics"),
    path("join/", views.list_signup, name="list_signup"),
    path("join/check-your-inbox/", views.list_signup_sent, name="list_signup_sent"),
    path("join/confirm/<str:token>/", views.list_confirm, name="list_confirm"),
    path("join/unsubscribe/<str:token>/", views.list_unsubscribe, name="list_unsubscribe"),
]
