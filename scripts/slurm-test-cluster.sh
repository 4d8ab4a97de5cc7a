#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on this host, for the tests of `sieve slurm`:
#
#   scripts/slurm-test-cluster.sh start DIR   # installs slurm-wlm and munge if missing,
#                                              # writes DIR/slurm.conf, starts munged,
#                                              # slurmctld and slurmd, waits for the node
#   export SLURM_CONF=DIR/slurm.conf           # then sbatch, squeue... talk to it
#   scripts/slurm-test-cluster.sh stop DIR    # cancels its jobs, stops the daemons by pid
#
# Everything (config, munge key and socket, state, spool, logs, pids) lives in DIR; the
# daemons run in the foreground mode (-D/-F) detached from this shell, their pids in
# DIR/*.pid. The cluster: SlurmUser=root, one node (this host, all its CPUs) in partition
# `debug` (the default), proctrack/linuxproc, task/none, no cgroup.conf, no accounting
# (scontrol answers for finished jobs), ReturnToService=2. Ports: $SIEVE_SLURM_PORT and
# the next one (default 16817-16818), so that a real Slurm on the host is not disturbed.
# Exits non-zero with the daemons' log tails when the cluster does not come up.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
(($# == 2)) || usage
action=$1
dir=$2

log_tails() {
  for f in "$dir"/munged.log "$dir"/slurmctld.log "$dir"/slurmd.log; do
    [[ -f $f ]] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }
  done
  return 0
}

stop_pid() {  # stop_pid NAME: the daemon whose pid is in DIR/NAME.pid
  local file="$dir/$1.pid" pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

case $action in
stop)
  [[ -d $dir ]] || exit 0
  if [[ -f $dir/slurm.conf ]] && [[ -f $dir/slurmctld.pid ]]; then
    SLURM_CONF=$dir/slurm.conf timeout 10 scancel --full --user="$(id -un)" 2>/dev/null || true
  fi
  stop_pid slurmd
  stop_pid slurmctld
  stop_pid munged
  exit 0
  ;;
start) ;;
*) usage ;;
esac

# Packages: slurmctld, slurmd and the clients (slurm-wlm), munge.
missing=()
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "slurm-test-cluster: the Debian packages ${missing[*]} are missing and installing them needs root" >&2
    exit 1
  fi
  echo "slurm-test-cluster: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in munged slurmctld slurmd sbatch sinfo; do
  command -v "$tool" >/dev/null || { echo "slurm-test-cluster: $tool not found after installing" >&2; exit 1; }
done

# The package's own services, if its post-install started them, are not ours: leave them.
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
chmod 700 "$dir"
mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
chmod 700 "$dir/munge"
host=$(hostname -s)
cpus=$(nproc)
port=${SIEVE_SLURM_PORT:-16817}
user=$(id -un)

# munge: a fresh key for this cluster only.
if [[ ! -f $dir/munge/munge.key ]]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
fi

cat > "$dir/slurm.conf" <<CONF
# Written by scripts/slurm-test-cluster.sh: a single-node test cluster.
ClusterName=sievetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.daemon.pid
SlurmdPidFile=$dir/slurmd.daemon.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

start_daemon() {  # start_daemon NAME COMMAND...: detached, pid in DIR/NAME.pid
  local name=$1
  shift
  setsid "$@" </dev/null >>"$dir/$name.out" 2>&1 &
  echo $! > "$dir/$name.pid"
}

if ! { [[ -f $dir/munged.pid ]] && kill -0 "$(cat "$dir/munged.pid")" 2>/dev/null; }; then
  start_daemon munged munged -F --force --key-file="$dir/munge/munge.key" \
    --socket="$dir/munge/munge.socket" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed"
fi
for _ in $(seq 100); do [[ -S $dir/munge/munge.socket ]] && break; sleep 0.1; done
if ! munge -n -S "$dir/munge/munge.socket" | unmunge -S "$dir/munge/munge.socket" >/dev/null 2>&1; then
  echo "slurm-test-cluster: munged did not start" >&2
  log_tails
  "$0" stop "$dir"
  exit 1
fi

start_daemon slurmctld slurmctld -D -i -f "$dir/slurm.conf"
start_daemon slurmd slurmd -D -N "$host" -f "$dir/slurm.conf"

# Up when the node is idle (ReturnToService=2 brings it back from DOWN by itself).
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -n 1 || true)
  if [[ $state == idle ]]; then
    echo "slurm-test-cluster: up in $dir (node $host, $cpus CPUs, partition debug, port $port)"
    exit 0
  fi
  for d in slurmctld slurmd; do
    if ! kill -0 "$(cat "$dir/$d.pid")" 2>/dev/null; then
      echo "slurm-test-cluster: $d exited" >&2
      cat "$dir/$d.out" >&2 || true
      log_tails
      "$0" stop "$dir"
      exit 1
    fi
  done
  sleep 0.5
done
echo "slurm-test-cluster: the node did not become idle within 60 s (state: ${state:-unknown})" >&2
log_tails
"$0" stop "$dir"
exit 1
