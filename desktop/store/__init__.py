"""The local SQLite store, through sqlite-utils. Returns core objects, never rows, to callers."""
