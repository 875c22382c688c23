"""Small references of our own (not the project's data) for extractor tests: rules must work on any."""

from __future__ import annotations

from pathlib import Path

from claimkit.reference import Entity, Reference, Role

SRC = "https://example.org/test"


def entity(entity_id: str, name: str, aliases: str = "", adjectives: str = "", country: str = "") -> Entity:
    """An entity from `|`-separated aliases and adjectives; its type is read off the id's prefix."""
    kind = entity_id.split("/")[0]
    return Entity(
        id=entity_id,
        type={"org": "organisation"}.get(kind, kind),
        name=name,
        aliases=tuple(a for a in aliases.split("|") if a),
        adjectives=tuple(a for a in adjectives.split("|") if a),
        country=country or None,
        language="en" if kind == "outlet" else None,
        medium="newspaper" if kind == "outlet" else None,
        description="",
        source=SRC,
    )


def role(role_id: str, wordings: str) -> Role:
    """A single-holder role named by its first `|`-separated wording."""
    words = tuple(wordings.split("|"))
    return Role(role_id, words[0], words, True, SRC)


def make_reference(entities: list[Entity], roles: list[Role], directory: Path) -> Reference:
    """A Reference over these entities and roles, with no positions or events."""
    return Reference(
        entities={e.id: e for e in entities},
        roles={r.id: r for r in roles},
        positions=(),
        events={},
        snapshot="2024-01-01",
        directory=directory,
        fingerprint=f"test-{directory.name}",
    )
