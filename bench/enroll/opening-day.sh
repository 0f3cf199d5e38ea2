#!/bin/bash
# Opening-day load on the real submit endpoint, as recorded in docs/performance.md:
# a fresh demo district (no registry), 512 logged-in parents, the server with request logging,
# a 3 s warm-up on one number range, then wrk at 256 connections on another.
#
#   bench/enroll/opening-day.sh [-d SECONDS] [-c CONNECTIONS] [-p PROFILE_FILE]
#
# Prints wrk's latency distribution and throughput, the server's CPU time during the run, the
# database and WAL sizes and the server's peak memory. Needs wrk (apt-get install wrk) and Go.
set -euo pipefail
DUR=15 CONNS=256 PROF=""
while getopts d:c:p: o; do
  case $o in d) DUR=$OPTARG ;; c) CONNS=$OPTARG ;; p) PROF=$OPTARG ;; *) exit 2 ;; esac
done
command -v wrk >/dev/null || { echo "需要 wrk：apt-get install wrk" >&2; exit 1; }
cd "$(dirname "$0")/../.."
D=$(mktemp -d /tmp/eb-opening-day.XXXXXX)
BIN=$D/edubureau
go build -o "$BIN" ./cmd/edubureau
"$BIN" demo --reset --registry=false --data "$D" >/dev/null
go run ./bench/enroll sessions -data "$D" -n 512 -out "$D/sessions.json" -target "$D/target.json" >/dev/null
go run ./bench/enroll wrkscript -target "$D/target.json" -sessions "$D/sessions.json" -out "$D/submit.lua"
"$BIN" serve --data "$D" --addr 127.0.0.1:18090 --pprof 127.0.0.1:16060 2>"$D/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
sleep 2
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
echo "warm-up (3 s):"
wrk -t2 -c"$CONNS" -d3s --latency -s "$D/submit.lua" http://127.0.0.1:18090 -- 500000000 | grep -E 'Requests/sec|50%|99%'
c0=$(cpu)
if [ -n "$PROF" ]; then (sleep 2; curl -s -o "$PROF" "http://127.0.0.1:16060/debug/pprof/profile?seconds=10") & fi
echo "run (${DUR} s, $CONNS connections):"
wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$D/submit.lua" http://127.0.0.1:18090 -- 0 | grep -E 'Latency|50%|90%|99%|requests in|Requests/sec|accepted'
c1=$(cpu)
n=$(grep -c '"status":201' "$D/server.log" || true)
echo "server CPU during the run: $(( (c1 - c0) * 10 )) ms (clock ticks of 10 ms); 201 answers in all: $n"
ls -l "$D"/edubureau.db "$D"/edubureau.db-wal | awk '{print $5, $9}'
grep -E 'VmHWM' /proc/$PID/status
echo "data directory (remove when done): $D"
