"""What every page shows but few edits change (navigation, latest headlines, most read,
settings, private sections, the site and its front page, the search form's lists), computed
once per cache lifetime rather than on every render.

It may lag by MANCHETTE_LISTS_SECONDS at most; the signal handlers forget it as soon as an
editor changes what it depends on, so in practice it lags only behind readers (most read).

Each process also keeps its own copies, read by requests instead of the shared cache (seven
reads a page, 0.5 ms: opening files and unpickling settings). A request starts by reading
the shared generation, which forgetting anything changes; if it has changed, the process
drops its copies. So a copy is never read by a request that started after another process
forgot it, nor older than the value's lifetime. Outside requests (the worker's jobs,
commands) only the shared cache is read."""

import copy
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_supported_language_variant
from wagtail.models import PageViewRestriction, Site

_MISSING = object()

# The lists drawn from the page tree, forgotten together whenever a page changes.
PAGE_LISTS = set()
# The lists drawn from a model's rows, by model: forgotten when one of its rows changes.
MODEL_LISTS = {}
RESTRICTED_PATHS = "restricted-paths"
SITES = "sites"
SITE_ROOT_PATHS = "site-root-paths"
GENERATION = "manchette:kept:generation"

# This process's copies, by key: (value, when it expires). Threads share them.
_copies = {}
_copies_generation = [None]
_copies_checked = ContextVar("manchette_kept_copies_checked", default=False)


def _key(name, site_id=None):
    # "v2": entries hold (value, expiry); a cache written by an earlier version holds bare values.
    prefix = f"manchette:kept:v2:{name}"
    return prefix if site_id is None else f"{prefix}:{site_id}"


@contextmanager
def copies_checked():
    """For one request: this process's copies, dropped first if any process forgot
    something since they were made, may be read instead of the shared cache."""
    generation = cache.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION)
    if generation != _copies_generation[0]:
        _copies.clear()
        _copies_generation[0] = generation
    token = _copies_checked.set(True)
    try:
        yield
    finally:
        _copies_checked.reset(token)


def kept(name, compute, *, site=None):
    """The value kept under this name (for this site), computed if it has expired."""
    key = _key(name, site.pk if site else None)
    use_copies = _copies_checked.get()
    if use_copies:
        value, expires = _copies.get(key, (_MISSING, 0))
        if value is not _MISSING and expires > time.time():
            return value
    entry = cache.get(key, _MISSING)
    if entry is _MISSING or entry[1] <= time.time():
        entry = _keep(key, compute())
    if use_copies:
        _copies[key] = entry
    return entry[0]


def _keep(key, value):
    entry = (value, time.time() + settings.MANCHETTE_LISTS_SECONDS)
    cache.set(key, entry, settings.MANCHETTE_LISTS_SECONDS)
    return entry


def kept_for_request(name, request, compute):
    """The value kept for the request's site, computed as compute(request, site) if it has
    expired; None outside a request for a site."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    # Read once per request: the front page and the search page show the sections twice.
    read = request.__dict__.setdefault("_manchette_kept", {})
    if name not in read:
        read[name] = kept(name, lambda: compute(request, site), site=site)
    return read[name]


def page_list(name):
    """Declare a per-site list drawn from the pages, to be forgotten when a page changes."""
    PAGE_LISTS.add(name)
    return name


def page_markup(name):
    """Declare the HTML of a per-site list drawn from the pages, kept in each language and
    forgotten when a page changes."""
    for code, _language in settings.LANGUAGES:
        page_list(f"{name}:{code}")
    return name


def model_list(name, *models):
    """Declare a list drawn from these models' rows, the same for every site, to be
    forgotten when one of them changes."""
    for model in models:
        MODEL_LISTS.setdefault(model, set()).add(name)
    return name


def lists_drawn_from(instance):
    """The names of the model lists that show this row's model."""
    return [
        name
        for model, names in MODEL_LISTS.items()
        if isinstance(instance, model)
        for name in names
    ]


def forget_model_lists(*names):
    forget(*names, per_site=False)


def kept_markup(name, request, render):
    """The HTML kept under a page_markup() name for the request's site and the active
    language, rendered as render(request, site) if it has expired; "" outside a request for
    a site. Every page shows the same lists: rendering them once per lifetime rather than on
    every page spares an uncached page 2 to 3 ms."""
    language = get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    markup = kept_for_request(f"{name}:{language}", request, render)
    return mark_safe(markup or "")  # noqa: S308 (rendered by a template)


def forget(*names, per_site=True):
    site_ids = list(Site.objects.values_list("pk", flat=True)) if per_site else [None]
    cache.delete_many([_key(name, site_id) for name in names for site_id in site_ids])
    # Every process drops its copies at its next request; this one at once.
    cache.set(GENERATION, uuid.uuid4().hex, None)
    _copies.clear()


def forget_page_lists():
    forget(*PAGE_LISTS)
    forget_sites()  # a site keeps its front page


def kept_site(request):
    """The site answering the request, as Wagtail finds it, with its front page: kept for
    each host and port the site is asked under."""
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = kept(SITES, dict)
    if host not in sites:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 (made now, so that it is kept with the site)
        sites = {**sites, host: site}
        _keep(_key(SITES), sites)
        _copies.pop(_key(SITES), None)
    return sites[host]


def kept_site_root_paths():
    """Wagtail's list of the sites' root paths (pages' URLs are made from it)."""
    return kept(SITE_ROOT_PATHS, Site.get_site_root_paths)


def forget_sites():
    forget(SITES, SITE_ROOT_PATHS, per_site=False)


class KeptSetting:
    """For a site setting read on every page: kept per site, forgotten when saved."""

    @classmethod
    def for_request(cls, request):
        attr = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if site is None or hasattr(request, attr):
            return super().for_request(request)
        # A copy: the kept one may be this process's, which other requests read too.
        setting = copy.copy(kept(cls._meta.label_lower, lambda: cls.to_keep(site), site=site))
        setting._request = request  # as Wagtail does, for page URLs in settings
        setattr(request, attr, setting)
        return setting

    @classmethod
    def to_keep(cls, site):
        """The site's setting as kept; every page reads a copy of it."""
        return cls.for_site(site)


def restricted_paths():
    """The tree paths of the pages readers need a password or an account for."""
    return kept(
        RESTRICTED_PATHS,
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def forget_restricted_paths():
    forget(RESTRICTED_PATHS, per_site=False)
