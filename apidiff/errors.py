"""The error tree: every failure a user can cause is an ``ApidiffError`` with an exit code.

The CLI prints ``apidiff: error: <message>`` and exits with ``exit_code``; nothing here ever
reaches the user as a traceback.
"""

from __future__ import annotations

__all__ = [
    "ApidiffError",
    "InputError",
    "InternalError",
    "LimitError",
    "RefError",
    "UsageError",
]


class ApidiffError(Exception):
    """Base class: a one-line, user-facing message and the process exit code."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.render())

    def __reduce__(self):  # keep file, line and column across processes (check -j)
        return _rebuild, (type(self), self.message, self.file, self.line, self.column)

    def render(self) -> str:
        """``file:line:col: message`` with whatever position is known."""
        prefix = ""
        if self.file:
            prefix = self.file
            if self.line is not None:
                prefix += f":{self.line}"
                if self.column is not None:
                    prefix += f":{self.column}"
            prefix += ": "
        return prefix + self.message


class UsageError(ApidiffError):
    """The command line itself is wrong (bad option, missing argument)."""


class InputError(ApidiffError):
    """A contract cannot be read or understood: missing file, bad syntax, wrong shape."""

    # The node the error is about, as a JSON pointer, when whoever raises it has the data
    # but not its document (a format's detector): the loader that catches it adds the line.
    pointer: str | None = None

    @classmethod
    def at(cls, pointer: str, message: str) -> InputError:
        error = cls(message)
        error.pointer = pointer
        return error


class RefError(InputError):
    """A ``$ref`` that cannot be followed: unresolvable, cyclic, or outside the contract."""


class LimitError(InputError):
    """An input exceeds a resource limit (size, depth, nodes, ``$ref`` hops)."""


class InternalError(ApidiffError):
    """A bug in apidiff, not in the input."""

    exit_code = 3


def _rebuild(cls: type[ApidiffError], message: str, file, line, column) -> ApidiffError:
    error = cls.__new__(cls)
    error.message, error.file, error.line, error.column = message, file, line, column
    Exception.__init__(error, error.render())
    return error
