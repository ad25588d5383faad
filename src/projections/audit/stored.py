"""Cheap reading of stored events for the audit: parse the JSON once, decode values when read.

The library's mapper runs a Python object hook on every JSON object of an event's state
and builds the domain event, although the audit reads only a few fields (time, actor,
correlation id, patient id, the first fields of the summary). Here the state is parsed
by the C JSON parser alone and a value goes through the same transcodings only when the
audit reads it, so the columns come out exactly as from the decoded event (profiled:
decoding was the largest cost of the audit's catch-up). A state this cannot read that
way (another transcoder, an event class with `class_version` upcasts) goes through the
mapper instead.
"""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper, Notification, Transcoding
from eventsourcing.utils import resolve_topic

from projections.audit.summary import Described, describe, describe_fields

_NESTED = (dict, list)
_FLAT = frozenset({str, int, bool, float, type(None)})
_MEMO_SIZE = 50_000


class StoredEventReader:
    """Describes stored events for the audit without building domain events."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        transcoder = mapper.transcoder
        self.names: dict[str, Transcoding] | None = (
            transcoder.names if isinstance(transcoder, JSONTranscoder) else None
        )
        self._class_names: dict[str, str | None] = {}
        self._memo: dict[Any, Any] = {}

    def describe(self, n: Notification, originator: str) -> tuple[Described, Any]:
        """The audit columns of a stored event and its timestamp (None if it has none)."""
        class_name = self._class_name(n.topic)
        state = self._state(n.state) if class_name is not None else None
        if class_name is None or state is None or "class_version" in state:
            event = self.mapper.to_domain_event(n)
            return describe(event, originator, n.topic), getattr(event, "timestamp", None)
        described = describe_fields(class_name, state, originator, n.topic, self.value, self.shown)
        return described, self.value(state.get("timestamp"))

    def _class_name(self, topic: str) -> str | None:
        """The event class's name, or None when its states need the mapper (upcasts)."""
        if topic not in self._class_names:
            name: str | None = None
            if self.names is not None:
                cls = resolve_topic(topic)
                if getattr(cls, "class_version", 1) == 1:
                    name = cls.__name__
            self._class_names[topic] = name
        return self._class_names[topic]

    def _state(self, stored: bytes) -> dict[str, Any] | None:
        mapper = self.mapper
        if mapper.cipher:
            stored = mapper.cipher.decrypt(stored)
        if mapper.compressor:
            stored = mapper.compressor.decompress(stored)
        state = json.loads(stored)
        return state if isinstance(state, dict) else None

    def value(self, raw: Any) -> Any:
        """A stored JSON value as the event holds it: what the transcoder's object hook
        would make of it (inner objects first, then `{"_type_", "_data_"}` pairs)."""
        kind = type(raw)
        if kind is dict:
            if len(raw) == 2 and "_type_" in raw and "_data_" in raw:
                return self._transcoded(raw["_type_"], raw["_data_"])
            # Leaves inline: a call per JSON leaf was most of this method's time.
            return {
                key: self.value(item) if type(item) in _NESTED else item
                for key, item in raw.items()
            }
        if kind is list:
            return [self.value(item) if type(item) in _NESTED else item for item in raw]
        return raw

    def _transcoded(self, name: str, data: Any) -> Any:
        """A transcoded value, remembered when its data is text or flat: the same actors,
        patients and aggregates recur in event after event (values are only read)."""
        assert self.names is not None
        if type(data) is str:
            key: Any = (name, data)
        elif type(data) is dict and all(type(v) in _FLAT for v in data.values()):
            key = (name, *data.items())
        else:
            return self.names[name].decode(self.value(data))
        try:
            return self._memo[key]
        except KeyError:
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self.names[name].decode(self.value(data))
            return found

    def shown(self, raw: Any) -> Any:
        """`value` for the summary, which renders no mapping and no list of over five
        items: those stay as stored (the summary skips them just the same), so a large
        nested value such as a package's terms is never decoded."""
        kind = type(raw)
        if kind is dict:
            return self.value(raw) if len(raw) == 2 and "_type_" in raw else raw
        if kind is list and len(raw) <= 5:
            return [self.shown(item) for item in raw]
        return raw
