"""Compiled statements: the SQL of a few querysets built once per process and read in one go.

Django compiles a queryset to SQL every time it is evaluated. For a page of a dozen small lists
with subqueries, windows and joins (the home pages) that costs about 1 ms a list, more than
PostgreSQL takes to run them. A queryset whose SQL and parameters depend only on a few known
things (the user's id and roles, say) compiles to the same statement every time, so
``compiled(key, build)`` compiles ``build()``'s querysets once and keeps the result:

    statement = compiled(("home:facilitator", user.pk, user.roles), lambda: {"invitations": ...})
    rows = statement.run(now=timezone.now())  # {"invitations": [{"course_id": 7, ...}, ...]}

The rules of use:

- ``key`` names everything ``build`` reads that can change from one call to the next: the user
  (id, active, roles), the filters... The helper adds what Django itself puts into SQL (the
  database alias, the active language and time zone), and forgets every statement when a setting
  changes (tests' ``override_settings``): settings are constant in a running process.
- The moment is never compiled in: a time condition is written with ``Moment(offset)``, a
  parameter bound each time the statement runs (``run(now=...)``, one moment for every part),
  so that ``time_machine`` in tests and the page's own "now" both hold.
- Each queryset is a ``values()`` queryset, sliced if it is to be cut; a row is a dict of its
  columns. On PostgreSQL every part is read in one statement, each part as one JSON array: the
  columns may only be numbers, text, booleans, dates and datetimes (JSON holds them exactly),
  never a field with a ``from_db_value`` (encrypted fields), which ``compiled`` refuses. On
  another database (SQLite for ``make run``) each part is its own statement, its values
  converted as Django converts them.

``prepared(key, build)`` does the same for one queryset of model instances: ``build()``'s SQL is
compiled once per ``key`` and each ``fetch`` runs it and makes the instances as Django would
(``select_related`` and annotations included; ``prefetch_related`` runs as usual). Values that
change from one call to the next are ``Param("name")`` expressions, bound by ``fetch(name=...)``,
so the key names only the query's shape, not the row asked for:

    statement = prepared(("course", kind), lambda: Course.objects.filter(pk=Param("pk"))[:2])
    courses = statement.fetch(pk=7)
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateTimeField,
    Expression,
    F,
    Field,
    Func,
    Model,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.query import ModelIterable
from django.db.transaction import TransactionManagementError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language

# Statements kept per process: a few per user who has opened a page that uses them.
KEPT = 512


class _MomentParameter:
    """What a ``Moment`` compiles to inside ``compiled``: filled in by ``Statement.run``."""

    __slots__ = ("offset",)

    def __init__(self, offset: timedelta):
        self.offset = offset


_compiling = threading.local()


class Moment(Expression):
    """The moment the statement runs, plus ``offset``: ``filter(due_at__lte=Moment())``,
    ``filter(starts_at__lt=Moment() + timedelta(days=14))``. Inside ``compiled`` a parameter
    bound by ``Statement.run(now=...)``; anywhere else ``timezone.now() + offset``."""

    output_field = DateTimeField()

    def __init__(self, offset: timedelta = timedelta(0)):
        super().__init__()
        self.offset = offset

    def __repr__(self) -> str:
        return f"Moment({self.offset!r})"

    # ``now - timedelta(days=3)`` reads the same whether ``now`` is a datetime or a Moment, so a
    # selector's rule is written once for both.
    def __add__(self, other):
        if isinstance(other, timedelta):
            return Moment(self.offset + other)
        return super().__add__(other)

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return Moment(self.offset - other)
        return super().__sub__(other)

    def as_sql(self, compiler, connection):
        if getattr(_compiling, "active", False):
            return "%s", [_MomentParameter(self.offset)]
        return "%s", [connection.ops.adapt_datetimefield_value(timezone.now() + self.offset)]


class _NamedParameter:
    """What a ``Param`` compiles to: filled in by ``Prepared.fetch`` (or ``Statement.run``)."""

    __slots__ = ("field", "name")

    def __init__(self, name: str, field):
        self.name = name
        self.field = field


class Param(Expression):
    """A value given each time a prepared statement runs: ``filter(pk=Param("pk"))``, bound by
    ``fetch(pk=...)``. Only inside ``prepared`` or ``compiled``: it has no value elsewhere."""

    def __init__(self, name: str, output_field=None):
        super().__init__(output_field=output_field or BigIntegerField())
        self.name = name

    def __repr__(self) -> str:
        return f"Param({self.name!r})"

    def as_sql(self, compiler, connection):
        if not getattr(_compiling, "active", False):
            raise ValueError(f"{self!r} has a value only in a prepared statement")
        return "%s", [_NamedParameter(self.name, self.output_field)]


class _ListOfValues(Field):
    """What a list bound to ``OneOf`` is sent as: an array on PostgreSQL, JSON text elsewhere."""

    def get_db_prep_value(self, value, connection, prepared=False):
        values = list(value)
        return values if connection.vendor == "postgresql" else json.dumps(values)


class OneOf(Func):
    """A condition: ``column`` is one of the values of the list bound as ``name``:
    ``filter(OneOf("pk", "ids"))``, ``fetch(ids=[3, 5, 8])``. One statement for every length of
    list (``pk__in=[...]`` compiles to a new statement for each length)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, name: str):
        super().__init__(F(column), Param(name, output_field=_ListOfValues()))

    def _parts(self, compiler):
        column, values = self.get_source_expressions()
        (column_sql, column_params), (values_sql, values_params) = compiler.compile(column), compiler.compile(values)
        return column_sql, values_sql, [*column_params, *values_params]

    def as_sql(self, compiler, connection, **extra_context):
        column, values, params = self._parts(compiler)
        return f"{column} = ANY({values})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        column, values, params = self._parts(compiler)
        return f"{column} IN (SELECT value FROM json_each({values}))", params  # noqa: S608 (SQL of Django, values bound)


def _bind(params: tuple, now: datetime, values: dict, connection) -> list:
    """The parameters of a statement with its moments at ``now`` and its ``Param``s from
    ``values``."""
    bound = []
    for param in params:
        if isinstance(param, _MomentParameter):
            param = connection.ops.adapt_datetimefield_value(now + param.offset)
        elif isinstance(param, _NamedParameter):
            # As Django prepares a value it is given in a filter (a number given as text, say).
            param = param.field.get_db_prep_value(values[param.name], connection)
        bound.append(param)
    return bound


def _names(params: tuple) -> frozenset[str]:
    return frozenset(p.name for p in params if isinstance(p, _NamedParameter))


def _json_reader(field) -> Callable[[Any], Any] | None:
    """How a column's JSON value becomes the value Django would give, or a TypeError for a
    column JSON does not carry exactly."""
    if field.is_relation:
        field = field.target_field
    if getattr(field, "from_db_value", None) is not None:
        raise TypeError(f"{field!r} converts its database value: not readable as JSON")
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return datetime.fromisoformat
    if kind == "DateField":
        return date.fromisoformat
    if kind in {"CharField", "TextField", "BooleanField"} or kind.endswith(("IntegerField", "AutoField")):
        return None
    raise TypeError(f"{field!r} ({kind}) is not readable as JSON here")


@dataclass(frozen=True)
class _Part:
    name: str
    sql: str
    params: tuple
    columns: tuple[str, ...]
    readers: tuple[tuple[str, Callable], ...]  # (column, JSON value -> Python value)
    converters: dict  # Django's, by column index (for the one statement a part)


@dataclass(frozen=True)
class Statement:
    """The compiled parts of one ``compiled`` call; ``run`` reads them all."""

    using: str
    parts: tuple[_Part, ...]

    def run(self, *, now: datetime | None = None, one_statement: bool | None = None, **values) -> dict[str, list[dict]]:
        """Every part's rows, as dicts of its columns, with every ``Moment`` at ``now``
        (default: ``timezone.now()``) and every ``Param`` from ``values``. One statement on
        PostgreSQL (``one_statement=False``: one a part, as on other databases)."""
        now = now or timezone.now()
        connection = connections[self.using]
        _check_values(set().union(*(_names(part.params) for part in self.parts)), values)
        if one_statement is None:
            one_statement = connection.vendor == "postgresql"
        if one_statement:
            return self._run_as_json(now, values, connection)
        result = {}
        with connection.cursor() as cursor:
            for part in self.parts:
                cursor.execute(part.sql, _bind(part.params, now, values, connection))
                rows = cursor.fetchall()
                for i, (converters, expression) in part.converters.items():
                    for n, row in enumerate(rows):
                        value = row[i]
                        for converter in converters:
                            value = converter(value, expression, connection)
                        if value is not row[i]:
                            rows[n] = row = (*row[:i], value, *row[i + 1 :])
                result[part.name] = [dict(zip(part.columns, row, strict=True)) for row in rows]
        return result

    def _run_as_json(self, now: datetime, values: dict, connection) -> dict[str, list[dict]]:
        # Each part aggregated in the order its subquery gives (PostgreSQL aggregates a sorted
        # subquery in its order when the outer level only aggregates it).
        sql = "SELECT " + ", ".join(  # noqa: S608 (each part's SQL is Django's, its values parameters)
            f"(SELECT COALESCE(json_agg(p{i}), '[]')::text FROM ({part.sql}) p{i})"  # noqa: S608
            for i, part in enumerate(self.parts)
        )
        params = [param for part in self.parts for param in part.params]
        with connection.cursor() as cursor:
            cursor.execute(sql, _bind(tuple(params), now, values, connection))
            texts = cursor.fetchone()
        result = {}
        for part, text in zip(self.parts, texts, strict=True):
            rows = json.loads(text)
            for column, read in part.readers:
                for row in rows:
                    if row[column] is not None:
                        row[column] = read(row[column])
            result[part.name] = rows
        return result


def _compile(name: str, queryset: QuerySet, using: str) -> _Part:
    if queryset._fields is None or queryset._iterable_class.__name__ != "ValuesIterable":
        raise TypeError(f"{name}: a values() queryset, its rows read as dicts")
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    columns, readers, expressions = [], [], []
    for expression, _sql, alias in compiler.select:
        if alias is None:
            raise TypeError(f"{name}: every column needs its name")
        columns.append(alias)
        expressions.append(expression)
        read = _json_reader(expression.output_field)
        if read is not None:
            readers.append((alias, read))
    return _Part(name, sql, tuple(params), tuple(columns), tuple(readers), compiler.get_converters(expressions))


_kept: OrderedDict[Hashable, Statement] = OrderedDict()
_lock = threading.Lock()


def compiled(key: Hashable, build: Callable[[], dict[str, QuerySet]], *, using: str = DEFAULT_DB_ALIAS) -> Statement:
    """The statement of ``build()``'s querysets (name -> values queryset), compiled the first time
    ``key`` is asked for in this process (with the active language and time zone) and kept."""
    full_key = (key, using, get_language(), timezone.get_current_timezone_name())
    with _lock:
        statement = _kept.get(full_key)
        if statement is not None:
            _kept.move_to_end(full_key)
            return statement
    _compiling.active = True
    try:
        parts = tuple(_compile(name, queryset, using) for name, queryset in build().items())
    finally:
        _compiling.active = False
    statement = Statement(using, parts)
    with _lock:
        _kept[full_key] = statement
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return statement


def _check_values(names: set[str] | frozenset[str], values: dict) -> None:
    # More values than the statement uses are fine: one caller, several shapes of a query (a
    # coordinator's course query has no user in it, a facilitator's has).
    if missing := set(names) - set(values):
        raise TypeError(f"the statement needs a value for {sorted(missing)}")


@dataclass(frozen=True)
class Prepared:
    """One queryset of model instances, compiled once; ``fetch`` runs it."""

    using: str
    queryset: QuerySet  # as built: its model, query (compiled) and prefetches
    compiler: Any  # the compiler that compiled it: what it selected and how rows become objects
    sql: str
    params: tuple

    def fetch(self, *, now: datetime | None = None, **values) -> list[Model]:
        """The instances, with every ``Param`` from ``values`` and every ``Moment`` at ``now``."""
        _check_values(_names(self.params), values)
        connection = connections[self.using]
        if self.queryset.query.select_for_update and connection.get_autocommit():
            # Django checks this when it compiles; a kept statement is not compiled again.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        # Django's own ModelIterable makes the instances, from this compiler's plan of the
        # columns, with the kept SQL: a copy a call (it holds the thread's connection).
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        bound = (self.sql, _bind(self.params, now or timezone.now(), values, connection))
        compiler.as_sql = lambda *args, **kwargs: bound
        query = copy.copy(self.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = QuerySet(model=self.queryset.model, query=query, using=self.using)
        rows = list(ModelIterable(queryset))
        if self.queryset._prefetch_related_lookups:
            prefetch_related_objects(rows, *self.queryset._prefetch_related_lookups)
        return rows


def prepared(key: Hashable, build: Callable[[], QuerySet], *, using: str = DEFAULT_DB_ALIAS) -> Prepared:
    """The statement of ``build()``'s queryset of model instances, compiled the first time ``key``
    is asked for in this process (with the active language and time zone) and kept."""
    full_key = ("prepared", key, using, get_language(), timezone.get_current_timezone_name())
    with _lock:
        statement = _kept.get(full_key)
        if statement is not None:
            _kept.move_to_end(full_key)
            return statement
    queryset = build()
    if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
        raise TypeError("prepared: a queryset of model instances, not values() nor a related manager's")
    _compiling.active = True
    try:
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
    finally:
        _compiling.active = False
    statement = Prepared(using, queryset, compiler, sql, tuple(params))
    with _lock:
        _kept[full_key] = statement
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return statement


def keep_related(instance: Model, name: str, rows: list[Model]) -> None:
    """Keep ``rows`` (read by a kept statement) on ``instance`` as its reverse relation ``name``
    (a ``related_name`` of a foreign key to it), as ``prefetch_related(name)`` keeps them: then
    ``instance.<name>.all()`` and Django's own prefetches read them, not the database. The rows
    must be all of the relation's, in the order they are to be listed."""
    manager = getattr(instance, name)
    field = manager.field
    for row in rows:
        field.set_cached_value(row, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[field.remote_field.cache_name] = queryset


def forget_all() -> None:
    """Forget every kept statement (a setting changed, or a test wants a cold start)."""
    with _lock:
        _kept.clear()


@receiver(setting_changed)
def _setting_changed(**kwargs) -> None:
    forget_all()
