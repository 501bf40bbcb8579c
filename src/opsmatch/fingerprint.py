"""A short fingerprint of a lexicon's content, recorded in models trained with it.

A sub-type model learns from tokens cut with its lexicon's words; used with another lexicon
it sees other tokens. The fingerprint (SHA-256 of the lexicon's entries in a canonical form:
competencies, terms with their forms, weights, kinds and patterns, sub-types; file names and
order do not count) lets ``Analyzer`` warn about such a pairing.

>>> from opsmatch.lexicon import load_lexicon
>>> len(lexicon_fingerprint(load_lexicon()))
16
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from opsmatch.lexicon import Lexicon

__all__ = ["lexicon_fingerprint"]


def _plain(value: Any) -> Any:
    """A dataclass (or container of them) as JSON-ready data, with provenance (``source``) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "source"}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return (
            sorted(items, key=lambda v: json.dumps(v, sort_keys=True)) if isinstance(value, (set, frozenset)) else items
        )
    return value


def lexicon_fingerprint(lexicon: Lexicon) -> str:
    """16 hex digits that change whenever an entry of the lexicon changes (not with file names or order)."""
    data = _plain(lexicon)
    data["terms"] = sorted(data["terms"], key=lambda t: json.dumps(t, sort_keys=True, ensure_ascii=False))
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
