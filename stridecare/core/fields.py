"""The one helper for settings dataclasses: a field with its default and what a settings page shows
about it (label, unit, evidence tag, source...), read back with :func:`dataclasses.fields`."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def setting(default: Any, **metadata: Any) -> Any:
    """A frozen-dataclass field defaulting to ``default`` that carries ``metadata`` (typed ``Any`` so
    the class attribute keeps the annotation it is assigned to, like :func:`dataclasses.field`)."""
    return field(default=default, metadata=metadata)
