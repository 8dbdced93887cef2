"""
Fleet fidelity check: boto3 (AWS's own Python SDK, botocore's parsers and error classes) against the emulator.

Drives, through the signed API only: nested static thing groups, recursive listing with paging, SNAPSHOT and
CONTINUOUS jobs targeting groups, AssociateTargetsWithJob, ListJobs by group, a paced CancelJob watched through
DescribeJob's isConcurrent and counts, in-progress and step timeouts (TIMED_OUT, approximateSecondsBeforeTimedOut),
CancelJob on a finished job, and a VersionConflictException that carries only its message. Each step asserts what
AWS documents and prints one transcript line; the exit code is 0 only when every assertion held.

Usage: python3 boto3_fleet.py <endpoint> <job cancel rate per second> <time scale>
(the emulator must run with the same --job-cancel-rate and --time-scale; credentials test/test, us-east-1).
"""
import json
import sys
import time

from fidelity import REGION, clients, error_of

ENDPOINT, RATE, SCALE = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ACCOUNT = "123456789012"
iot, device = clients(ENDPOINT, "iot", "iot-jobs-data")
started = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - started:6.2f}s] {msg}", flush=True)


def group_arn(name):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thinggroup/{name}"


def thing_arn(name):
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/{name}"


def counts(job_id):
    job = iot.describe_job(jobId=job_id)["job"]
    d = job["jobProcessDetails"]
    return job, {k[len("numberOf"):-len("Things")]: v for k, v in d.items() if k.startswith("numberOf")}


def all_pages(op, key, **args):
    out, pages = [], 0
    for page in iot.get_paginator(op).paginate(**args, PaginationConfig={"PageSize": 2}):
        out += page[key]
        pages += 1
    return out, pages


# ---- nested groups ------------------------------------------------------------------------------------------
iot.create_thing_group(thingGroupName="site-a", thingGroupProperties={"thingGroupDescription": "Site A",
                                                                       "attributePayload": {"attributes": {"city": "Lyon"}}})
iot.create_thing_group(thingGroupName="building-7", parentGroupName="site-a")
iot.create_thing_group(thingGroupName="floor-2", parentGroupName="building-7")
iot.create_thing_group(thingGroupName="building-8", parentGroupName="site-a")
again = iot.create_thing_group(thingGroupName="building-7", parentGroupName="site-a")
assert again["thingGroupArn"] == group_arn("building-7"), again
e = error_of(iot.create_thing_group, thingGroupName="building-7", parentGroupName="building-8")
assert e.response["Error"]["Code"] == "ResourceAlreadyExistsException", e.response
e = error_of(iot.create_thing_group, thingGroupName="orphan", parentGroupName="no-such-group")
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response
floor = iot.describe_thing_group(thingGroupName="floor-2")
meta = floor["thingGroupMetadata"]
assert meta["parentGroupName"] == "building-7", meta
assert [g["groupName"] for g in meta["rootToParentThingGroups"]] == ["site-a", "building-7"], meta
site = iot.describe_thing_group(thingGroupName="site-a")
assert site["thingGroupProperties"]["attributePayload"]["attributes"] == {"city": "Lyon"}, site
log("nested groups: site-a > building-7 > floor-2, site-a > building-8; floor-2's rootToParentThingGroups = "
    + " > ".join(g["groupName"] for g in meta["rootToParentThingGroups"]))

names = lambda groups: [g["groupName"] for g in groups]
every = names(iot.list_thing_groups()["thingGroups"])
assert every == ["building-7", "building-8", "floor-2", "site-a"], every
children = names(iot.list_thing_groups(parentGroup="site-a")["thingGroups"])
assert children == ["building-7", "building-8"], children
below = names(iot.list_thing_groups(parentGroup="site-a", recursive=True)["thingGroups"])
assert below == ["building-7", "building-8", "floor-2"], below
log(f"ListThingGroups: all {every}; parentGroup=site-a {children}; recursive {below}")

# ---- things in groups ---------------------------------------------------------------------------------------
fleet = {"building-7": ["b7-1", "b7-2", "b7-3", "b7-4"], "floor-2": ["f2-1", "f2-2", "f2-3"],
         "building-8": ["b8-1", "b8-2", "b8-3", "b8-4", "b8-5"]}
for group, things in fleet.items():
    for t in things:
        iot.create_thing(thingName=t)
        iot.add_thing_to_thing_group(thingGroupName=group, thingName=t)
iot.add_thing_to_thing_group(thingGroupArn=group_arn("building-7"), thingArn=thing_arn("b7-1"))  # again: no change
e = error_of(iot.add_thing_to_thing_group, thingGroupName="building-8", thingName="b7-1")
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response  # one group per hierarchy
log("AddThingToThingGroup: a thing already in building-7 cannot join building-8 (same hierarchy): "
    + e.response["Error"]["Code"])

direct = iot.list_things_in_thing_group(thingGroupName="site-a")["things"]
assert direct == [], direct
rec, pages = all_pages("list_things_in_thing_group", "things", thingGroupName="site-a", recursive=True)
assert sorted(rec) == sorted(sum(fleet.values(), [])) and len(rec) == 12 and pages == 6, (rec, pages)
b7, pages7 = all_pages("list_things_in_thing_group", "things", thingGroupName="building-7", recursive=True)
assert b7 == ["b7-1", "b7-2", "b7-3", "b7-4", "f2-1", "f2-2", "f2-3"], b7
assert iot.list_thing_groups_for_thing(thingName="f2-1")["thingGroups"][0]["groupName"] == "floor-2"
log(f"ListThingsInThingGroup site-a: direct {direct}; recursive {len(rec)} things in {pages} pages of 2; "
    f"building-7 recursive {b7}")

# ---- SNAPSHOT and CONTINUOUS jobs on groups ------------------------------------------------------------------
doc = '{"operation":"firmware","version":"2.0"}'
iot.create_job(jobId="fw-snap", targets=[group_arn("building-7")], document=doc)
snap, c = counts("fw-snap")
assert c["Queued"] == 7 and snap["targets"] == [group_arn("building-7")], (snap, c)
iot.create_thing(thingName="b7-9")
iot.add_thing_to_thing_group(thingGroupName="building-7", thingName="b7-9")
_, c = counts("fw-snap")
assert c["Queued"] == 7, c  # a snapshot job keeps the members it had when it was created
log(f"SNAPSHOT job on building-7: {c['Queued']} executions (floor-2's things included); b7-9 joined later: still 7")

iot.create_job(jobId="fw-cont", targets=[group_arn("building-8")], document=doc, targetSelection="CONTINUOUS")
_, c = counts("fw-cont")
assert c["Queued"] == 5, c
iot.create_thing(thingName="b8-9")
iot.add_thing_to_thing_group(thingGroupName="building-8", thingName="b8-9")
ex = iot.describe_job_execution(jobId="fw-cont", thingName="b8-9")["execution"]
assert ex["status"] == "QUEUED", ex
iot.remove_thing_from_thing_group(thingGroupName="building-8", thingName="b8-2")
assert iot.describe_job_execution(jobId="fw-cont", thingName="b8-2")["execution"]["status"] == "REMOVED"
_, c = counts("fw-cont")
assert c["Queued"] == 5 and c["Removed"] == 1, c
iot.associate_targets_with_job(jobId="fw-cont", targets=[group_arn("floor-2")], comment="floor 2 too")
_, c = counts("fw-cont")
assert c["Queued"] == 8, c
e = error_of(iot.associate_targets_with_job, jobId="fw-snap", targets=[group_arn("floor-2")])
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response
by_group = [j["jobId"] for j in iot.list_jobs(thingGroupName="building-8")["jobs"]]
assert by_group == ["fw-cont"], by_group
summary = iot.list_jobs(thingGroupName="building-7")["jobs"][0]
assert summary["jobId"] == "fw-snap" and summary["thingGroupId"] == iot.describe_thing_group(thingGroupName="building-7")["thingGroupId"]
log(f"CONTINUOUS job on building-8: 5 executions, +1 when b8-9 joined, b8-2 left -> REMOVED, "
    f"AssociateTargetsWithJob floor-2 -> {c['Queued']} QUEUED; on a SNAPSHOT job: {e.response['Error']['Code']}; "
    f"ListJobs thingGroupName=building-8 -> {by_group}")

# ---- paced CancelJob ---------------------------------------------------------------------------------------------
iot.create_thing_group(thingGroupName="building-9", parentGroupName="site-a")
for i in range(1, 101):
    iot.create_thing(thingName=f"b9-{i}")
    iot.add_thing_to_thing_group(thingGroupName="building-9", thingName=f"b9-{i}")
iot.create_job(jobId="fw-big", targets=[group_arn("building-9")], document=doc)
t0 = time.monotonic()
iot.cancel_job(jobId="fw-big", reasonCode="BAD_FIRMWARE", comment="bricks sensors")
job, c = counts("fw-big")
assert job["status"] == "CANCELED" and job["isConcurrent"] is True and c["Canceled"] < 100, (job, c)
assert iot.list_jobs(status="CANCELED")["jobs"][0]["isConcurrent"] is True
samples = [(0.0, c["Canceled"], c["Queued"])]
while job["isConcurrent"]:
    time.sleep(0.25)
    job, c = counts("fw-big")
    samples.append((time.monotonic() - t0, c["Canceled"], c["Queued"]))
took = time.monotonic() - t0
assert c["Canceled"] == 100 and c["Queued"] == 0 and not job["isConcurrent"], (job, c)
assert took >= 100 / RATE * 0.8, took
moving = sorted(set(s[1] for s in samples))
assert len(moving) >= 3, samples
log(f"CancelJob on 100 executions at {RATE:g}/s: returned at once, status CANCELED with isConcurrent true; "
    f"canceled " + " -> ".join(str(s[1]) for s in samples[:: max(1, len(samples) // 6)]) +
    f" -> {c['Canceled']}; isConcurrent false after {took:.2f}s")

# ---- CancelJob on a finished job ----------------------------------------------------------------------------------
iot.create_thing(thingName="solo")
iot.create_job(jobId="fw-done", targets=[thing_arn("solo")], document=doc)
device.start_next_pending_job_execution(thingName="solo")
device.update_job_execution(thingName="solo", jobId="fw-done", status="SUCCEEDED")
assert iot.describe_job(jobId="fw-done")["job"]["status"] == "COMPLETED"
e = error_of(iot.cancel_job, jobId="fw-done")
assert e.response["Error"]["Code"] == "InvalidRequestException" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
log(f"CancelJob on a COMPLETED job: HTTP 400 {e.response['Error']['Code']}: {e.response['Error']['Message']}")

# ---- VersionConflictException: only the message ----------------------------------------------------------------------
raw = {}
iot.meta.events.register("after-call.iot.CancelJobExecution",
                         lambda http_response, **_: raw.update(body=http_response.content, status=http_response.status_code))
iot.create_job(jobId="fw-ver", targets=[thing_arn("solo")], document=doc)
e = error_of(iot.cancel_job_execution, jobId="fw-ver", thingName="solo", expectedVersion=9)
assert e.response["Error"]["Code"] == "VersionConflictException" and raw["status"] == 409, (e.response, raw)
members = sorted(json.loads(raw["body"]))
assert members == ["message"], raw  # VersionConflictException's model member, nothing else
log(f"CancelJobExecution with a wrong expectedVersion: HTTP 409 VersionConflictException, body members {members}")

# ---- timeouts ----------------------------------------------------------------------------------------------------
for t in ("t-1", "t-2", "t-3"):
    iot.create_thing(thingName=t)
iot.create_job(jobId="fw-timeout", targets=[thing_arn(t) for t in ("t-1", "t-2", "t-3")], document=doc,
               timeoutConfig={"inProgressTimeoutInMinutes": 2})
assert iot.describe_job(jobId="fw-timeout")["job"]["timeoutConfig"]["inProgressTimeoutInMinutes"] == 2
queued = iot.describe_job_execution(jobId="fw-timeout", thingName="t-1")["execution"]
assert "approximateSecondsBeforeTimedOut" not in queued, queued  # the timer starts at IN_PROGRESS
device.start_next_pending_job_execution(thingName="t-1")                          # in-progress timer: 2 minutes
device.start_next_pending_job_execution(thingName="t-2", stepTimeoutInMinutes=1)  # step timer: 1 minute
device.start_next_pending_job_execution(thingName="t-3", stepTimeoutInMinutes=1)
device.update_job_execution(thingName="t-3", jobId="fw-timeout", status="IN_PROGRESS", stepTimeoutInMinutes=-1)  # step timer off
left1 = iot.describe_job_execution(jobId="fw-timeout", thingName="t-1")["execution"]["approximateSecondsBeforeTimedOut"]
left2 = device.describe_job_execution(jobId="fw-timeout", thingName="t-2")["execution"]["approximateSecondsBeforeTimedOut"]
assert 100 < left1 <= 120 and 40 < left2 <= 60, (left1, left2)
time.sleep(75 / SCALE)
s1 = iot.describe_job_execution(jobId="fw-timeout", thingName="t-1")["execution"]
s2 = iot.describe_job_execution(jobId="fw-timeout", thingName="t-2")["execution"]
assert s1["status"] == "IN_PROGRESS" and s2["status"] == "TIMED_OUT", (s1, s2)
assert "approximateSecondsBeforeTimedOut" not in s2, s2  # not included once terminal
time.sleep(60 / SCALE)
_, c = counts("fw-timeout")
assert c["TimedOut"] == 3 and c["InProgress"] == 0, c
log(f"timeouts (time scale {SCALE:g}): approximateSecondsBeforeTimedOut {left1} (2-minute in-progress timer) and "
    f"{left2} (1-minute step timer); the step timer fired first (t-2 TIMED_OUT at ~60 service seconds); "
    f"then all 3 TIMED_OUT, t-3's step timer canceled with -1 so the in-progress timer bounded it")

print("OK: every check held")
