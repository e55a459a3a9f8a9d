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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Campaign pages answer any leftover /<slug>/, so this stays the last pattern.
    path("<slug:slug>/", views.page_detail, name="page"),
]
