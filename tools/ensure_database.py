"""Make sure the PostgreSQL server in DATABASE_URL answers and its database exists.

Run by `make test` before the suite: it starts a local cluster that is
installed but stopped, creates the database when missing, and otherwise says
plainly what is wrong instead of letting the suite fail with a traceback.
"""

import os
import shutil
import subprocess
import sys
import time

import dj_database_url
import psycopg2
from psycopg2 import sql

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def connect(config, dbname):
    return psycopg2.connect(
        dbname=dbname,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        connect_timeout=3,
    )


def start_local_cluster():
    """Start an installed Debian cluster; True when a start was attempted."""
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/etc/postgresql"):
        return False
    for version in sorted(os.listdir("/etc/postgresql")):
        print(f"PostgreSQL is not answering; starting cluster {version}/main...")
        subprocess.run(  # noqa: S603 - fixed arguments, no user input
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],  # noqa: S607
            check=False,
        )
    return True


def main():
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        print(
            f"ERROR: the test suite runs on PostgreSQL; DATABASE_URL is {url!r}.", file=sys.stderr
        )
        return 2
    where = f"{config['HOST'] or 'local socket'}:{config['PORT'] or 5432}"
    try:
        connection = connect(config, "postgres")
    except psycopg2.OperationalError as first_error:
        if config["HOST"] in LOCAL_HOSTS and start_local_cluster():
            for _ in range(20):
                time.sleep(0.5)
                try:
                    connection = connect(config, "postgres")
                    break
                except psycopg2.OperationalError:
                    continue
            else:
                connection = None
        else:
            connection = None
        if connection is None:
            print(
                f"ERROR: no PostgreSQL server answers at {where} ({str(first_error).strip()}).\n"
                "Start one (Debian: pg_ctlcluster 15 main start) or point DATABASE_URL at one, "
                "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/defence_map make test",
                file=sys.stderr,
            )
            return 2
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created database {config['NAME']!r} on {where}.")
    connection.close()
    print(f"PostgreSQL at {where} is ready (database {config['NAME']!r}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
