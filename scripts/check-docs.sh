#!/usr/bin/env bash
# Runs the shell commands that README.md and docs/*.md quote, from the repository root, in the
# order they appear, and fails on the first one that fails.
#
# Which code blocks are commands:
#   - a fenced block whose info string is sh, bash or shell: one command a line (a line ending
#     in \ goes on on the next; lines starting with # are comments; a leading "$ " is dropped);
#   - any other code block, fenced or indented, only with a marker right before it;
# and the markers, HTML comments (not shown on rendered pages) on the line(s) before the block:
#   <!-- check-docs: run -->                   run this block (a text or indented one too)
#   <!-- check-docs: skip -->                  do not run this sh block
#   <!-- check-docs: serve URL ["TEXT"] -->    the block's last command serves until Ctrl-C:
#       it is started in a process group of its own, the server's banner is awaited, URL is
#       requested (its host and port replaced by the banner's) and must answer 2xx, with TEXT
#       in the body if given; then the group gets SIGINT, as Ctrl-C sends it, and the check
#       fails unless the command ends and no server, child, process of the group or listening
#       socket is left. If URL's port is taken, MAVEN_ARGS=-Dlsbaws.port=0 lets the server
#       pick a free one (Maven 3.9 reads MAVEN_ARGS: ./mvnw).
#
# usage: scripts/check-docs.sh [--list] [FILE.md ...]    (default: README.md docs/*.md)
# Each command may run CHECK_DOCS_TIMEOUT seconds (default 1800); its output goes to a log whose
# last lines are printed when it fails.
source "$(dirname "$0")/lib.sh"
LIST=
if [ "${1:-}" = --list ]; then LIST=1; shift; fi
if [ $# -eq 0 ]; then
  set -- "$ROOT/README.md"
  for doc in "$ROOT"/docs/*.md; do [ -f "$doc" ] && set -- "$@" "$doc"; done
fi
TIMEOUT=${CHECK_DOCS_TIMEOUT:-1800}
WORK=$(mktemp -d /tmp/lsbaws-check-docs.XXXXXX)
trap 'stop_all; rm -rf "$WORK"' EXIT

# The commands, one a line: kind <TAB> file:line <TAB> url <TAB> text <TAB> command
python3 - "$ROOT" "$@" > "$WORK/commands.tsv" <<'PY'
import os, re, shlex, sys
root, files = sys.argv[1], sys.argv[2:]
MARKER = re.compile(r'^\s*<!--\s*check-docs:\s*(.*?)\s*-->\s*$')
FENCE = re.compile(r'^(\s*)(```+|~~~+)\s*([\w+-]*)')
SHELLS = {'sh', 'bash', 'shell'}

def commands(lines):
    """Joins continued lines, drops comments and prompts."""
    out, pending = [], ''
    for text, number in lines:
        text = text.rstrip()
        if not pending and (not text.strip() or text.lstrip().startswith('#')):
            continue
        if not pending:
            start = number
            text = re.sub(r'^\s*\$ ', '', text)
        if text.endswith('\\'):
            pending += text[:-1].strip() + ' '
            continue
        out.append((start, (pending + text.strip()).strip()))
        pending = ''
    if pending:
        out.append((start, pending.strip()))
    return out

def blocks(path):
    """(first line, info string, [(text, number)], marker) for every code block."""
    lines = open(path, encoding='utf-8').read().split('\n')
    i, marker, previous_blank = 0, None, True
    while i < len(lines):
        line = lines[i]
        m = MARKER.match(line)
        if m:
            marker = m.group(1)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            close, body, j = fence.group(2), [], i + 1
            while j < len(lines) and not lines[j].strip().startswith(close):
                body.append((lines[j][len(fence.group(1)):], j + 1))
                j += 1
            yield i + 1, fence.group(3), body, marker
            marker, previous_blank, i = None, False, j + 1
            continue
        if line.startswith('    ') and line.strip() and previous_blank:
            body, j = [], i
            while j < len(lines) and (lines[j].startswith('    ') or not lines[j].strip()):
                body.append((lines[j][4:], j + 1))
                j += 1
            while body and not body[-1][0].strip():
                body.pop()
            yield i + 1, 'indented', body, marker
            marker, previous_blank, i = None, False, j
            continue
        if line.strip():
            marker = None  # a marker applies to the block right after it
        previous_blank = not line.strip()
        i += 1

for path in files:
    absolute = os.path.abspath(path)
    where_file = os.path.relpath(absolute, root) if absolute.startswith(root + os.sep) else path
    for first, info, body, marker in blocks(path):
        words = shlex.split(marker) if marker else []
        kind = words[0] if words else ('run' if info in SHELLS else None)
        if kind is None or kind == 'skip':
            continue
        if kind not in ('run', 'serve'):
            sys.exit('%s:%d: unknown check-docs marker %r' % (where_file, first, marker))
        cmds = commands(body)
        if not cmds:
            sys.exit('%s:%d: a check-docs block without a command' % (where_file, first))
        url = text = '-'
        if kind == 'serve':
            if len(words) < 2:
                sys.exit('%s:%d: "serve" needs a URL' % (where_file, first))
            url = words[1]
            text = words[2] if len(words) > 2 else '-'
        for k, (number, cmd) in enumerate(cmds):
            if '\t' in cmd:
                sys.exit('%s:%d: a tab in a command' % (where_file, number))
            last = k == len(cmds) - 1
            print('\t'.join((kind if last else 'run', '%s:%d' % (where_file, number),
                             url if last else '-', text if last else '-', cmd)))
PY
count=$(wc -l < "$WORK/commands.tsv")
if [ "$count" -eq 0 ]; then
  echo "FAIL: no command found in $* (see the convention at the top of $0)" >&2; exit 1
fi
if [ -n "$LIST" ]; then
  awk -F'\t' '{printf "%-6s %-18s %s%s\n", $1, $2, $5, ($1 == "serve" ? "   -> " $3 ($4 != "-" ? " \"" $4 "\"" : "") : "")}' "$WORK/commands.tsv"
  exit 0
fi

# show_failure LOG MESSAGE
show_failure() {
  echo "---- last lines of its output ($1):" >&2
  tail -n 60 "$1" >&2
  echo "FAIL: $2" >&2
  exit 1
}

# group_left PGID: the processes still in process group PGID.
group_left() { ps -e -o pid=,pgid= | awk -v g="$1" '$2 == g && $1 != g {printf "%s ", $1}'; }

run_command() {
  local where=$1 cmd=$2 log=$3 pid rc=0 left
  timeout --kill-after=30 "$TIMEOUT" bash -c "$cmd" > "$log" 2>&1 < /dev/null &
  pid=$! # timeout leads a process group of its own, which it kills whole at the deadline
  wait "$pid" || rc=$?
  [ "$rc" -ne 124 ] || show_failure "$log" "$where: still running after $TIMEOUT s: $cmd"
  [ "$rc" -eq 0 ] || show_failure "$log" "$where: exit status $rc: $cmd"
  left=$(group_left "$pid")
  [ -z "$left" ] || { kill -KILL -- "-$pid" 2>/dev/null || true; show_failure "$log" "$where: left processes $left running: $cmd"; }
}

serve_command() {
  local where=$1 url=$2 text=$3 cmd=$4 log=$5 pgid origin target port answer status rc=0 watched left
  port=$(sed -nE 's#^https?://[^/:]+:([0-9]+).*#\1#p' <<<"$url")
  local maven_args=${MAVEN_ARGS:-}
  if [ -n "$port" ] && accepts_connections "$port"; then
    echo "   (port $port is taken: serving on a free port, MAVEN_ARGS=-Dlsbaws.port=0)"
    maven_args="$maven_args -Dlsbaws.port=0"
  fi
  set -m # a process group of its own, SIGINT not ignored: as a command typed at a terminal
  MAVEN_ARGS=$maven_args bash -c "$cmd" > "$log" 2>&1 < /dev/null &
  pgid=$!
  set +m
  if ! await_banner "$pgid" "$log" "$TIMEOUT" 2>>"$log"; then
    kill -KILL -- "-$pgid" 2>/dev/null || true
    show_failure "$log" "$where: no server banner: $cmd"
  fi
  origin=$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$BANNER_URL")
  target=$(sed -E "s#^https?://[^/]+#$origin#" <<<"$url")
  answer=$(curl -sS --max-time 60 -w '\n%{http_code}' "$target" 2>&1) || true
  status=${answer##*$'\n'}
  watched="$BANNER_PID $BANNER_SUPERVISOR $(children_of "$BANNER_PID" $BANNER_SUPERVISOR)"
  kill -INT -- "-$pgid" 2>/dev/null || true # Ctrl-C
  for _ in $(seq 600); do kill -0 "$pgid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pgid" 2>/dev/null; then
    kill -KILL -- "-$pgid" 2>/dev/null || true
    show_failure "$log" "$where: still running 60 s after Ctrl-C: $cmd"
  fi
  wait "$pgid" || rc=$?
  # shellcheck disable=SC2086
  check_all_gone "$BANNER_PORT" $watched || show_failure "$log" "$where: the server left processes or its socket: $cmd"
  left=$(group_left "$pgid")
  [ -z "$left" ] || { kill -KILL -- "-$pgid" 2>/dev/null || true; show_failure "$log" "$where: left processes $left running: $cmd"; }
  local body=${answer%$'\n'*}
  case $status in
    2??) ;;
    *) show_failure "$log" "$where: GET $target answered ${status:-nothing}: ${body:0:300}" ;;
  esac
  if [ "$text" != "-" ] && ! grep -qF -- "$text" <<<"$body"; then
    show_failure "$log" "$where: GET $target answered without \"$text\": ${body:0:300}"
  fi
  echo "   GET $target: $status, $(head -c 80 <<<"$body" | tr '\n' ' ')"
  echo "   stopped by Ctrl-C (exit status $rc); nothing left running"
}

n=0
while IFS=$'\t' read -r kind where url text cmd; do
  n=$((n + 1))
  log="$WORK/$n.log"
  echo "[$n/$count] $where: \$ $cmd"
  start=$SECONDS
  (cd "$ROOT"
   if [ "$kind" = serve ]; then serve_command "$where" "$url" "$text" "$cmd" "$log"
   else run_command "$where" "$cmd" "$log"; fi) || exit 1
  echo "   ok ($((SECONDS - start)) s)"
done < "$WORK/commands.tsv"
echo "$n passed, 0 failed"
