"""Servers: URLs paired with their variables blanked (variables pair by position: their
names are not on the wire), variable defaults and enums."""

from __future__ import annotations

import re

from ..model import (
    Operation,
    Server,
)
from ..spans import code
from .places import WalkBase

__all__ = ["ServersWalk"]


class ServersWalk(WalkBase):
    def _servers(
        self,
        sa: tuple[Server, ...],
        sb: tuple[Server, ...],
        a: Operation | None,
        b: Operation | None,
        path: tuple[str, ...],
    ) -> None:
        old = {s.url: s for s in sa}
        new = {s.url: s for s in sb}
        ctx: dict = {} if b is not None else {"operation": "servers", "display": "servers"}
        for url in sorted(old.keys() - new.keys()):
            s = old[url]
            self.emit(
                "server.removed",
                f"server {code(s.display)}",
                (*path, url),
                b,
                old=s.display,
                old_loc=s.location,
                **ctx,
            )
        for url in sorted(new.keys() - old.keys()):
            s = new[url]
            self.emit(
                "server.added",
                f"server {code(s.display)}",
                (*path, url),
                b,
                new=s.display,
                new_loc=s.location,
                **ctx,
            )
        for url in sorted(old.keys() & new.keys()):
            x, y = old[url], new[url]
            # Variables pair by their position in the URL: their names are not on the wire.
            for var_a, var_b in zip(
                _url_variables(x.display), _url_variables(y.display), strict=False
            ):
                va, vb = x.variables.get(var_a), y.variables.get(var_b)
                var = var_b
                where = f"server {code(y.display)} variable {code(var)}"
                common = {"old_loc": x.location, "new_loc": y.location, **ctx}
                if va is None or vb is None:
                    continue
                if va[0] != vb[0]:
                    self.emit(
                        "server.variable-default-changed",
                        where,
                        (*path, url, var),
                        b,
                        old=va[0],
                        new=vb[0],
                        **common,
                    )
                ea, eb = va[1], vb[1]
                if ea is not None and eb is not None:
                    for value in sorted(ea - eb):
                        self.emit(
                            "server.variable-enum-value-removed",
                            where,
                            (*path, url, var, value),
                            b,
                            old=value,
                            **common,
                        )
                    for value in sorted(eb - ea):
                        self.emit(
                            "server.variable-enum-value-added",
                            where,
                            (*path, url, var, value),
                            b,
                            new=value,
                            **common,
                        )

    # -- components nobody uses ------------------------------------------------------------


def _url_variables(url: str) -> list[str]:
    return re.findall(r"\{([^{}]*)\}", url)
