#!/usr/bin/env bash
# Time in the child (the access log's "x.yms") of Servlet requests: a servlet answering a small
# JSON body (-Dapp), cold and warmed up in the parent (-Dlsbaws.warmup), and the test web
# application's filtered servlet and static file. Connection per request, one at a time,
# 127.0.0.1; every server is stopped by pid and checked gone. usage: scripts/servlet-child-time.sh [REQUESTS=200]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REQUESTS=${1:-200}
REPO=()
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then REPO=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL"); fi
(cd "$ROOT" && mvn -q -B "${REPO[@]}" test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/child-time-classpath.txt >/dev/null)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/child-time-classpath.txt")" \
  io.github.lsbaws.servlet.ServletChildTime "$REQUESTS"
