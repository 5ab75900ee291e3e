"""A sender in a process of its own, for a test to kill part way: python -m tests.services.send_child ..."""

from __future__ import annotations

import sys
from datetime import timedelta

from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services.sending import send_release
from desktop.store.database import open_database


def main(database: str, url: str, key: str, template_id: str, release_id: str) -> int:
    db = open_database(database)
    with NotifyClient(ApiKey.parse(key), url) as client:
        send_release(db, int(release_id), client, template_id, lease=timedelta(seconds=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
