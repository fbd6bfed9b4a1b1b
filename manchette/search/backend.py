"""Wagtail's database search backend, with an index write on SQLite that does not scan the index.

On every save of an indexed object, the SQLite backend recomputes the average title length
over the whole index and scans it for the entries whose title norm is still unset: about
220 ms at 100,000 articles, three times per publish. Here the average is computed once an hour
per process (one more title among thousands does not move it) and only the entries just
written are looked for. `manchette update_index` still recomputes every norm exactly.
"""

import functools
import time

from django.db import connection
from django.db.models import Avg, F, Max
from django.db.models.functions import Length
from wagtail.search.backends.database import SearchBackend as database_search_backend

AVERAGE_TITLE_SECONDS = 3600


def SearchBackend(params):  # noqa: N802 (the name Wagtail imports from a backend module)
    backend = database_search_backend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # not the fallback without FTS5
            backend.index_class = _incremental_sqlite_index_class(backend.index_class)
    return backend


@functools.cache  # one class, so that its average is shared by every backend instance
def _incremental_sqlite_index_class(sqlite_index):
    class IncrementalSQLiteIndex(sqlite_index):
        average_title_length = None
        averaged_at = 0.0

        def add_items(self, model, objs):
            self.first_new_id = (self.entries.aggregate(last=Max("id"))["last"] or 0) + 1
            super().add_items(model, objs)

        def _refresh_title_norms(self, full=False):
            if full or not hasattr(self, "first_new_id"):
                super()._refresh_title_norms(full=full)
                return
            average = self._average_title_length()
            if average is None:  # no entry has a title yet
                return
            self.entries.filter(id__gte=self.first_new_id, title_norm=1.0).annotate(
                title_length=Length("title")
            ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))

        def _average_title_length(self):
            cls = type(self)
            if cls.average_title_length is None or time.monotonic() > (
                cls.averaged_at + AVERAGE_TITLE_SECONDS
            ):
                cls.average_title_length = (
                    self.entries.annotate(title_length=Length("title"))
                    .filter(title_length__gt=0)
                    .aggregate(Avg("title_length"))["title_length__avg"]
                )
                cls.averaged_at = time.monotonic()
            return cls.average_title_length

    return IncrementalSQLiteIndex
