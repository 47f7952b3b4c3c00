"""Judgement: what a project decides about classified findings, between the rules and the
reports.

The rules say what a change means to a consumer in general; this stage applies what this
project and this run say: the consumer profile (whose breakage counts), the deprecation and
stability policies, severity overrides, the include/exclude scope, ignores (with reasons and
expiry), and which client operations each finding touches. It reads findings and the
configuration, never the documents, the diff or the format loaders.
"""

from .policy import Judged, glob_match, judge, may_soften, unknown_rules

__all__ = ["Judged", "glob_match", "judge", "may_soften", "unknown_rules"]
