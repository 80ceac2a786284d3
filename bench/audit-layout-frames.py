#!/usr/bin/python3
"""WAL frames per commit of audit_records layouts, per b-tree, with the system SQLite (python3's sqlite3 module).

For each layout: a fresh WAL database (synchronous=FULL) holding PRELOAD Encrypt-shaped rows, then COMMITS
transactions of PER_COMMIT rows with checkpoints off, so every frame a commit wrote stays in the WAL. Each frame
header names its page; dbstat names the b-tree that owns the page. Prints frames per commit by b-tree.

    /usr/bin/python3 bench/audit-layout-frames.py [PRELOAD PER_COMMIT COMMITS]   (default 100000 13 2000)

Why these numbers and not the store's: they are independent of the machine's load, and they show which b-tree
a page comes from, which strace and /proc cannot.
"""
import collections
import os
import resource
import sqlite3
import struct
import sys
import tempfile

COLUMNS = """node_id TEXT NOT NULL, sequence INTEGER NOT NULL, hash BLOB NOT NULL, record BLOB NOT NULL,
    time INTEGER NOT NULL, principal TEXT, operation TEXT NOT NULL, object_id TEXT, result_status TEXT NOT NULL"""
INDEXES = """CREATE INDEX audit_records_time ON audit_records (time{d});
CREATE INDEX audit_records_principal ON audit_records (principal, time{d});
CREATE INDEX audit_records_object ON audit_records (object_id, time{d}) WHERE object_id IS NOT NULL;"""
LAYOUTS = {
    "v4 (rowid + primary key index)": (f"CREATE TABLE audit_records ({COLUMNS}, PRIMARY KEY (node_id, sequence));" + INDEXES.format(d=""), 4096),
    "WITHOUT ROWID on (node_id, sequence)": (f"CREATE TABLE audit_records ({COLUMNS}, PRIMARY KEY (node_id, sequence)) WITHOUT ROWID;" + INDEXES.format(d=""), 4096),
    "v4 with DESC index keys": (f"CREATE TABLE audit_records ({COLUMNS}, PRIMARY KEY (node_id, sequence DESC));" + INDEXES.format(d=" DESC"), 4096),
    "rowid, no primary key index (ceiling)": (f"CREATE TABLE audit_records ({COLUMNS});" + INDEXES.format(d=""), 4096),
    "v4, page_size 8192": (f"CREATE TABLE audit_records ({COLUMNS}, PRIMARY KEY (node_id, sequence));" + INDEXES.format(d=""), 8192),
    "v4, page_size 16384": (f"CREATE TABLE audit_records ({COLUMNS}, PRIMARY KEY (node_id, sequence));" + INDEXES.format(d=""), 16384),
}


def measure(schema: str, page: int, preload: int, per_commit: int, commits: int, directory: str) -> None:
    path = os.path.join(directory, f"layout-{abs(hash(schema))}-{page}.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {page}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.executescript(schema)
    record, digest = os.urandom(650), os.urandom(32)
    state = {"sequence": 0, "time": 1_700_000_000_000_000}

    def insert(count: int) -> None:
        for _ in range(count):
            state["sequence"] += 1
            state["time"] += 37
            db.execute("INSERT INTO audit_records (node_id, sequence, hash, record, time, principal, operation, object_id, result_status) VALUES (?,?,?,?,?,?,?,?,?)",
                       ("node-1", state["sequence"], digest, record, state["time"], "CN=bench-client", "Encrypt", "0195b6f2-1a2b-7c3d-8e4f-0123456789ab", "Success"))

    db.execute("BEGIN"); insert(preload); db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(commits):
        db.execute("BEGIN"); insert(per_commit); db.execute("COMMIT")
    after = resource.getrusage(resource.RUSAGE_SELF)
    with open(path + "-wal", "rb") as f:
        wal = f.read()
    owners = {row[0]: row[1] for row in db.execute("SELECT pageno, name FROM dbstat")}
    pages = collections.Counter()
    offset = 32
    while offset + 24 + page <= len(wal):
        (number,) = struct.unpack(">I", wal[offset:offset + 4])
        pages["page 1" if number == 1 else owners.get(number, "?")] += 1
        offset += 24 + page
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e6 / commits / per_commit
    total = sum(pages.values()) / commits
    detail = ", ".join(f"{name.replace('sqlite_autoindex_audit_records_1', 'primary key')} {count / commits:.2f}" for name, count in pages.most_common())
    print(f"  frames/commit {total:5.2f}  ({total * (page + 24) / 1024:.0f} KiB)  python CPU µs/row {cpu:.1f}  [{detail}]")
    db.close()


def main() -> None:
    preload, per_commit, commits = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (100_000, 13, 2000)
    print(f"SQLite {sqlite3.sqlite_version}, {preload} rows preloaded, {commits} commits of {per_commit} rows")
    with tempfile.TemporaryDirectory(prefix="clavis-frames-") as directory:
        for name, (schema, page) in LAYOUTS.items():
            print(name)
            measure(schema, page, preload, per_commit, commits, directory)


if __name__ == "__main__":
    main()
