#!/usr/bin/env bash
# Soak: drives COUNT connections (one request each, CONNS at a time, 127.0.0.1 only) through the
# forking server and prints connections served, children killed by the watchdog, zombies seen by
# sampling ps during the run, and the parent's descriptor count and RSS at start and end and
# their extremes in the samples taken during the run. Fails if a zombie is left after the run.
# SOAK_PATH: the path requested (/hello, the default sample's; e.g. /guestbook/books with
# SERVE_PROJECT=src/it/spring-boot-app); SOAK_SECONDS: stop after that many seconds even if
# fewer than COUNT connections were made (ab -t). PROBE_PATHS: paths requested once each before
# the soak (pages the server never served: what their children load); the ones not answered
# 2xx-4xx within 120 s are counted.
# usage: scripts/soak.sh [COUNT=200000] [CONNS=32]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-200000}
CONNS=${2:-32}
command -v ab >/dev/null || { echo "ab is missing: apt-get install -y apache2-utils" >&2; exit 2; }
start_server
SOAK_PATH=${SOAK_PATH:-/hello}
settle "$SOAK_PATH" "${START_TIMEOUT:-120}"
fds_start=$(server_fds); rss_start=$(server_rss_kb)
ab -q -r -s 60 ${SOAK_SECONDS:+-t "$SOAK_SECONDS"} -n "$COUNT" -c "$CONNS" "http://127.0.0.1:$SERVER_PORT$SOAK_PATH" > /tmp/lsbaws-soak-ab.txt 2>&1 &
AB_PID=$!
samples=0; samples_with_zombie=0; lasting=0; previous=""
fds_max=$fds_start; rss_min=$rss_start; rss_max=$rss_start
while kill -0 "$AB_PID" 2>/dev/null; do
  zombies=$( (ps -o pid=,stat= --ppid "$SERVER_PID" || true) | awk '$2 ~ /^Z/ {print $1}' | sort | tr '\n' ' ')
  samples=$((samples + 1))
  [ -n "$zombies" ] && samples_with_zombie=$((samples_with_zombie + 1))
  # A zombie still there half a second later was not reaped: that would be a leak.
  for z in $zombies; do case " $previous " in *" $z "*) lasting=$((lasting + 1));; esac; done
  previous=$zombies
  fds=$(server_fds); rss=$(server_rss_kb)
  [ "$fds" -gt "$fds_max" ] && fds_max=$fds
  [ "$rss" -lt "$rss_min" ] && rss_min=$rss
  [ "$rss" -gt "$rss_max" ] && rss_max=$rss
  sleep 0.5
done
wait "$AB_PID" || true
sleep 1
fds_end=$(server_fds); rss_end=$(server_rss_kb); zombies_end=$(server_zombies)
echo "requests completed:        $(awk '/Complete requests/ {print $3}' /tmp/lsbaws-soak-ab.txt)"
echo "failed requests:           $(awk '/Failed requests/ {print $3}' /tmp/lsbaws-soak-ab.txt)"
echo "requests per second:       $(awk '/Requests per second/ {print $4}' /tmp/lsbaws-soak-ab.txt)"
echo "connections logged:        $(grep -c ' pid=' "$SERVER_LOG")"
echo "children killed (watchdog): $(grep -cE 'exceeded the request timeout|did not start within' "$SERVER_LOG" || true)"
echo "abnormal child exits:      $(grep -c 'ended abnormally' "$SERVER_LOG" || true)"
echo "ps samples:                $samples, with a zombie: $samples_with_zombie (transient), lasting >= 0.5 s: $lasting"
echo "zombies after the run:     $zombies_end"
echo "parent descriptors:        start $fds_start, end $fds_end, at most $fds_max during the run"
echo "load average at the end:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo "parent RSS (kB):           start $rss_start, end $rss_end, $rss_min to $rss_max during the run"
killed_soak=$(grep -cE 'exceeded the request timeout|did not start within' "$SERVER_LOG" || true)
probes=0; probes_failed=0
for probe in ${PROBE_PATHS:-}; do
  probes=$((probes + 1))
  code=$(curl -s -o /dev/null -m 120 -w '%{http_code}' "http://127.0.0.1:$SERVER_PORT$probe" || true)
  [[ $code =~ ^[234] ]] || { probes_failed=$((probes_failed + 1)); echo "probe $probe: status $code" >&2; }
done
[ "$probes" = 0 ] || echo "probe paths, after the soak:  $probes requested once, $probes_failed not answered; children killed by them: $(( $(grep -cE 'exceeded the request timeout|did not start within' "$SERVER_LOG" || true) - killed_soak ))"
[ "$zombies_end" = 0 ] || { echo "FAIL: $zombies_end zombie(s) left after the run" >&2; exit 1; }
