"""Integrations with the places apidiff runs: the GitHub pull-request bot."""
