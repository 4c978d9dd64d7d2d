#!/usr/bin/env bash
# What the guard for the parent's connections (server.ParentSockets) costs: in a JVM run as a
# child runs (-Xint, the server JVM's flags), the disconnection in place of 0, 1 and 4 connections'
# sockets (both ends in the process), 200 times each, and the parent's one reading of its
# sockets before the first fork. Prints the p50s, asserting nothing.
# usage: scripts/parent-sockets-cost.sh   (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
source "$(dirname "$0")/lib.sh"
CP_FILE=$(mktemp /tmp/lsbaws-cp.XXXXXX)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && mvn_ -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime)
for CONNECTIONS in 0 1 4; do
  java -Xint -XX:+UseSerialGC -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$CP_FILE")" \
    io.github.lsbaws.server.ParentSocketsCost "$CONNECTIONS" 200
done
