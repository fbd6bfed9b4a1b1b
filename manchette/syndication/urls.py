from django.urls import re_path

from . import views

FEED = r"(?P<kind>rss|atom)/$"

app_name = "syndication"
urlpatterns = [
    re_path(r"^" + FEED, views.site_feed, name="site_feed"),
    re_path(r"^auteurs/(?P<slug>[-\w]+)/" + FEED, views.author_feed, name="author_feed"),
    re_path(r"^sujets/(?P<slug>[^/]+)/" + FEED, views.tag_feed, name="tag_feed"),
]
