#!/bin/sh
# Applies bench/postgres-settings.sql to the PostgreSQL at DATABASE_URL (default: the local one) and
# restarts the local Debian cluster so that shared_buffers takes effect. Run before `npm run bench`.
set -e
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
psql "$url" -v ON_ERROR_STOP=1 -q -f "$(dirname "$0")/postgres-settings.sql"
restart() { pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart; }
# Huge pages for the shared buffers, where this user may reserve them: with 4 kB pages every backend
# takes a page fault the first time it touches each page of the 6 GB (bench/matching's KEV write took
# ~90,000 faults on 4 kB pages, ~54,000 on huge pages). PostgreSQL's default huge_pages=try uses them once
# reserved; the size it needs is known only once it runs with the new shared_buffers, so: restart,
# reserve, restart again.
huge_pages() {
  [ -w /proc/sys/vm/nr_hugepages ] || return 0
  need=$(psql "$url" -Atc "show shared_memory_size_in_huge_pages" 2>/dev/null || echo 0)
  have=$(cat /proc/sys/vm/nr_hugepages)
  if [ "${need:-0}" -gt "$have" ] 2>/dev/null; then
    sysctl -q -w vm.nr_hugepages=$((need + 64)) && restart || echo "could not reserve huge pages; PostgreSQL keeps 4 kB pages" >&2
  fi
}
if command -v pg_ctlcluster >/dev/null 2>&1; then
  restart
  huge_pages
else
  echo "restart PostgreSQL yourself: shared_buffers only changes on a restart" >&2
fi
psql "$url" -Atc "select 'shared_buffers ' || current_setting('shared_buffers') || ', max_wal_size ' || current_setting('max_wal_size')"
