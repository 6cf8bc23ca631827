#!/usr/bin/env bash
# Start a single-node Slurm cluster on this machine, for CI and for trying job arrays by hand.
#
#   sudo .ci/slurm-up.sh [DIR]        # DIR: scratch folder (default /tmp/ketensim-slurm)
#   export SLURM_CONF=DIR/slurm.conf  # the script prints this line; sbatch, squeue, ... need it
#   sudo .ci/slurm-down.sh [DIR]      # stop it again (by the pid files in DIR)
#
# Needs root (slurmd starts jobs as their user) and Debian's packages, without recommends:
#   apt-get install --no-install-recommends slurmctld slurmd slurm-client munge
# Everything lives in DIR: its own munge key, socket and daemon, the config, state, spool, logs and
# pid files, so a munge or Slurm already on the machine is neither used nor touched (only the
# ports are shared: KETENSIM_SLURMCTLD_PORT and KETENSIM_SLURMD_PORT, default 6817 and 6818).
# No systemd, no cgroups, no accounting: processes are tracked by their parent (proctrack/linuxproc).
# Facts behind the choices: ../shared/research/scheduler.md.
set -euo pipefail

DIR="${1:-${KETENSIM_SLURM_DIR:-/tmp/ketensim-slurm}}"
CTLD_PORT="${KETENSIM_SLURMCTLD_PORT:-6817}"
SLURMD_PORT="${KETENSIM_SLURMD_PORT:-6818}"

fail() { echo "slurm-up: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (slurmd starts jobs as their user); run it with sudo"
for cmd in slurmctld slurmd sbatch sinfo munged mungekey runuser; do
  command -v "$cmd" >/dev/null 2>&1 ||
    fail "'$cmd' not found; install Slurm and munge: apt-get install --no-install-recommends slurmctld slurmd slurm-client munge"
done
getent passwd munge >/dev/null || fail "no user 'munge' (Debian's munge package creates it)"
if [ -f "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
  fail "a cluster already runs from $DIR; stop it with .ci/slurm-down.sh $DIR, or choose another folder"
fi

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
chmod 0755 "$DIR"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/munge"
# munged's folder: owned by munge, writable by it only, and open to all (the socket is in it:
# every user who submits a job authenticates through it).
chown munge:munge "$DIR/munge"
chmod 0755 "$DIR/munge"
if [ ! -f "$DIR/munge/munge.key" ]; then
  mungekey --create --keyfile="$DIR/munge/munge.key"
fi
chown munge:munge "$DIR/munge/munge.key"
chmod 0400 "$DIR/munge/munge.key"
SOCKET="$DIR/munge/munge.socket"
runuser -u munge -- munged --socket="$SOCKET" --key-file="$DIR/munge/munge.key" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null || fail "munge does not work; see $DIR/munge/munged.log"

HOST="$(hostname -s)"
CPUS="$(nproc)"
# RealMemory a little below what is free, so slurmd does not drain the node for having less.
MEM="$(free -m | awk '/^Mem:/ { print int($7 * 0.9) }')"
cat >"$DIR/slurm.conf" <<EOF
# Written by .ci/slurm-up.sh: one node, no cgroups, no accounting.
ClusterName=ketensim
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# cred_expire is also how long a requeued job waits before it may start again (default 120 s).
AuthInfo=socket=$SOCKET,cred_expire=10
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
# Look at pending jobs every 2 s (default 60), so a job that becomes eligible starts soon.
SchedulerParameters=sched_interval=2
JobRequeue=1
# A cancelled or requeued task gets SIGTERM, then SIGKILL after KillWait seconds.
KillWait=5
MailProg=/bin/true
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF="$DIR/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  if [ "$(sinfo -h -N -o %T 2>/dev/null)" = idle ]; then
    echo "slurm-up: one node ($HOST, $CPUS CPUs, ${MEM} MB) idle; logs in $DIR/log" >&2
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
fail "the node did not become idle within 30 s (sinfo says '$(sinfo -h -N -o %T 2>&1)'); see $DIR/log"
