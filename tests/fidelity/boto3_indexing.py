"""
Fleet indexing fidelity check: boto3 (AWS's own Python SDK, botocore's parsers and error classes) against the emulator.

Registry data through iot (create_thing, thing groups), device state the way devices set it (iot-data
update_thing_shadow, signed as 'iotdata'), connectivity through the emulator's admin endpoint (devices connect over
MQTT, which the emulator does not serve), indexing switched on with update_indexing_configuration, then search_index
queries whose exact result sets follow from AWS's query-syntax and example-queries pages: name prefixes and
single-character wildcards, attributes with AND / OR / NOT / the hyphen, thing groups, thing types, numeric ranges and
comparisons on registry and shadow values, case-insensitive values, paging with nextToken, a malformed query, and
the answer while indexing is off. Each step prints one transcript line; the exit code is 0 only when all held.

Usage: python3 boto3_indexing.py <endpoint>   (credentials test/test, us-east-1)
"""
import json
import sys
import urllib.request

from fidelity import clients, error_of

ENDPOINT = sys.argv[1]
iot, data = clients(ENDPOINT, "iot", "iot-data")


def log(msg):
    print(msg, flush=True)


def names(query, **args):
    """Every match of a query, following nextToken, in the order returned."""
    out, token = [], None
    while True:
        page = iot.search_index(queryString=query, **args, **({"nextToken": token} if token else {}))
        out += [t["thingName"] for t in page["things"]]
        token = page.get("nextToken")
        if not token:
            return out


def expect(query, expected):
    got = names(query)
    assert got == expected, f"{query!r}: got {got}, expected {expected}"
    log(f"search {query!r} -> {got}")


def admin_connectivity(body):
    req = urllib.request.Request(ENDPOINT + "/_emulator/connectivity", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read())


# ---- indexing is off at first ---------------------------------------------------------------------------------
config = iot.get_indexing_configuration()
assert config["thingIndexingConfiguration"] == {"thingIndexingMode": "OFF", "thingConnectivityIndexingMode": "OFF"}, config
assert config["thingGroupIndexingConfiguration"] == {"thingGroupIndexingMode": "OFF"}, config
e = error_of(iot.search_index, queryString="thingName:*")
assert e.response["Error"]["Code"] == "ResourceNotFoundException" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e.response
assert e.response["Error"]["Message"] == "Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration"
log(f"indexing OFF: search_index -> HTTP 404 {e.response['Error']['Code']}: {e.response['Error']['Message']}")

# ---- the fleet: registry data ----------------------------------------------------------------------------------
fleet = {
    "tv-lg-1": ("television", {"vendor": "LG", "model": "OLED55", "size": "55", "site": "BER"}, ["living-room"]),
    "tv-sony-2": ("television", {"vendor": "Sony", "size": "65", "site": "MUC"}, ["living-room"]),
    "tv-plasma": ("television", {"vendor": "Panasonic", "size": "42", "site": "BER"}, []),
    "cam-1": ("camera", {"vendor": "Axis", "site": "BER"}, ["entrance"]),
    "cam-2": ("camera", {"vendor": "axis", "site": "muc"}, ["entrance"]),
    "sensor-9": (None, {}, []),
}
iot.create_thing_group(thingGroupName="home")
iot.create_thing_group(thingGroupName="living-room", parentGroupName="home")
iot.create_thing_group(thingGroupName="entrance")
ids = {}
for name, (type_name, attributes, groups) in fleet.items():
    args = {"thingName": name, "attributePayload": {"attributes": attributes}}
    if type_name:
        args["thingTypeName"] = type_name
    ids[name] = iot.create_thing(**args)["thingId"]
    for g in groups:
        iot.add_thing_to_thing_group(thingGroupName=g, thingName=name)

# ---- device state: shadows through iot-data ---------------------------------------------------------------------
reported = {
    "tv-lg-1": {"fw": "1.2.3", "battery": 78, "temp": 21.5},
    "tv-sony-2": {"fw": "1.2.3", "battery": 45},
    "tv-plasma": {"fw": "1.0.0", "battery": 15},
    "cam-1": {"fw": "2.0.0", "battery": 100},
}
for name, state in reported.items():
    accepted = json.loads(data.update_thing_shadow(thingName=name, payload=json.dumps({"state": {"reported": state}}))["payload"].read())
    assert accepted["version"] == 1 and accepted["state"] == {"reported": state}, accepted
data.update_thing_shadow(thingName="cam-1", payload=json.dumps({"state": {"desired": {"fw": "2.1.0"}}}))
shadow = json.loads(data.get_thing_shadow(thingName="cam-1")["payload"].read())
assert shadow["version"] == 2 and shadow["state"]["delta"] == {"fw": "2.1.0"}, shadow
e = error_of(data.get_thing_shadow, thingName="sensor-9")
assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
log(f"iot-data: 5 shadow updates; cam-1 version {shadow['version']} with delta {shadow['state']['delta']}; "
    f"sensor-9 has none: {e.response['Error']['Message']}")

# ---- connectivity through the admin endpoint ---------------------------------------------------------------------
admin_connectivity({"thingNames": ["tv-lg-1", "cam-1"], "connected": True})
admin_connectivity({"thingName": "tv-sony-2", "connected": False, "disconnectReason": "CONNECTION_LOST"})

# ---- indexing on --------------------------------------------------------------------------------------------------
iot.update_indexing_configuration(thingIndexingConfiguration={"thingIndexingMode": "REGISTRY_AND_SHADOW",
                                                              "thingConnectivityIndexingMode": "STATUS"})
on = iot.get_indexing_configuration()["thingIndexingConfiguration"]
assert (on["thingIndexingMode"], on["thingConnectivityIndexingMode"]) == ("REGISTRY_AND_SHADOW", "STATUS"), on
e = error_of(iot.update_indexing_configuration, thingIndexingConfiguration={"thingIndexingMode": "ALL"})
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response
log(f"update_indexing_configuration REGISTRY_AND_SHADOW + STATUS; thingIndexingMode ALL -> {e.response['Error']['Code']}")

# ---- queries (results in thingName order) ---------------------------------------------------------------------------
expect("thingName:tv*", ["tv-lg-1", "tv-plasma", "tv-sony-2"])
expect("thingName:cam-?", ["cam-1", "cam-2"])
expect("attributes.site:BER AND thingTypeName:television", ["tv-lg-1", "tv-plasma"])
expect("attributes.vendor:LG OR attributes.vendor:Sony", ["tv-lg-1", "tv-sony-2"])
expect("thingTypeName:television AND NOT attributes.site:BER", ["tv-sony-2"])
expect("thingName:(tv* AND -tv-plasma)", ["tv-lg-1", "tv-sony-2"])
expect("thingTypeName:camera", ["cam-1", "cam-2"])
expect("thingGroupNames:living-room", ["tv-lg-1", "tv-sony-2"])
expect("thingGroupNames:home", [])  # a parent group: thingGroupNames holds the direct groups
expect("attributes.site:muc", ["cam-2", "tv-sony-2"])  # values are case-insensitive
expect("attributes.vendor:AXIS", ["cam-1", "cam-2"])
expect("attributes.size>50", ["tv-lg-1", "tv-sony-2"])  # registry strings that are numbers compare as numbers
expect("attributes.size:[40 TO 60]", ["tv-lg-1", "tv-plasma"])
expect("shadow.reported.battery:[40 TO 80]", ["tv-lg-1", "tv-sony-2"])
expect("shadow.reported.battery:{45 TO 100]", ["cam-1", "tv-lg-1"])
expect("shadow.reported.battery<20", ["tv-plasma"])
expect("shadow.reported.battery>=78", ["cam-1", "tv-lg-1"])
expect("shadow.reported.temp>20", ["tv-lg-1"])
expect("shadow.reported.fw:1.2.3", ["tv-lg-1", "tv-sony-2"])
expect("shadow.hasDelta:true", ["cam-1"])
expect("shadow.desired.fw:*", ["cam-1"])
expect("connectivity.connected:true", ["cam-1", "tv-lg-1"])
expect("connectivity.connected:false AND attributes.site:BER", ["tv-plasma"])  # never connected: connected false
expect("connectivity.disconnectReason:CONNECTION_LOST", ["tv-sony-2"])
expect("attributes.site:BER AND shadow.reported.fw:1.2.3 AND connectivity.connected:true", ["tv-lg-1"])

# A shadow change is searchable at once: a null deletes the key.
data.update_thing_shadow(thingName="tv-lg-1", payload=json.dumps({"state": {"reported": {"temp": None}}}))
expect("shadow.reported.temp:*", [])

# ---- one whole document ----------------------------------------------------------------------------------------------
doc = iot.search_index(queryString="thingName:tv-lg-1")["things"][0]
assert doc["thingId"] == ids["tv-lg-1"] and doc["thingTypeName"] == "television", doc
assert doc["thingGroupNames"] == ["living-room"] and doc["attributes"] == fleet["tv-lg-1"][1], doc
doc_shadow = json.loads(doc["shadow"])
assert doc_shadow["reported"] == {"fw": "1.2.3", "battery": 78} and doc_shadow["version"] == 2, doc_shadow
assert doc["connectivity"]["connected"] is True and isinstance(doc["connectivity"]["timestamp"], int), doc
plain = iot.search_index(queryString="thingName:sensor-9")["things"][0]
assert set(plain) == {"thingName", "thingId", "connectivity"} and plain["connectivity"] == {"connected": False}, plain
log(f"ThingDocument of tv-lg-1: members {sorted(doc)}; shadow version {doc_shadow['version']}; sensor-9: {sorted(plain)}")

# ---- paging -------------------------------------------------------------------------------------------------------------
pages, token, seen = 0, None, []
while True:
    page = iot.search_index(queryString="thingName:*", maxResults=2, **({"nextToken": token} if token else {}))
    pages += 1
    seen += [t["thingName"] for t in page["things"]]
    token = page.get("nextToken")
    if not token:
        break
assert seen == ["cam-1", "cam-2", "sensor-9", "tv-lg-1", "tv-plasma", "tv-sony-2"] and pages == 3, (seen, pages)
e = error_of(iot.search_index, queryString="thingName:tv*", nextToken=iot.search_index(queryString="thingName:*", maxResults=1)["nextToken"])
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response
log(f"paging thingName:* with maxResults 2: {pages} pages {seen}; a token of another query -> {e.response['Error']['Code']}")

# ---- malformed and refused queries ----------------------------------------------------------------------------------------
for query in ("thingName:(tv*", "attributes.site:BER AND", "thingName:*lg* OR thingName:*sony*", "thingName:tv~"):
    e = error_of(iot.search_index, queryString=query)
    assert e.response["Error"]["Code"] == "InvalidQueryException" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, (query, e.response)
    log(f"search {query!r} -> HTTP 400 InvalidQueryException: {e.response['Error']['Message']}")
e = error_of(iot.search_index, queryString="thingName:*", maxResults=101)
assert e.response["Error"]["Code"] == "InvalidRequestException", e.response

# ---- indexing off again -----------------------------------------------------------------------------------------------------
iot.update_indexing_configuration(thingIndexingConfiguration={"thingIndexingMode": "OFF"})
e = error_of(iot.search_index, queryString="thingName:*")
assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
log("indexing OFF again: search_index -> ResourceNotFoundException")

print("OK: every check held")
