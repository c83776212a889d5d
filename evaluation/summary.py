"""A short summary of a built warehouse, printed by `make run`."""

import argparse
import sys
from pathlib import Path

import duckdb

COUNTS = {
    "documents": "select count(*) from documents",
    "duplicates": "select count(*) from documents where not is_canonical",
    "stories": "select count(*) from stories",
    "entities": "select count(*) from entities",
    "events": "select count(*) from events",
    "quotes": "select count(*) from quotes",
    "quarantined files": "select count(*) from quarantine",
}


def summarise(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {label: connection.execute(sql).fetchone()[0] for label, sql in COUNTS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("warehouse", type=Path)
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"no warehouse at {args.warehouse}", file=sys.stderr)
        return 2
    counts = summarise(args.warehouse)
    width = max(map(len, counts))
    print(f"newsgraph warehouse {args.warehouse}")
    for label, value in counts.items():
        print(f"  {label:<{width}}  {value:>7,}")
    briefing = args.warehouse.parent / "reports" / "briefing.html"
    if briefing.exists():
        print(f"briefing: {briefing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
