#!/usr/bin/env bash
# Make sure a local PostgreSQL answers on 127.0.0.1:5432 for the test suite.
# Starts the Debian cluster if it is installed but down; installs it when missing and we are root.
set -u
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1 || [ ! -d /etc/postgresql ] || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "PostgreSQL is not installed: installing Debian's postgresql..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  fi
fi
if command -v pg_isready >/dev/null 2>&1 && ! ready; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    echo "Starting PostgreSQL $version..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
if ready; then
  echo "PostgreSQL is up on 127.0.0.1:5432"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required when CI=true and could not be started"; exit 1
else
  echo "PostgreSQL is not available: the PostgreSQL run will be skipped (it is required in CI)"
fi
