#!/usr/bin/env bash
# What class data sharing of the application's libraries does to a generation's deployment: the
# Spring Boot sample (src/it/spring-boot-app) served by lsbaws:serve (no reload, no learning) three
# times with the Java runtime of JAVA_HOME: as it is; with an archive being written (JDK 17-23: a
# dynamic CDS archive, -XX:ArchiveClassesAtExit; JDK 25 and later: the AOT cache,
# -XX:AOTCacheOutput), the generation then stopped by SIGTERM so that it writes it as it exits (the
# supervisor is killed, so that its own exit writes nothing over it); and started from that
# archive. Prints Boot's own "Started ... in" line, the time from the command to the banner and how
# many of the generation's classes came from the archive (-Xlog:class+load), and whether the JVM
# took the archive. Every process is stopped by pid and checked gone.
# usage: scripts/class-sharing.sh (PROFILES=-Pboot3 for Boot 3.5)
source "$(dirname "$0")/lib.sh"
read -r -a PROFILES <<<"${PROFILES:-}"
SERVE_PROJECT=$ROOT/src/it/spring-boot-app
START_TIMEOUT=${START_TIMEOUT:-900}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -nE 's/ *java.specification.version = ([0-9]+).*/\1/p')
WORK=$(mktemp -d /tmp/class-sharing.XXXXXX)
install_plugin
mvn_ -q -B -o -f "$SERVE_PROJECT/pom.xml" "${PROFILES[@]}" process-classes > /dev/null
if [ "$FEATURE" -ge 25 ]; then
  ARCHIVE=$WORK/app.aot WRITE=-XX:AOTCacheOutput=$WORK/app.aot USE=-XX:AOTCache=$WORK/app.aot
else
  ARCHIVE=$WORK/app.jsa WRITE=-XX:ArchiveClassesAtExit=$WORK/app.jsa USE=-XX:SharedArchiveFile=$WORK/app.jsa
fi

# serve NAME JVM_ARGS: serves the sample, prints its figures; leaves it running.
serve() {
  local started
  started=$(date +%s%3N)
  forget_learned
  rm -f "$WORK"/load-*.txt
  start_server "${PROFILES[@]}" -Dlsbaws.reload=false -Dlsbaws.learn=false \
    "-Dlsbaws.jvmArgs=$2 -Xlog:class+load=info:file=$WORK/load-%p.txt"
  local banner=$(( $(date +%s%3N) - started )) log=$WORK/load-$SERVER_PID.txt
  printf '  %-28s %s; command to banner %6.1f s; generation classes %s, from the archive %s\n' "$1" \
    "$(grep -oE 'Started [A-Za-z]+ in [0-9.]+ seconds' "$SERVER_LOG" | head -1)" "${banner}e-3" \
    "$(grep -c 'source:' "$log" || true)" "$(grep -c 'source: shared objects file (top)\|source: shared objects file$' "$log" || true)"
  grep -iE '\[(warning|error)\]\[(cds|aot)' "$SERVER_LOG" | head -3 | sed 's/^/    JVM: /' || true
}

echo "JDK: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
serve "as it is" ""
stop_server
serve "writing the archive" "$WRITE"
generation=$SERVER_PID
kill -TERM "$generation"
for _ in $(seq 1200); do [ -d "/proc/$generation" ] || break; sleep 0.5; done
[ ! -d "/proc/$generation" ] || { echo "the generation did not exit" >&2; exit 1; }
kill -KILL "$SUPERVISOR_PID" # its exit would write its own archive over the generation's
stop_server 2>/dev/null || true
ls -l "$ARCHIVE" | awk '{printf "  archive: %.1f MB\n", $5 / 1048576}'
serve "from the archive" "$USE"
stop_server
rm -rf "$WORK"
