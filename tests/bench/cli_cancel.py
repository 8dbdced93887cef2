#!/usr/bin/env python3
"""The AWS CLI, one process per execution: cancels the given things' executions one `aws iot cancel-job-execution` at a
time (as a shell loop would), timing each process and reading each one's peak RSS through os.wait4.
Prints one JSON line: seconds (all calls), calls, ok, failed, peakMB (largest of the processes).
"""
import argparse
import json
import os
import subprocess
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("things", nargs="+")
    a = p.parse_args()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1",
               AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    ok = failed = 0
    peak_kb = 0
    start = time.perf_counter()
    for thing in a.things:
        proc = subprocess.Popen(["aws", "iot", "cancel-job-execution", "--job-id", a.job, "--thing-name", thing,
                                 "--endpoint-url", a.endpoint], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak_kb = max(peak_kb, usage.ru_maxrss)
        if proc.returncode == 0:
            ok += 1
        else:
            failed += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "calls": len(a.things), "ok": ok, "failed": failed, "peakMB": round(peak_kb / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
