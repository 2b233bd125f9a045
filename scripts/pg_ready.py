"""Exit 0 when the PostgreSQL server in DATABASE_URL (argv[1]) accepts connections."""

import sys

import dj_database_url
import psycopg

cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        dbname="postgres",
        password=cfg.get("PASSWORD") or None,
        connect_timeout=5,
    ).close()
except psycopg.Error as exc:
    print(f"PostgreSQL: {exc}", file=sys.stderr)
    sys.exit(1)
