"""Structured exceptions of the rules engine.

User errors (a bad selection, an unknown name) carry the offending data as attributes so
callers (pages, the CLI) can render them without parsing messages. Nothing here mutates
engine state: every check happens before any change.
"""

from __future__ import annotations


class ConfiguratorError(Exception):
    """Base class of every error raised by the engine."""


class ModelError(ConfiguratorError):
    """The problem itself is malformed (programmer/catalog error, found at build time)."""


class ImportFormatError(ModelError):
    """A model file could not be parsed."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class UnsatisfiableProblemError(ConfiguratorError):
    """The problem has no valid configuration at all (detected at compile)."""


class UnknownVariableError(ConfiguratorError):
    def __init__(self, variable: str | int) -> None:
        self.variable = variable
        super().__init__(f"unknown variable {variable!r}")


class UnknownValueError(ConfiguratorError):
    def __init__(self, variable: str, value: str | int) -> None:
        self.variable = variable
        self.value = value
        super().__init__(f"variable {variable!r} has no value {value!r}")


class UnavailableValueError(ConfiguratorError):
    """The value exists but no valid configuration extends the selection with it."""

    def __init__(self, variable: str, value: str) -> None:
        self.variable = variable
        self.value = value
        super().__init__(f"{variable}={value} is not available with the current selection")


class InconsistentAssignmentError(ConfiguratorError):
    """The given (partial) assignment cannot be extended to any valid configuration."""

    def __init__(self, assignment: dict[int, int]) -> None:
        self.assignment = dict(assignment)
        super().__init__(f"no valid configuration extends {len(assignment)} chosen values")


class CompileBudgetExceeded(ConfiguratorError):
    """Decision-diagram compilation hit its node, memory or time budget."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class UnsupportedOperationError(ConfiguratorError):
    """The active backend cannot answer this query (e.g. exact count on the SAT fallback)."""

    def __init__(self, backend: str, operation: str, reason: str) -> None:
        self.backend = backend
        self.operation = operation
        self.reason = reason
        super().__init__(f"{operation} unavailable on the {backend} backend: {reason}")
