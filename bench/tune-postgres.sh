#!/bin/sh
# Applies bench/postgres-settings.sql to the PostgreSQL at DATABASE_URL (default: the local one) and
# restarts the local Debian cluster so that shared_buffers takes effect. Run before `npm run bench`.
set -e
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
psql "$url" -v ON_ERROR_STOP=1 -q -f "$(dirname "$0")/postgres-settings.sql"
if command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
else
  echo "restart PostgreSQL yourself: shared_buffers only changes on a restart" >&2
fi
psql "$url" -Atc "select 'shared_buffers ' || current_setting('shared_buffers') || ', max_wal_size ' || current_setting('max_wal_size')"
