"""Exceptions that end in a one-line message and exit code 2, never a traceback."""


class ClaimcheckError(Exception):
    """A usage, config or input problem the user can fix; carries a one-line message."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        msg = self.args[0]
        if self.path is None:
            return msg
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {msg}"


class InputError(ClaimcheckError):
    """A source file that cannot be read or decoded as text."""


class RuleError(ClaimcheckError):
    """A rule file that is malformed or invalid."""


class ConfigError(ClaimcheckError):
    """A configuration file that is malformed or invalid."""
