"""Path converters. Ids in URLs are database keys: a value too large for a
64-bit column is no object at all, so the URL does not match (404) instead
of reaching the database and failing there (SQLite raises OverflowError)."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))
