"""Servers: URLs paired with their variables blanked (variables pair by position: their
names are not on the wire), variable defaults and enums."""

from __future__ import annotations

import re

from ..model import (
    Operation,
    Server,
)
from ..spans import code
from .pairing import pair
from .places import WalkBase
from .site import Site

__all__ = ["TEMPLATE_VARIABLE", "ServersWalk", "template_variables"]

# `{name}` in a server URL, an AsyncAPI channel address or a name made from one.
TEMPLATE_VARIABLE = re.compile(r"\{([^{}]*)\}")


class ServersWalk(WalkBase):
    def _servers(
        self,
        sa: tuple[Server, ...],
        sb: tuple[Server, ...],
        a: Operation | None,
        b: Operation | None,
        path: tuple[str, ...],
    ) -> None:
        site = (
            Site(self.out, "", path, b.key, b.display)
            if b is not None
            else Site(self.out, "", path, "servers", "servers")
        )
        paired = pair({s.url: s for s in sa}, {s.url: s for s in sb})
        for url, s in paired.removed:
            where = f"server {code(s.display)}"
            site.at(where, url, old_loc=s.location).emit("server.removed", old=s.display)
        for url, s in paired.added:
            where = f"server {code(s.display)}"
            site.at(where, url, new_loc=s.location).emit("server.added", new=s.display)
        for url, x, y in paired.both:
            # Variables pair by their position in the URL: their names are not on the wire.
            for var_a, var in zip(
                template_variables(x.display), template_variables(y.display), strict=False
            ):
                va, vb = x.variables.get(var_a), y.variables.get(var)
                if va is None or vb is None:
                    continue
                here = site.at(
                    f"server {code(y.display)} variable {code(var)}",
                    url,
                    var,
                    old_loc=x.location,
                    new_loc=y.location,
                )
                if va[0] != vb[0]:
                    here.emit("server.variable-default-changed", old=va[0], new=vb[0])
                ea, eb = va[1], vb[1]
                if ea is not None and eb is not None:
                    for value in sorted(ea - eb):
                        here.emit("server.variable-enum-value-removed", value, old=value)
                    for value in sorted(eb - ea):
                        here.emit("server.variable-enum-value-added", value, new=value)

    # -- components nobody uses ------------------------------------------------------------


def template_variables(text: str) -> list[str]:
    """The ``{name}``s of a URL or an address, in order."""
    return TEMPLATE_VARIABLE.findall(text)
