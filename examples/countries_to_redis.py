"""Load countries.csv into Redis as ``country:<code>`` keys, for examples/orders_redis.yaml.

    python examples/countries_to_redis.py [redis://127.0.0.1:16379/0]
"""

import csv
import sys
from pathlib import Path

import redis


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "redis://127.0.0.1:16379/0"
    with (Path(__file__).parent / "countries.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    client = redis.Redis.from_url(url, socket_timeout=5)
    client.mset({f"country:{row['key']}": row["value"] for row in rows})
    print(f"{len(rows)} countries written to {url} as country:<code>")


if __name__ == "__main__":
    main()
