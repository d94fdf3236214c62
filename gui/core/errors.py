"""Errors that carry a message meant for the analyst (shown as is, never as a traceback)."""


class MarginaliaError(Exception):
    """Base: `str(error)` is a complete, human sentence naming the file or argument at fault."""


class InputError(MarginaliaError):
    """A document file that cannot be read as text: missing, empty, binary, too large."""
