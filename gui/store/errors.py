"""Store errors: each message names the database file and says what the analyst can do."""

from gui.core.errors import MarginaliaError


class StoreError(MarginaliaError):
    """The database cannot be used as asked (damaged, from a newer version, locked, full disk, …)."""
