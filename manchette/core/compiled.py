"""Queries whose SQL Django builds once per shape rather than on every page.

Django takes one to several milliseconds to build and compile a query that SQLite answers in
a tenth of that, and an uncached page asks several. From one page to the next only values
change (an article's id, a section's path), so each query is built once for stand-in values
that no real value can equal, and each run puts its own values where the stand-ins were.

On PostgreSQL each such query is also a prepared statement of its connection: the server
parses and plans the same SQL once rather than on every page (manchette.core.prepared).
"""

import copy
import functools
import weakref
from collections import defaultdict

from django.db import connection, connections
from django.db.models.sql import Query

# An integer stand-in: no row has a negative id.
STAND_IN_PK = -1_000_000_007


def stand_in_pks(count):
    """As many distinct integer stand-ins, for a list of ids."""
    return tuple(STAND_IN_PK - number for number in range(count))


def stand_in_path(length):
    """A tree path's stand-in: "~" is not in the tree's alphabet."""
    return "~" * length


def stand_in_words(count):
    """As many distinct string stand-ins (slugs, names), none the beginning of another."""
    return tuple(f"~{number}~" for number in range(count))


def compiled_queryset(build, shape, stand_ins, values, *, generic_plan=False):
    """build(*shape, *stand_ins), a queryset, run with `values` in the stand-ins' places.

    It gives what the queryset would (model instances with their select_related() objects
    and annotations, or values_list() rows), evaluated at once; refining it would refine
    the stand-ins' query, so it refuses. `shape` is whatever else the build reads (a limit,
    the private sections): the build must read nothing else that may change. A path's
    stand-in (stand_in_path) also replaces the beginning of the parameters made from it (a
    range of paths); the value is put in unescaped, which a tree path, digits and capitals,
    needs not be. `generic_plan`: on PostgreSQL with prepared statements
    (MANCHETTE_PREPARED_STATEMENTS), run with the plan made once for every value
    (manchette.core.prepared.GenericPlanCursor), for a query whose best plan does not change
    with the values.
    """
    compiled = _compile(build, connection.vendor, tuple(shape), tuple(stand_ins))
    return compiled.queryset(compiled.params_with(values), generic_plan)


def prefetch_compiled(instances, name, field, build, shape=()):
    """What prefetch_related_objects(instances, name) does for a reverse foreign key, with
    its query compiled once per shape: build(*shape, *ids) asks for the related rows of the
    instances' ids, in order, `field` being the rows' foreign key to them. Each instance
    holds its rows as its `name` queryset, and each row its instance."""
    if not instances:
        return
    ids = [instance.pk for instance in instances]
    rows = compiled_queryset(build, shape, stand_in_pks(len(ids)), ids)
    attname = rows.model._meta.get_field(field).attname
    by_id = {instance.pk: instance for instance in instances}
    found = defaultdict(list)
    for row in rows:
        found[getattr(row, attname)].append(row)
        setattr(row, field, by_id[getattr(row, attname)])
    for instance in instances:
        keep_prefetched(instance, name, rows.model, found[instance.pk], {field: instance})


def keep_prefetched(instance, name, model, objects, relation):
    """Leave the instance holding these objects as its `name` relation, as prefetching
    does: a queryset of them that, if refined, asks for the rows `relation` filters on, the
    filter applied then, as Django's related managers defer theirs."""
    held = model._default_manager.get_queryset()
    held._add_hints(instance=instance)
    held._deferred_filter = (False, (), relation)
    for lookup, related in relation.items():
        if "__" not in lookup:  # the rows' own foreign key: rows found later point back too
            held._known_related_objects = {model._meta.get_field(lookup): {related.pk: related}}
    held._result_cache = objects
    held._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = held


@functools.lru_cache(maxsize=256)
def _compile(build, _vendor, shape, stand_ins):
    # The database is part of the key: each has its own SQL.
    return _Compiled(build(*shape, *stand_ins), stand_ins)


class _Compiled:
    """A queryset's SQL and the places of its stand-ins among the parameters."""

    def __init__(self, queryset, stand_ins):
        self.model_queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        # Compiling also tells the compiler which columns make which objects.
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        self.stand_ins = stand_ins
        self.places = [
            (place, index)
            for place, param in enumerate(params)
            for index, stand_in in enumerate(stand_ins)
            if _stands_in(param, stand_in)
        ]
        if {index for _place, index in self.places} != set(range(len(stand_ins))):
            raise ValueError(f"A stand-in is missing from the compiled query: {stand_ins}")
        # By connection (each thread has its own), then by the columns' expressions.
        self._converters = weakref.WeakKeyDictionary()

    def params_with(self, values):
        params = list(self.params)
        for place, index in self.places:
            params[place] = _put_in(params[place], self.stand_ins[index], values[index])
        return params

    def converters(self, run, expressions):
        """The columns' converters, which Django looks for again on every run (a tenth of a
        compiled query's Python): the same for every run on one connection."""
        found = self._converters.setdefault(run.connection, {})
        key = tuple(map(id, expressions))
        if key not in found:
            # The expressions are kept with their converters: while they live, no other
            # object can take their ids.
            found[key] = (list(expressions), type(run).get_converters(run, expressions))
        return found[key][1]

    def queryset(self, params, generic_plan):
        built = self.model_queryset
        query = _CompiledQuery(self, params, generic_plan)
        queryset = built.__class__(model=built.model, query=query, using=built._db)
        queryset._iterable_class = built._iterable_class
        queryset._fields = built._fields
        queryset._prefetch_related_lookups = built._prefetch_related_lookups
        queryset._fetch_all()
        return queryset


class _CompiledQuery(Query):
    """The stand-ins' query, answering with its SQL compiled once and the run's parameters."""

    def __init__(self, compiled, params, generic_plan):
        self.__dict__.update(compiled.compiler.query.__dict__)
        self._compiled = (compiled, params, generic_plan)

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiled, params, generic_plan = self._compiled
        run = copy.copy(compiled.compiler)
        run.connection = connection or connections[using]
        run.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        run.get_converters = functools.partial(compiled.converters, run)
        if run.connection.vendor == "postgresql":
            from .prepared import execute_prepared, preparing  # loads the PostgreSQL driver

            if preparing(run.connection):
                run.execute_sql = functools.partial(
                    execute_prepared, run, generic_plan=generic_plan
                )
        return run

    def chain(self, klass=None):
        raise TypeError("A compiled query runs as it is: refine the queryset it is built from.")

    clone = chain


def _put_in(param, stand_in, value):
    if isinstance(param, str):
        return value + param[len(stand_in) :]  # the value itself, or a path made from it
    return type(param)(value)  # as the database adapter wrapped the stand-in (psycopg's Int8)


def _stands_in(param, stand_in):
    if isinstance(stand_in, str):
        made_from = _is_path(stand_in) and isinstance(param, str) and param.startswith(stand_in)
        return param == stand_in or made_from
    return isinstance(param, int) and not isinstance(param, bool) and param == stand_in


def _is_path(stand_in):
    return set(stand_in) == {"~"}
