#!/bin/sh
# tripline-job: runs `tripline <command> ...` as a scheduled job (Kubernetes CronJob, systemd timer,
# CI schedule) where "drift found" must not count as a failed job. Installed in the image as
# /usr/local/bin/tripline-job; the CronJobs in deploy/ run `tripline-job check --config ...`.
#
# Exit codes (tripline's, see the README's Commands table) and what this wrapper returns:
#   0  nothing found                                  -> 0
#   1  drift found / something changed; the alerts    -> 0  (the job did its work: the alert channels
#      went out through the configured channels              carry the finding, and generic
#                                                            KubeJobFailed-style alerts stay quiet)
#   2  config error or only operational problems       -> 2  (the job fails: someone must look)
#   3+ cannot start, crash                             -> as is (the job fails, and may be retried)
# Every outcome is still recorded: one line on stderr (the pod log) and the same line as the
# container's termination message (TRIPLINE_TERMINATION_LOG, default /dev/termination-log, shown
# by `kubectl describe pod` and in the pod's status.containerStatuses[].state.terminated.message).
# The findings themselves are in the state store (`tripline alerts status`) and on stdout.

cli=${TRIPLINE_CLI:-/app/dist/src/cli.js}
termination_log=${TRIPLINE_TERMINATION_LOG:-/dev/termination-log}

# Run in the background so SIGTERM (job deadline, eviction) reaches tripline: it stops gracefully.
node "$cli" "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
wait "$child"
rc=$?
# `wait` returns early (status > 128) when a trapped signal arrives; collect the real exit status.
while [ "$rc" -gt 128 ] && kill -0 "$child" 2>/dev/null; do
  wait "$child"
  rc=$?
done

case "$rc" in
  0) outcome="nothing found (exit 0)" ;;
  1) outcome="drift found, alerts sent (exit 1, reported as success)" ;;
  2) outcome="config error or operational problems (exit 2)" ;;
  *) outcome="failed (exit $rc)" ;;
esac
message="tripline $1: $outcome"
echo "$message" >&2
# The kubelet creates the file in a Kubernetes container; elsewhere the stderr line is the record.
if [ -f "$termination_log" ] && [ -w "$termination_log" ]; then printf '%s\n' "$message" > "$termination_log"; fi

[ "$rc" -eq 1 ] && exit 0
exit "$rc"
