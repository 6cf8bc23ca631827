#!/usr/bin/env bash
# Stop the cluster that .ci/slurm-up.sh started from DIR (default /tmp/ketensim-slurm): slurmd and
# slurmctld first, then munged, each by its pid file, so nothing else on the machine is touched.
# The folder (config, state, logs) stays for reading; remove it by hand.
set -uo pipefail

DIR="${1:-${KETENSIM_SLURM_DIR:-/tmp/ketensim-slurm}}"
[ -d "$DIR" ] || { echo "slurm-down: no folder $DIR; nothing to stop" >&2; exit 0; }

stop() { # name pidfile
  local pid
  [ -f "$2" ] || return 0
  pid="$(cat "$2")"
  if ! kill -0 "$pid" 2>/dev/null; then rm -f "$2"; return 0; fi
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$2"; return 0; }
    sleep 0.1
  done
  echo "slurm-down: $1 (pid $pid) did not stop in 10 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null
  rm -f "$2"
}

stop slurmd "$DIR/slurmd.pid"
stop slurmctld "$DIR/slurmctld.pid"
stop munged "$DIR/munge/munged.pid"
echo "slurm-down: stopped the cluster of $DIR" >&2
