"""What every page shows but few edits change (navigation, latest headlines, most read,
settings, private sections), computed once per cache lifetime rather than on every render.

It may lag by MANCHETTE_PAGE_CACHE_SECONDS at most, as the cached pages do; the signal handlers
forget it as soon as an editor changes what it depends on, so in practice it lags only behind
readers (most read)."""

from django.conf import settings
from django.core.cache import cache
from wagtail.models import PageViewRestriction, Site

_MISSING = object()

# The lists drawn from the page tree, forgotten together whenever a page changes.
PAGE_LISTS = set()
RESTRICTED_PATHS = "restricted-paths"


def _key(name, site_id=None):
    return f"manchette:kept:{name}" if site_id is None else f"manchette:kept:{name}:{site_id}"


def kept(name, compute, *, site=None):
    """The value kept under this name (for this site), computed if it has expired."""
    key = _key(name, site.pk if site else None)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.MANCHETTE_PAGE_CACHE_SECONDS)
    return value


def page_list(name):
    """Declare a per-site list drawn from the pages, to be forgotten when a page changes."""
    PAGE_LISTS.add(name)
    return name


def forget(*names, per_site=True):
    site_ids = list(Site.objects.values_list("pk", flat=True)) if per_site else [None]
    cache.delete_many([_key(name, site_id) for name in names for site_id in site_ids])


def forget_page_lists():
    forget(*PAGE_LISTS)


def restricted_paths():
    """The tree paths of the pages readers need a password or an account for."""
    return kept(
        RESTRICTED_PATHS,
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def forget_restricted_paths():
    forget(RESTRICTED_PATHS, per_site=False)
