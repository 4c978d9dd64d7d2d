#!/usr/bin/env bash
# What the parent's look at its command pipe before each fork costs (server.ForkingServer: an
# epoll_wait with a zero timeout, so that a redefinition does not wait for a batch of forks):
# the look alone, and the parent's part of a connection (accept, the fork guard, fork) with and
# without it, in rounds that alternate, in a JVM with the server's flags. CPU time of the
# parent's thread, min and median over the rounds, and the load average. Asserts nothing.
# usage: scripts/command-check-cost.sh [ROUNDS=15] [LOOKS=20000] [CONNECTIONS=200]   (JAVA_HOME: another JDK)
#        (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
source "$(dirname "$0")/lib.sh"
CP_FILE=$(mktemp /tmp/lsbaws-cp.XXXXXX)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn_ -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime)
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$CP_FILE")" \
  io.github.lsbaws.server.CommandCheckCost "${1:-15}" "${2:-20000}" "${3:-200}"
