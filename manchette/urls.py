from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("manchette.syndication.urls")),
    path("auteurs/", include("manchette.authors.urls")),
    path("", include("manchette.articles.urls")),
    path("commentaires/", include("manchette.comments.urls")),
    path("recherche/", include("manchette.search.urls")),
    path("", include("manchette.readership.urls")),
    path("", include(wagtail_urls)),
]

handler404 = "manchette.core.views.page_not_found"
handler500 = "manchette.core.views.server_error"
