"""`make sql`: Harlequin, a terminal SQL IDE, on a read-only snapshot of the warehouse.

    python -m newsgraph.shell                      # interactive (Harlequin)
    python -m newsgraph.shell -e "select ..."      # one query, printed, for scripts and pipes

The snapshot (newsgraph.warehouse.snapshot) is what makes it safe beside `make ui`: DuckDB allows one
writing process or many readers, so a shell on the live file would make the next refresh's dbt step
fail for as long as the shell stays open. The snapshot is taken under a short read lock; the shell
then reads its own copy, opened read-only as well, for as long as you like. Restart it for newer data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import duckdb

from newsgraph.warehouse import snapshot


def harlequin_command(database: Path) -> list[str]:
    """The Harlequin beside this interpreter (an un-activated virtualenv works), read-only on database."""
    executable = shutil.which("harlequin") or str(Path(sys.executable).parent / "harlequin")
    return [executable, "--adapter", "duckdb", "--read-only", str(database)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-e", "--execute", help="run this SQL, print the result and exit")
    parser.add_argument("--data-dir", default=None, help="default: $NEWSGRAPH_DATA_DIR or data")
    args = parser.parse_args(argv)
    database = snapshot(data_dir=args.data_dir)
    if args.execute:
        with duckdb.connect(str(database), read_only=True) as connection:
            relation = connection.sql(args.execute)
            if relation is not None:
                relation.show(max_width=200, max_rows=200)
        return
    print(f"read-only snapshot of the warehouse: {database}", file=sys.stderr)
    command = harlequin_command(database)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
