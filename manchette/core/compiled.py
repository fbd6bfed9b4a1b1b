"""Queries whose SQL Django builds once per shape rather than on every page.

Django takes one to several milliseconds to build and compile a query that SQLite answers in
a tenth of that, and an uncached page asks several. From one page to the next only values
change (an article's id, a section's path), so each query is built once for stand-in values
that no real value can equal, and each run puts its own values where the stand-ins were.
"""

import functools

from django.db import connection

# An integer stand-in: no row has a negative id.
STAND_IN_PK = -1_000_000_007


def compiled_sql(build, stand_ins, values, *shape):
    """The SQL and parameters of build(*stand_ins, *shape) with `values` in the stand-ins'
    places. `shape` is whatever else changes the SQL itself (a limit, a count of pages); a
    string stand-in also replaces the beginning of a parameter made from it (a path's range,
    a LIKE pattern), so it must begin no real parameter."""
    sql, params, places = _compile(build, tuple(stand_ins), (connection.vendor, *shape))
    params = list(params)
    for place, index in places:
        params[place] = _put_in(params[place], stand_ins[index], values[index])
    return sql, params


@functools.lru_cache(maxsize=128)
def _compile(build, stand_ins, shape):
    _vendor, *rest = shape  # the database is part of the shape: each has its own SQL
    sql, params = build(*stand_ins, *rest).query.sql_with_params()
    places = [
        (place, index)
        for place, param in enumerate(params)
        for index, stand_in in enumerate(stand_ins)
        if _stands_in(param, stand_in)
    ]
    if {index for _place, index in places} != set(range(len(stand_ins))):
        raise ValueError(f"A stand-in is missing from the compiled query: {stand_ins}")
    return sql, tuple(params), places


def _put_in(param, stand_in, value):
    if param == stand_in:
        return value
    return value + param[len(stand_in) :]  # a string made from the stand-in


def _stands_in(param, stand_in):
    if isinstance(stand_in, str):
        return isinstance(param, str) and param.startswith(stand_in)
    return type(param) is type(stand_in) and param == stand_in
