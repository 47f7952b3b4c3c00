"""The version, in a leaf module: reports name it without importing the package face."""

__version__ = "0.1.0"
