"""Which kinds of message exist and which planner owns which kinds.

Domain apps fill these from their ``AppConfig.ready()`` (through ``reminders.planning``), so
``reminders`` imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import ScheduledMessage
    from .planning import Planned

    ContextFn = Callable[[ScheduledMessage], dict[str, Any] | None]
    AttachmentsFn = Callable[[ScheduledMessage], list[tuple[str, bytes, str]]]
    PlannerFn = Callable[[Any], Iterable[Planned]]
    SweepPlannerFn = Callable[[datetime], object]


@dataclass(frozen=True)
class Kind:
    name: str
    template: str
    context: ContextFn
    attachments: AttachmentsFn | None = None
    label: str | Promise = ""

    @property
    def display(self) -> str:
        return str(self.label) if self.label else self.name


@dataclass(frozen=True)
class PlannerSpec:
    model: type[Model]
    planner: PlannerFn
    kinds: frozenset[str]


_kinds: dict[str, Kind] = {}
_planners: dict[type[Model], list[PlannerSpec]] = {}
_sweep_planners: list[SweepPlannerFn] = []


def register_kind(
    kind: str,
    *,
    template: str,
    context: ContextFn,
    attachments: AttachmentsFn | None = None,
    label: str | Promise = "",
) -> None:
    """Register a kind of message. ``template`` is a prefix: ``<template>_subject.txt``,
    ``<template>.txt`` and ``<template>.html`` are rendered. Registering again replaces it."""
    if not kind or len(kind) > 100:
        raise ImproperlyConfigured(f"A message kind needs a name of 1–100 characters, got {kind!r}.")
    _kinds[kind] = Kind(kind, template, context, attachments, label)


def unregister_kind(kind: str) -> None:
    """For tests: forget a kind registered by the test."""
    _kinds.pop(kind, None)


def get_kind(kind: str) -> Kind:
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"No message kind {kind!r} is registered.") from None


def registered_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def register_planner(model: type[Model], planner: PlannerFn, kinds: Iterable[str]) -> None:
    """Register ``planner`` for ``model``. Several planners may share a model (e.g. the
    participants app and the sessions app both plan around a course) as long as each owns its
    own kinds: replan touches only the rows of the owning planner's kinds."""
    kinds = frozenset(kinds)
    if not kinds:
        raise ImproperlyConfigured(f"The planner {planner!r} must own at least one kind.")
    model = model._meta.concrete_model
    specs = [s for s in _planners.get(model, []) if s.planner is not planner]
    for spec in specs:
        if spec.kinds & kinds:
            raise ImproperlyConfigured(
                f"Kinds {sorted(spec.kinds & kinds)} of {model._meta.label} are already owned by {spec.planner!r}."
            )
    _planners[model] = [*specs, PlannerSpec(model, planner, kinds)]


def unregister_planner(model: type[Model], planner: PlannerFn | None = None) -> None:
    """For tests: forget ``planner`` (or every planner) of ``model``."""
    model = model._meta.concrete_model
    remaining = [s for s in _planners.get(model, []) if planner is not None and s.planner is not planner]
    if remaining:
        _planners[model] = remaining
    else:
        _planners.pop(model, None)


def planners_for(model: type[Model]) -> list[PlannerSpec]:
    return list(_planners.get(model._meta.concrete_model, []))


def register_sweep_planner(fn: SweepPlannerFn) -> None:
    """Register ``fn(now)``, run at the start of every sweep, before due rows are claimed.

    For messages planned only shortly before they are due: ``fn`` re-plans (``replan``) the
    objects whose moment has come. A message to every holder of a role, planned when its object
    is saved, would be a row per recipient for every object, days ahead, nearly all of them
    cancelled unsent. ``fn`` must be safe to run twice and concurrently (lock the object, as a
    service does, and re-check its state). Registering again is a no-op."""
    if fn not in _sweep_planners:
        _sweep_planners.append(fn)


def unregister_sweep_planner(fn: SweepPlannerFn) -> None:
    """For tests: forget ``fn``."""
    if fn in _sweep_planners:
        _sweep_planners.remove(fn)


def sweep_planners() -> list[SweepPlannerFn]:
    return list(_sweep_planners)
