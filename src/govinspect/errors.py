"""Errors a user can fix: the message is the one Chinese line the CLI and the web show.

This module sits at the lowest layer so that every stage can raise `UserError`; the CLI
prints `str(error)` as is (no traceback unless `--debug`) and exits with `exit_code`.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input, files or settings, explained in one Chinese line.

    Raise it (or a subclass) with a message that names the file, row, column, round, unit
    or profile concerned and, where possible, what to do. Nothing must have been written
    when it is raised.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
