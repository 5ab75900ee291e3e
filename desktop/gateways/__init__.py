"""The outside world: files read and written, and (later) the SMS gateway."""
