"""The registry of what passes from a dissolved ward to its successor: each app that keeps
ward records registers a transfer handler per kind of record in its `apps.py ready()`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise

from wards.models import User, Ward


@dataclass(frozen=True)
class TransferContext:
    """What a handler needs: the two wards, the day the successor takes over, who and why."""

    predecessor: Ward
    successor: Ward
    effective_date: datetime.date
    user: User | None
    reason: str
    dry_run: bool

    def stamp(self, instance: models.Model) -> models.Model:
        """Give the instance's next history record the user and the reason."""
        instance._history_user = self.user
        instance._change_reason = self.reason
        return instance


@dataclass(frozen=True)
class Moved:
    """One record that passed (or, in a dry run, would pass) to the successor."""

    instance: models.Model
    new_id: int | None = None
    note: str = ""
    object_id: int | None = None  # the instance's id, when it was deleted (merged away)
    label: str = ""  # what the record was called in the old ward (taken when created)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", str(self.instance)[:300])

    @property
    def id(self) -> int:
        """Return the id the record had in the old ward."""
        return self.object_id if self.object_id is not None else self.instance.pk


TransferHandler = Callable[[TransferContext], list[Moved]]


@dataclass
class TransferKind:
    """A kind of record that passes to the successor, with its handlers in order."""

    key: str
    label: str | Promise
    order: int
    handlers: list[tuple[int, str, TransferHandler]] = field(default_factory=list)


_KINDS: dict[str, TransferKind] = {}


def register_transfer_kind(*, key: str, label: str | Promise, order: int) -> None:
    """Declare a kind of record (its label on screen, its place in a run); idempotent."""
    _KINDS.setdefault(key, TransferKind(key=key, label=label, order=order))


def register_transfer(
    *, kind: str, order: int = 50
) -> Callable[[TransferHandler], TransferHandler]:
    """Register a handler that passes the kind's records of a dissolved ward to its successor
    (handlers of one kind run in ascending order; a dry run must write nothing)."""

    def decorator(handler: TransferHandler) -> TransferHandler:
        name = f"{handler.__module__}.{handler.__qualname__}"
        entries = _KINDS[kind].handlers
        if all(existing != name for _order, existing, _handler in entries):
            entries.append((order, name, handler))
            entries.sort(key=lambda entry: (entry[0], entry[1]))
        return handler

    return decorator


def transfer_kinds() -> list[TransferKind]:
    """Return the registered kinds in the order a run passes them."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def transfer_kind(key: str) -> TransferKind:
    """Return one registered kind (KeyError when unknown)."""
    return _KINDS[key]
