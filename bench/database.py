"""Creating the benchmarks' PostgreSQL databases (psycopg only: no Django needed)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def create_database(url: str, *, fresh: bool = False) -> None:
    """CREATE DATABASE when it is missing (connecting to the server's `postgres` database);
    with `fresh`, drop it first (closing its connections)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    admin = admin.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        if fresh:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
