#!/usr/bin/env bash
# Where the cost of a fork per connection goes, in counts that do not move with the machine's
# load (unlike requests per second): page-table entries present in the parent and in a child
# after one request (what each fork copies and each exit tears down; a huge page is one
# entry), and page faults per child and per fork in the parent under connection-per-request
# load, by memory region. Serves the bundled hello application with its warm-up, 127.0.0.1
# only, bounded in time; stops the server by pid.
# Needs perf (apt-get install -y linux-perf). usage: scripts/fault-profile.sh [SECONDS=4]
source "$(dirname "$0")/lib.sh"
SECS=${1:-4}
command -v perf >/dev/null || { echo "perf is missing: apt-get install -y linux-perf" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
WORK=$(mktemp -d /tmp/lsbaws-fault-profile.XXXXXX)
start_server
trap 'stop_server; rm -rf "$WORK"' EXIT
settle /hello
cp "/proc/$SERVER_PID/maps" "$WORK/parent.maps"

# A child holding a keep-alive connection after one request: its pages are those its exit frees.
exec 3<>"/dev/tcp/127.0.0.1/$SERVER_PORT"
printf 'GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' >&3
sleep 0.5
CHILD=$(ps -o pid= --ppid "$SERVER_PID" | head -1 | tr -d ' ')
python3 - "$SERVER_PID" "$CHILD" <<'PY'
import sys
def entries(pid):
    """Page-table entries present: small pages one each, huge pages (AnonHugePages, 2 MB) one each."""
    small = huge = 0
    for line in open(f'/proc/{pid}/smaps'):
        if line.startswith('Rss:'):
            small += int(line.split()[1]) // 4
        elif line.startswith(('AnonHugePages:', 'FilePmdMapped:', 'ShmemPmdMapped:')):
            kilobytes = int(line.split()[1])
            small -= kilobytes // 4
            huge += kilobytes // 2048
    return f"{small} small pages and {huge} huge pages present"
parent, child = sys.argv[1], sys.argv[2]
status = dict(line.split(':', 1) for line in open(f'/proc/{parent}/status'))
print(f"parent: {status['RssAnon'].strip()} anonymous, {sum(1 for _ in open(f'/proc/{parent}/maps'))} mappings, "
      f"{entries(parent)}")
print(f"child after one request: {entries(child)} (what its exit tears down)")
PY
exec 3>&-

wrk -t2 -c32 -d"${SECS}s" --timeout 5s -H 'Connection: close' "http://127.0.0.1:$SERVER_PORT/hello" > "$WORK/wrk.txt" &
WRK_PID=$!
sleep 1
perf record -q -e page-faults -c 1 -d -p "$SERVER_PID" -o "$WORK/faults.data" -- sleep $((SECS > 2 ? SECS - 2 : 1)) 2>/dev/null
wait "$WRK_PID"
perf script -i "$WORK/faults.data" -F pid,addr 2>/dev/null > "$WORK/faults.txt"
echo "under load: $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") requests/s"
python3 - "$SERVER_PID" "$WORK/parent.maps" "$WORK/faults.txt" <<'PY'
import bisect, collections, sys
parent = int(sys.argv[1])
regions = []
for line in open(sys.argv[2]):
    fields = line.split()
    start, end = (int(x, 16) for x in fields[0].split('-'))
    name = fields[5].rsplit('/', 1)[-1] if len(fields) > 5 else 'anonymous'
    regions.append((start, end, f'{name} {fields[1]} {fields[0].split("-")[0]}'))
regions.sort()
starts = [r[0] for r in regions]
def region(address):
    i = bisect.bisect_right(starts, address) - 1
    return regions[i][2] if i >= 0 and address < regions[i][1] else 'mapped after start-up'
faults = {'child': collections.Counter(), 'parent': collections.Counter()}
children = set()
for line in open(sys.argv[3]):
    pid, address = line.split()
    role = 'parent' if int(pid) == parent else 'child'
    if role == 'child':
        children.add(pid)
    faults[role][region(int(address, 16))] += 1
forks = max(len(children), 1)
for role in ('child', 'parent'):
    total = sum(faults[role].values())
    print(f"page faults per {'child' if role == 'child' else 'fork in the parent'}: {total / forks:.1f} ({forks} children)")
    for name, count in faults[role].most_common(6):
        print(f'  {count / forks:6.1f}  {name}')
PY
