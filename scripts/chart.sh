#!/usr/bin/env bash
# Draws the figures of `scripts/bench.sh --sweep` as an SVG with gnuplot: requests/s against
# concurrent connections for lsbaws (warmed-up path, cold path) and the reference fork server,
# and beside it the time in the child (p50) for the warmed-up and the cold path.
# usage: scripts/chart.sh [TSV=target/bench/sweep.tsv] [SVG=docs/throughput.svg]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TSV=${1:-$ROOT/target/bench/sweep.tsv}
SVG=${2:-$ROOT/docs/throughput.svg}
command -v gnuplot >/dev/null || { echo "gnuplot is missing: apt-get install -y gnuplot-nox" >&2; exit 2; }
[ -f "$TSV" ] || { echo "no $TSV: run scripts/bench.sh --sweep first" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# one file per server: connections, requests/s, child p50
for server in warm cold reference; do
  awk -F'\t' -v s="$server" '!/^#/ && $2 == s {print $1 "\t" $3 "\t" $5}' "$TSV" > "$WORK/$server.tsv"
  [ -s "$WORK/$server.tsv" ] || { echo "no rows for '$server' in $TSV" >&2; exit 1; }
done
# the machine the figures come from: the TSV's "# chart:" line (written by bench.sh)
machine=$(sed -n 's/^# chart: //p' "$TSV" | head -1 | sed 's/"/\\"/g')
mkdir -p "$(dirname "$SVG")"
gnuplot <<EOF
set terminal svg size 980,500 dynamic font "sans,13" background "white"
set output "$SVG"
set datafile separator "\t"
set multiplot layout 1,2 title "Connection per request on 127.0.0.1 (scripts/bench.sh --sweep)\n$machine" noenhanced
set logscale x 2
set xrange [0.7:180]
set xtics ("1" 1, "8" 8, "32" 32, "128" 128)
set xlabel "concurrent connections"
set grid ytics lc rgb "#dddddd"
set key below left Left reverse nobox
set border 3
set tics nomirror
set style line 1 lc rgb "#1f6fb4" lw 2.5 pt 7 ps 0.9
set style line 2 lc rgb "#9bc2e6" lw 2.5 pt 5 ps 0.9 dt 2
set style line 3 lc rgb "#d9822b" lw 2.5 pt 9 ps 1.0
set title "Requests per second"
set ylabel "requests/s"
set yrange [0:*]
plot "$WORK/warm.tsv" using 1:2 with linespoints ls 1 title "lsbaws, /hello learned (the default)", \
     "$WORK/cold.tsv" using 1:2 with linespoints ls 2 title "lsbaws, learning off (every child cold)", \
     "$WORK/reference.tsv" using 1:2 with linespoints ls 3 title "reference fork server (CPython)", \
     "$WORK/warm.tsv" using 1:2:2 with labels offset 0,0.9 font ",10" notitle, \
     "$WORK/cold.tsv" using 1:2:2 with labels offset 0,-0.9 font ",10" notitle, \
     "$WORK/reference.tsv" using 1:2:2 with labels offset 1.6,0.7 font ",10" tc rgb "#d9822b" notitle
set title "Time in the child, p50 (access log)"
set ylabel "milliseconds (log scale)"
set logscale y 10
set yrange [*:*]
set ytics (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
plot "$WORK/warm.tsv" using 1:3 with linespoints ls 1 title "/hello learned (the default)", \
     "$WORK/cold.tsv" using 1:3 with linespoints ls 2 title "/hello, learning off", \
     "$WORK/warm.tsv" using 1:3:3 with labels offset 0,0.9 font ",10" notitle, \
     "$WORK/cold.tsv" using 1:3:3 with labels offset 0,0.9 font ",10" notitle
unset multiplot
EOF
echo "wrote $SVG"
