"""Prepared statements on PostgreSQL, for the queries compiled once (manchette.core.compiled).

Django binds parameters on the client and sends each query as new text, which PostgreSQL
parses, analyses and plans again. A compiled query sends the same SQL every time, so psycopg
can prepare it once per connection and then send only its parameters: for the eight queries
of an uncached article at 100,000 articles, 22 → 16 ms a page (docs/performance.md, session
15). Only those queries are prepared; Django's others keep the client-side binding it is
tested with. This module loads the PostgreSQL driver: import it on PostgreSQL only.
"""

from django.db.backends.postgresql.base import ServerBindingCursor


class PreparedCursor(ServerBindingCursor):
    """Binds parameters on the server and prepares each statement on its first run; psycopg
    keeps the connection's last 100 (settings: `prepare_threshold` must not be None)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def execute_prepared(compiler, *args, **kwargs):
    """The compiler's execute_sql(), its cursor a PreparedCursor."""
    connection = compiler.connection
    connection.ensure_connection()
    driver_connection = connection.connection
    usual = driver_connection.cursor_factory
    driver_connection.cursor_factory = PreparedCursor
    try:
        return type(compiler).execute_sql(compiler, *args, **kwargs)
    finally:
        driver_connection.cursor_factory = usual
