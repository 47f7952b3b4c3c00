"""Security: requirements per operation (alternatives of schemes and scopes) and the
security schemes themselves, with a scheme renamed under the same definition seen as one."""

from __future__ import annotations

from ..model import (
    Operation,
    SecurityScheme,
)
from ..spans import code
from .places import WalkBase

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
        path = (b.key, "security")
        where = "security"
        common = {"old_loc": a.location, "new_loc": b.location}
        old_real = [alt for alt in old_alts if alt]
        new_real = [alt for alt in new_alts if alt]
        old_anonymous = len(old_real) < len(old_alts)  # no requirement, or an empty `{}`
        new_anonymous = len(new_real) < len(new_alts)
        if old_anonymous and not new_anonymous:
            self.emit(
                "security.requirement-added",
                where,
                (*path, "required"),
                b,
                new=_describe_alternatives(new_alts, names),
                **common,
            )
        if new_anonymous and not old_anonymous:
            self.emit(
                "security.requirement-removed",
                where,
                (*path, "required"),
                b,
                old=_describe_alternatives(old_alts, names),
                **common,
            )
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
                self.emit(
                    "security.removed",
                    where,
                    (*path, _alt_key(alt, names)),
                    b,
                    old=_describe_alternative(alt, names),
                    **common,
                )
            else:
                self._security_delta(alt, near, "added", where, path, b, common, names)
        for alt in new_real:
            if any(_satisfies(alt, oa) for oa in old_real):
                continue
            near = _closest(alt, old_real)
            if near is None:
                self.emit(
                    "security.added",
                    where,
                    (*path, _alt_key(alt, names)),
                    b,
                    new=_describe_alternative(alt, names),
                    **common,
                )
            else:
                self._security_delta(alt, near, "removed", where, path, b, common, names)

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

    def _security_delta(
        self,
        mine: frozenset,
        other: frozenset,
        action: str,
        where: str,
        path: tuple[str, ...],
        op: Operation,
        common: dict,
        names: dict[str, str],
    ) -> None:
        """Schemes and scopes ``other`` has that ``mine`` lacks (added or removed)."""
        mine_map, other_map = dict(mine), dict(other)
        value = "new" if action == "added" else "old"
        for scheme in sorted(other_map.keys() - mine_map.keys()):
            name = names.get(scheme, scheme)
            self.emit(
                f"security.scheme-{action}",
                where,
                (*path, "scheme", name),
                op,
                info={"scheme": name},
                **{value: name},
                **common,
            )
        for scheme in sorted(other_map.keys() & mine_map.keys()):
            name = names.get(scheme, scheme)
            for scope in sorted(other_map[scheme] - mine_map[scheme]):
                self.emit(
                    f"security.scope-{action}",
                    where,
                    (*path, name, scope),
                    op,
                    info={"scheme": name},
                    **{value: scope},
                    **common,
                )

    def _security_schemes(self) -> None:
        old, new = self.old.security_schemes, self.new.security_schemes
        renamed = set(self._renames) | set(self._renames.values())  # no change on the wire
        for name in sorted((old.keys() | new.keys()) - renamed):
            a, b = old.get(name), new.get(name)
            where = f"security scheme {code(name)}"
            path = ("security-schemes", name)
            ctx = {"operation": "security-schemes", "display": "security schemes"}
            if b is None:
                self.emit(
                    "security-scheme.removed", where, path, old_loc=a.location, old=name, **ctx
                )
            elif a is None:
                self.emit("security-scheme.added", where, path, new_loc=b.location, new=name, **ctx)
            else:
                self._security_scheme(a, b, where, path, ctx)

    def _security_scheme(
        self, a: SecurityScheme, b: SecurityScheme, where: str, path: tuple[str, ...], ctx: dict
    ) -> None:
        common = {"old_loc": a.location, "new_loc": b.location, **ctx}
        if a.type != b.type:
            self.emit(
                "security-scheme.type-changed",
                where,
                (*path, "type"),
                old=a.type,
                new=b.type,
                **common,
            )
            return
        for field in sorted(a.details.keys() | b.details.keys()):
            x, y = a.details.get(field), b.details.get(field)
            if x != y:
                self.emit(
                    "security-scheme.field-changed",
                    where,
                    (*path, field),
                    old=x,
                    new=y,
                    info={"field": field},
                    **common,
                )
        for scope in sorted(a.scopes - b.scopes):
            self.emit(
                "security-scheme.scope-removed",
                where,
                (*path, "scopes", scope),
                old=scope,
                **common,
            )
        for scope in sorted(b.scopes - a.scopes):
            self.emit(
                "security-scheme.scope-added", where, (*path, "scopes", scope), new=scope, **common
            )

    # -- servers ---------------------------------------------------------------------------


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
