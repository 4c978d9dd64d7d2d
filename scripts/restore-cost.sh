#!/usr/bin/env bash
# What a child's restore (every afterRestore: the pools the server reopens, then the application's
# org.crac resources, Spring's lifecycle restart among them) costs in the database sample
# (src/it/servlet-database, in-memory H2 kept by the H2 server), served by lsbaws:serve with
# -Dlsbaws.restore.timing=true: prints the p50 and p90 of the restore time of REQUESTS children
# serving GET /notes once the path is learned, and the access log's child time p50 of the same
# requests (which includes the restore). Asserts nothing; the server is stopped by pid.
# usage: scripts/restore-cost.sh [REQUESTS=40]   (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-40}
WORK=$(mktemp -d /tmp/lsbaws-restore-cost.XXXXXX)
cleanup() { stop_all; rm -rf "$WORK"; }
trap cleanup EXIT
p90() { sort -n | awk '{v[NR] = $1} END {if (NR) printf "%.2f\n", v[int(NR * 0.9 + 0.5)]; else print "-"}'; }

install_plugin
cp -r "$ROOT/src/it/webapp-parent" "$ROOT/src/it/servlet-database" "$WORK/"
SERVE_PROJECT="$WORK/servlet-database"
(cd "$SERVE_PROJECT" && mvn_ -q -B process-classes)
START_TIMEOUT=300 start_server -Dlsbaws.jvmArgs=-Dlsbaws.restore.timing=true
trap cleanup EXIT # start_server installed its own
curl -s -o /dev/null "${SERVER_URL}notes"
for _ in $(seq 600); do grep -q 'Warmed up: generation' "$SERVER_LOG" && break; sleep 0.2; done # the path learned
FROM=$(($(wc -l < "$SERVER_LOG") + 1))
for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null "${SERVER_URL}notes"; done
sleep 1 # the last lines are written after the responses
RESTORES=$(tail -n +"$FROM" "$SERVER_LOG" | grep -oE 'restored in [0-9]+ us' | awk '{print $3 / 1000}')
echo "restore of $(echo "$RESTORES" | grep -c .) children: p50 $(echo "$RESTORES" | p50) ms, p90 $(echo "$RESTORES" | p90) ms"
echo "GET /notes child time p50 $(child_times "$SERVER_LOG" "$FROM" | p50) ms (restore included)"
grep -m1 -o 'Connections closed before the first fork.*' "$SERVER_LOG" || echo "note: no pool closed by the server"
stop_server
