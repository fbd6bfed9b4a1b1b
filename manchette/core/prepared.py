"""Prepared statements on PostgreSQL, for the queries compiled once (manchette.core.compiled).

Django binds parameters on the client and sends each query as new text, which PostgreSQL
parses, analyses and plans again. A compiled query sends the same SQL every time, so psycopg
can prepare it on its second run on a connection and then send only its parameters: for the
eight queries of an uncached article at 100,000 articles, 22 → 16 ms a page
(docs/performance.md, session 15). Only those queries are prepared; Django's others keep the
client-side binding it is tested with. This module loads the PostgreSQL driver: import it on
PostgreSQL only.
"""

import psycopg
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.utils import DatabaseError

# What PostgreSQL answers when a prepared statement outlived the table it reads: another
# process's migration changed a column it returns ("cached plan must not change result
# type"), or it was deallocated behind psycopg's back.
STALE_STATEMENT = {"0A000", "26000"}


class PreparedCursor(ServerBindingCursor):
    """Binds parameters on the server, so that psycopg prepares a statement once it has
    run `prepare_threshold` times on the connection (it keeps the last 100)."""

    def _send_query_prepared(self, name, pgq, **kwargs):
        # psycopg records the query only when it does not run it prepared; Django's query
        # log (and the tests' query counts) read it.
        self._query = pgq
        return super()._send_query_prepared(name, pgq, **kwargs)


class GenericPlanCursor(PreparedCursor):
    """Runs its statement with the plan PostgreSQL makes once for every value (its generic
    plan), rather than planning it again for each run's values.

    PostgreSQL plans a prepared statement anew for its first five runs, then, at each run,
    uses one plan for all values only if that plan's estimated cost is below theirs (with
    an allowance for planning). The related articles' query never passes: its generic plan
    is estimated dearer, so each article page planned it (1 ms) to execute it in 0.2 ms,
    with the same plan or a worse one (docs/performance.md, session 18). Other statements
    keep PostgreSQL's choice: for some a generic plan is far slower (a section's pages:
    26 ms against 0.13).
    """

    def execute(self, query, params=None, **kwargs):
        # The setting goes in the query's round trip. In autocommit, a pipeline's statements
        # form one transaction: a query the server refuses takes the setting with it. The
        # reset is queued whatever happens here, even when the query is refused before it
        # is sent. Neither statement is prepared: psycopg would count one the server
        # skipped after a failure as prepared, and every later run would fail.
        with self.connection.pipeline():
            setting = psycopg.Cursor(self.connection)
            setting.execute("SET plan_cache_mode = force_generic_plan", prepare=False)
            try:
                super().execute(query, params, **kwargs)
            finally:
                setting.execute("RESET plan_cache_mode", prepare=False)
        return self


def preparing(connection):
    """Whether the settings let psycopg prepare statements (MANCHETTE_PREPARED_STATEMENTS)."""
    return connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None


def execute_prepared(compiler, *args, generic_plan=False, **kwargs):
    """The compiler's execute_sql() on a PreparedCursor, or a GenericPlanCursor. A stale
    statement closes the connection at the end of the request and the query runs again
    unprepared, unless a transaction it was part of is lost with it."""
    connection = compiler.connection
    cursor_class = GenericPlanCursor if generic_plan else PreparedCursor
    try:
        return _on_prepared_cursor(compiler, cursor_class, *args, **kwargs)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) not in STALE_STATEMENT:
            raise
        connection.close_at = 0
        if connection.in_atomic_block:
            raise
        return type(compiler).execute_sql(compiler, *args, **kwargs)


def _on_prepared_cursor(compiler, cursor_class, *args, **kwargs):
    connection = compiler.connection
    connection.ensure_connection()
    driver_connection = connection.connection
    usual = driver_connection.cursor_factory
    driver_connection.cursor_factory = cursor_class
    try:
        return type(compiler).execute_sql(compiler, *args, **kwargs)
    finally:
        driver_connection.cursor_factory = usual
