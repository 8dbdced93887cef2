#!/usr/bin/env python3
"""What a Python user would write to cancel every QUEUED execution of a job: boto3, adaptive retry mode, 8 threads.

Lists with the paginator, cancels through a ThreadPoolExecutor(8) sharing one client (boto3 clients are thread-safe),
and prints one JSON line: seconds (client creation + listing + cancels, after import), ok, failed, throttled_seen, peak RSS.
Run by Invoke-CancelBenchmark.ps1; needs AWS_* test credentials in the environment and only talks to --endpoint.
"""
import argparse
import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--max-attempts", type=int, default=None, help="default: botocore's (3 in adaptive mode)")
    a = p.parse_args()

    # The clock starts before the client is made, as the module's clock includes its first call's client set-up.
    start = time.perf_counter()
    retries = {"mode": "adaptive"}
    if a.max_attempts:
        retries["max_attempts"] = a.max_attempts
    client = boto3.client("iot", endpoint_url=a.endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test",
                          config=Config(retries=retries, max_pool_connections=max(10, a.threads)))

    ok = failed = 0
    errors = {}

    def cancel(thing):
        try:
            client.cancel_job_execution(jobId=a.job, thingName=thing)
            return None
        except ClientError as e:
            return e.response.get("Error", {}).get("Code", "ClientError")
        except Exception as e:  # noqa: BLE001 - a benchmark counts every failure
            return type(e).__name__

    things = []
    for page in client.get_paginator("list_job_executions_for_job").paginate(jobId=a.job, status="QUEUED"):
        things.extend(s["thingArn"].split("/", 1)[1] for s in page.get("executionSummaries", []))
    with ThreadPoolExecutor(max_workers=a.threads) as pool:
        for code in pool.map(cancel, things):
            if code is None:
                ok += 1
            else:
                failed += 1
                errors[code] = errors.get(code, 0) + 1
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "items": len(things), "ok": ok, "failed": failed, "errors": errors,
                      "peakMB": round(peak_kb / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
