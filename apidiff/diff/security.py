"""Security: requirements per operation (alternatives of schemes and scopes) and the
security schemes themselves, with a scheme renamed under the same definition seen as one."""

from __future__ import annotations

from ..model import (
    Operation,
    SecurityScheme,
)
from ..spans import code
from .pairing import pair
from .places import WalkBase
from .site import Site

__all__ = ["SecurityWalk"]


class SecurityWalk(WalkBase):
    def _security(self, a: Operation, b: Operation) -> None:
        # A scheme renamed with the same definition asks clients for the same credentials.
        renames = self._renames
        old_alts = tuple(
            frozenset((renames.get(n, n), scopes) for n, scopes in alt)
            for alt in a.security or (frozenset(),)
        ) or (frozenset(),)
        new_alts = tuple(b.security or ()) or (frozenset(),)
        if set(old_alts) == set(new_alts):
            return
        names: dict[str, str] = {}
        site = Site(
            self.out,
            "security",
            (b.key, "security"),
            b.key,
            b.display,
            old_loc=a.location,
            new_loc=b.location,
        )
        old_real = [alt for alt in old_alts if alt]
        new_real = [alt for alt in new_alts if alt]
        old_anonymous = len(old_real) < len(old_alts)  # no requirement, or an empty `{}`
        new_anonymous = len(new_real) < len(new_alts)
        if old_anonymous and not new_anonymous:
            new = _describe_alternatives(new_alts, names)
            site.emit("security.requirement-added", "required", new=new)
        if new_anonymous and not old_anonymous:
            old = _describe_alternatives(old_alts, names)
            site.emit("security.requirement-removed", "required", old=old)
        if not old_real or not new_real:
            return  # one side asks for nothing: the requirement change above says it all
        # An alternative a client used breaks when nothing in NEW asks for no more; it is
        # then explained against its closest NEW alternative (schemes and scopes added).
        # The mirror: an alternative no OLD client could satisfy relaxes its closest OLD one.
        for alt in old_real:
            if any(_satisfies(alt, nb) for nb in new_real):
                continue
            near = _closest(alt, new_real)
            if near is None:
                old = _describe_alternative(alt, names)
                site.emit("security.removed", _alt_key(alt, names), old=old)
            else:
                _security_delta(site, alt, near, "added", names)
        for alt in new_real:
            if any(_satisfies(alt, oa) for oa in old_real):
                continue
            near = _closest(alt, old_real)
            if near is None:
                new = _describe_alternative(alt, names)
                site.emit("security.added", _alt_key(alt, names), new=new)
            else:
                _security_delta(site, alt, near, "removed", names)

    def _scheme_renames(self) -> dict[str, str]:
        """OLD scheme name -> NEW name, for schemes renamed with the same definition."""
        old, new = self.old.security_schemes, self.new.security_schemes
        # A name still required in the other version (defined or not) is not renamed there:
        # the rename would read one document's requirements and not the other's.
        used_old, used_new = _required_schemes(self.old), _required_schemes(self.new)
        gone = [n for n in sorted(old) if n not in new and n not in used_new]
        fresh = [n for n in sorted(new) if n not in old and n not in used_old]
        renames = {}
        for name in gone:
            for candidate in fresh:
                if (old[name].type, old[name].details, old[name].scopes) == (
                    new[candidate].type,
                    new[candidate].details,
                    new[candidate].scopes,
                ):
                    renames[name] = candidate
                    fresh.remove(candidate)
                    break
        return renames

    def _security_schemes(self) -> None:
        renamed = set(self._renames) | set(self._renames.values())  # no change on the wire
        old = {k: v for k, v in self.old.security_schemes.items() if k not in renamed}
        new = {k: v for k, v in self.new.security_schemes.items() if k not in renamed}
        paired = pair(old, new)
        root = Site(self.out, "", ("security-schemes",), "security-schemes", "security schemes")
        for name, a in paired.removed:
            root.at(f"security scheme {code(name)}", name, old_loc=a.location, new_loc=None).emit(
                "security-scheme.removed", old=name
            )
        for name, b in paired.added:
            root.at(f"security scheme {code(name)}", name, old_loc=None, new_loc=b.location).emit(
                "security-scheme.added", new=name
            )
        for name, a, b in paired.both:
            site = root.at(
                f"security scheme {code(name)}", name, old_loc=a.location, new_loc=b.location
            )
            _security_scheme(site, a, b)


def _security_delta(
    site: Site, mine: frozenset, other: frozenset, action: str, names: dict[str, str]
) -> None:
    """Schemes and scopes ``other`` has that ``mine`` lacks (added or removed)."""
    mine_map, other_map = dict(mine), dict(other)
    value = "new" if action == "added" else "old"
    for scheme in sorted(other_map.keys() - mine_map.keys()):
        name = names.get(scheme, scheme)
        site.emit(f"security.scheme-{action}", "scheme", name, scheme=name, **{value: name})
    for scheme in sorted(other_map.keys() & mine_map.keys()):
        name = names.get(scheme, scheme)
        for scope in sorted(other_map[scheme] - mine_map[scheme]):
            site.emit(f"security.scope-{action}", name, scope, scheme=name, **{value: scope})


def _security_scheme(site: Site, a: SecurityScheme, b: SecurityScheme) -> None:
    if a.type != b.type:
        site.emit("security-scheme.type-changed", "type", old=a.type, new=b.type)
        return
    for field, x, y in pair(a.details, b.details).every:
        if x != y:
            site.emit("security-scheme.field-changed", field, old=x, new=y, field=field)
    for scope in sorted(a.scopes - b.scopes):
        site.emit("security-scheme.scope-removed", "scopes", scope, old=scope)
    for scope in sorted(b.scopes - a.scopes):
        site.emit("security-scheme.scope-added", "scopes", scope, new=scope)


def _satisfies(client: frozenset, required: frozenset) -> bool:
    """Does a client holding ``client`` credentials meet the ``required`` alternative?"""
    held = dict(client)
    return all(name in held and scopes <= held[name] for name, scopes in required)


def _closest(alt: frozenset, alternatives: list[frozenset]) -> frozenset | None:
    """The alternative sharing the most schemes with ``alt`` (None when none shares one)."""
    names = {n for n, _ in alt}
    best, overlap = None, 0
    for other in sorted(alternatives, key=_requirement_key):
        shared = len(names & {n for n, _ in other})
        if shared > overlap:
            best, overlap = other, shared
    return best


def _requirement_key(alt: frozenset) -> list:
    return sorted((n, sorted(scopes)) for n, scopes in alt)


def _alt_key(alt: frozenset, names: dict[str, str]) -> str:
    return "+".join(sorted(names.get(n, n) for n, _ in alt))


def _describe_alternative(alt: frozenset, names: dict[str, str]) -> str:
    if not alt:
        return "none"
    parts = []
    for key, scopes in sorted(alt, key=lambda x: names.get(x[0], x[0])):
        name = names.get(key, key)
        parts.append(f"{name} [{', '.join(sorted(scopes))}]" if scopes else name)
    return " and ".join(parts)


def _describe_alternatives(alts: tuple[frozenset, ...], names: dict[str, str]) -> str:
    return " or ".join(_describe_alternative(a, names) for a in alts)


def _required_schemes(contract) -> set[str]:
    """Every scheme name any operation's security requirement names."""
    return {
        name
        for operation in contract.operations.values()
        for alternative in operation.security or ()
        for name, _scopes in alternative
    }
