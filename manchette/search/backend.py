"""Wagtail's database search backend, with index writes that do not scan the whole index.

On every save of an indexed object, the database backends (SQLite and PostgreSQL, measured;
MySQL's index works the same way) recompute the average title length over the whole index,
then scan it for the entries whose title norm is still unset (PostgreSQL unsets it on every
rewrite): at 100,000 articles, about 220 ms on SQLite and 500 ms on PostgreSQL (whose titles
are stored out of line, see the search app's first migration), three times per publish. Here
the average is taken over the newest titles, of every indexed type (one more title among
thousands does not move it), and only the entries just written get a new norm.
`manchette update_index` still recomputes every norm over the whole index.
"""

import functools

from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends.database import SearchBackend as database_search_backend

AVERAGED_TITLES = 1_000


def SearchBackend(params):  # noqa: N802 (the name Wagtail imports from a backend module)
    backend = database_search_backend(params)
    if hasattr(backend.index_class, "_refresh_title_norms"):  # not the fallback backend
        backend.index_class = _incremental_index_class(backend.index_class)
    return backend


@functools.cache  # one class per database's index
def _incremental_index_class(database_index):
    class IncrementalIndex(database_index):
        def add_items(self, model, objs):
            objs = list(objs)  # read twice
            self.written = self.entries.filter(
                content_type_id=get_content_type_pk(model),
                object_id__in=[str(obj.pk) for obj in objs],
            )
            super().add_items(model, objs)

        def _refresh_title_norms(self, full=False):
            if full or not hasattr(self, "written"):
                super()._refresh_title_norms(full=full)
                return
            average = self._average_title_length()
            if average is None:  # no entry has a title yet
                return
            # Rewritten entries too: their title may have changed length.
            self.written.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
                title_norm=average / F("title_length")
            )

        def _average_title_length(self):
            newest = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .order_by("-id")[:AVERAGED_TITLES]
            )
            return newest.aggregate(Avg("title_length"))["title_length__avg"]

    return IncrementalIndex
