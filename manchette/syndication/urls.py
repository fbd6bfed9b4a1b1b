from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import views
from .feeds import FEED
from .sitemaps import SITEMAPS

app_name = "syndication"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "syndication:sitemap"},
        name="sitemap_index",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "syndication/sitemap.xml"},
        name="sitemap",
    ),
    re_path(r"^" + FEED, views.site_feed, name="site_feed"),
    re_path(r"^auteurs/(?P<slug>[-\w]+)/" + FEED, views.author_feed, name="author_feed"),
    re_path(r"^sujets/(?P<slug>[^/]+)/" + FEED, views.tag_feed, name="tag_feed"),
]
