"""Typed errors, so the CLI can map each failure to a documented exit code."""


class KgError(Exception):
    """A failure the user can act on; printed as one line, no traceback."""

    exit_code = 1


class UsageError(KgError):
    exit_code = 2


class IngestError(KgError):
    """A file that cannot become a Document; the build skips it with a warning."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class QueryError(KgError):
    """Malformed SPARQL, a query that failed or ran past its timeout."""

    exit_code = 1


class ValidationFailed(KgError):
    exit_code = 3


class LockedError(KgError):
    exit_code = 4
