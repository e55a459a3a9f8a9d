from django.contrib.sitemaps.views import sitemap
from django.urls import path

from campaign import views
from campaign.feeds import LatestNewsFeed, TopicNewsFeed
from campaign.sitemaps import SITEMAPS

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", LatestNewsFeed(), name="news_feed"),
    path("news/topics/<slug:slug>/feed/", TopicNewsFeed(), name="topic_feed"),
    path("news/preview/<str:token>/", views.news_preview, name="news_preview"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("banner/dismiss/", views.banner_dismiss, name="banner_dismiss"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("og/<str:kind>/<slug:slug>.png", views.og_image, name="og_image"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/registered/", views.event_registered, name="event_registered"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="event_ics"),
    path("join/", views.list_signup, name="list_signup"),
    path("join/check-your-inbox/", views.list_signup_sent, name="list_signup_sent"),
    path("join/confirm/<str:token>/", views.list_confirm, name="list_confirm"),
    path("join/unsubscribe/<str:token>/", views.list_unsubscribe, name="list_unsubscribe"),
    # Campaign pages answer any leftover /<slug>/, so this stays the last pattern.
    path("<slug:slug>/", views.page_detail, name="page"),
]
