import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings.production")

django_application = get_wsgi_application()

from manchette.caching.wsgi import PageCacheMiddleware  # noqa: E402 (needs Django set up)

# The page cache is the outermost layer: a hit never enters Django.
application = PageCacheMiddleware(django_application)
