"""apidiff: find what changed between two versions of an API contract, and what it breaks.

>>> import apidiff
>>> result = apidiff.compare("old.yaml", "new.yaml")
>>> [f.id for f in result.findings if f.severity is apidiff.Severity.BREAKING]
"""

from .api import CompareOptions, compare, load
from .errors import ApidiffError, InputError, InternalError, LimitError, RefError, UsageError
from .formats import LoadOptions
from .result import ContractInfo, Finding, Result, Severity
from .version import __version__

__all__ = [
    "ApidiffError",
    "CompareOptions",
    "ContractInfo",
    "Finding",
    "InputError",
    "InternalError",
    "LimitError",
    "LoadOptions",
    "RefError",
    "Result",
    "Severity",
    "UsageError",
    "__version__",
    "compare",
    "load",
]
