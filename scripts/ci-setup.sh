#!/usr/bin/env bash
# Makes a fresh Debian machine ready for `make test`: Chromium and CJK fonts for the browser tests,
# LibreOffice (Writer, headless) to check that generated reports open and render as PDF,
# a running PostgreSQL server with a `test` database for the store tests. Prints the PostgreSQL URL
# to use on its last line. Safe to run again.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v go >/dev/null 2>&1 || need+=(golang)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "ci-setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "ci-setup: starting PostgreSQL" >&2
  for v in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start >&2 || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

url="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
if ! psql "$url" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  # A fresh install asks for a password over TCP: give the postgres role one and create the database.
  su postgres -c "psql -qc \"ALTER ROLE postgres PASSWORD 'edubureau'\"" >&2
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb test" >&2
  url="postgres://postgres:edubureau@127.0.0.1:5432/test?sslmode=disable"
  psql "$url" -qtAc 'SELECT 1' >/dev/null
fi
echo "$url"
