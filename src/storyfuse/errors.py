"""The one error type users can cause; its message is fit to show as it is."""


class StoryfuseError(Exception):
    """An error caused by input or configuration, shown to the user in one line."""


class BadInput(StoryfuseError):
    """An input file or record that cannot be read as an article."""


class StoreError(StoryfuseError):
    """A database file that is not a storyfuse store, or one this version cannot open."""
