"""Fields an analyst set: they override what fusion makes of the reports, and a later
disagreement is a proposal, never a silent change.

``locks`` (field -> {"value": the analyst's value, "machine": fusion's value when last seen})
is stored per event in ``reviews.locks``. ``fuse_group`` is ``reconcile`` for a group whose
event may be pinned (its id) and locked (its fields): ingest, repair and the integrity check
all call it, so the three agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sitrep.codec import event_from_dict, event_to_dict
from sitrep.fuse import Report, anchor, group_pin, reconcile
from sitrep.model import Event

__all__ = ["Locks", "apply_locks", "fuse_group", "group_id", "proposals"]

Locks = Mapping[str, Mapping[str, Any]]


def group_id(group: Sequence[Report], pins: Mapping[str, str]) -> str:
    """The event id of a group: its pin, else its earliest report's id."""
    return group_pin(group, pins) or anchor(group).event.event_id


def apply_locks(event: Event, locks: Locks) -> Event:
    """``event`` with every locked field set to the analyst's value."""
    if not locks:
        return event
    record = event_to_dict(event)
    record.update({name: lock["value"] for name, lock in locks.items()})
    return event_from_dict(record)


def proposals(machine: Event, locks: Locks) -> dict[str, Any]:
    """Locked fields where fusion now says something new that is not the analyst's value:
    {field: fusion's value}. A value fusion said before (when the lock was set or last
    flagged) is not proposed again."""
    record = event_to_dict(machine)
    found: dict[str, Any] = {}
    for name, lock in locks.items():
        value = _plain(record.get(name))
        if value != _plain(lock.get("machine")) and value != _plain(lock["value"]):
            found[name] = value
    return found


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def fuse_group(group: Sequence[Report], pins: Mapping[str, str], locks: Locks) -> tuple[Event, Event]:
    """(the event, fusion's own event) of one group: fusion's under the group's id, with the locks applied."""
    gid = group_id(group, pins)
    machine = reconcile(group)
    if machine.event_id != gid:
        machine = dataclasses.replace(machine, event_id=gid)
    return apply_locks(machine, locks), machine
