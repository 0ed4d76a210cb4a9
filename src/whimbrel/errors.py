"""The exception tree. Every error whimbrel raises on purpose is a WhimbrelError.

    WhimbrelError
    ├── InputError        a story could not be read (names the file and line)
    ├── ModelNotFound     no spaCy English model is installed
    ├── DataError         a bundled lexicon or table is missing or malformed
    ├── StoreError        the event database refused an operation
    └── UnknownName       a registry lookup failed (lists the known names)
"""

from __future__ import annotations


class WhimbrelError(Exception):
    """Root of all whimbrel errors; ``str(err)`` says what went wrong and what to do."""


class InputError(WhimbrelError):
    """One input (file, line, feed item) could not be read; the batch goes on."""

    def __init__(self, origin: str, message: str):
        self.origin = origin
        self.message = message
        super().__init__(f"{origin}: {message}")

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.origin, self.message))


class ModelNotFound(WhimbrelError):
    pass


class DataError(WhimbrelError):
    pass


class StoreError(WhimbrelError):
    pass


class UnknownName(WhimbrelError):
    def __init__(self, kind: str, name: str, known: list[str]):
        self.kind, self.name, self.known = kind, name, known
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(sorted(known))}")

    def __reduce__(self):
        return (type(self), (self.kind, self.name, self.known))
