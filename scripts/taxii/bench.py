"""Benchmark helpers for scripts/bench-taxii (taxii2-client 2.3.0 pulling a collection).

  bench.py load COLLECTION_URL USER PASSWORD N          POST N indicators in envelopes
  bench.py medallion-data N FILE                        medallion memory-backend data file
  bench.py pull LABEL COLLECTION_URL USER PASSWORD PER_REQUEST SERVER_PID

`pull` pages through the whole collection with as_pages(get_objects), checks every object
came exactly once, and prints a `figure:` line: objects, seconds, objects/s, and the CPU
time of the server (from /proc, user + system) and of the client, with the server's share.
"""
import json
import os
import sys
import time

from taxii2client.v21 import ApiRoot, Collection, as_pages

MARKING = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"  # TLP:GREEN


def indicator(n):
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{n:012d}",
        "created": "2026-11-01T00:00:00.000Z",
        "modified": "2026-11-01T00:00:00.000Z",
        "name": f"Scam call centre number {n}",
        "pattern": f"[x-dragnet-phone-number:value = '+1888{n:07d}']",
        "pattern_type": "stix",
        "valid_from": "2026-11-01T00:00:00Z",
        "indicator_types": ["malicious-activity"],
        "object_marking_refs": [MARKING],
    }


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_collection(url, user, password):
    """A collection by URL; `…/collections/ALIAS/` (Dragnet) is resolved to its id's URL,
    which taxii2-client insists on."""
    head, _, alias = url.rstrip("/").rpartition("/collections/")
    if len(alias) != 36:
        root = ApiRoot(head + "/", user=user, password=password)
        return next(c for c in root.collections if c.alias == alias)
    return Collection(url, user=user, password=password)


def load(url, user, password, n):
    coll = open_collection(url, user, password)
    batch = 5000
    for start in range(0, n, batch):
        objs = [indicator(i) for i in range(start, min(n, start + batch))]
        status = coll.add_objects({"objects": objs}, wait_for_completion=False)
        if status.success_count != len(objs):
            raise SystemExit(f"load: {status.failure_count} failures: {status.failures[:3]}")
        print(f"loaded {min(n, start + batch)}/{n}", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def medallion_data(n, path):
    objs = [indicator(i) for i in range(n)]
    manifest = [
        {"id": o["id"], "date_added": "2026-11-22T00:00:00.000000Z", "version": o["modified"],
         "media_type": "application/stix+json;version=2.1"}
        for o in objs
    ]
    data = {
        "/discovery": {"title": "medallion bench", "api_roots": ["http://127.0.0.1/api1/"],
                       "default": "http://127.0.0.1/api1/"},
        "api1": {
            "information": {"title": "api1", "versions": ["application/taxii+json;version=2.1"],
                            "max_content_length": 100000000},
            "status": [],
            "collections": [{
                "id": "91a7b528-80eb-42ed-a74d-c6fbd5a26116", "title": "bench",
                "can_read": True, "can_write": True,
                "media_types": ["application/stix+json;version=2.1"],
                "objects": objs, "manifest": manifest,
            }],
        },
    }
    with open(path, "w") as f:
        json.dump(data, f)


def pull(label, url, user, password, per_request, pid):
    coll = open_collection(url, user, password)
    coll.refresh()
    cpu0, t0, c0 = cpu_seconds(pid), time.monotonic(), time.process_time()
    ids, pages = set(), 0
    count = 0
    for envelope in as_pages(coll.get_objects, per_request=per_request):
        pages += 1
        for o in envelope.get("objects", []):
            ids.add(o["id"])
            count += 1
    wall = time.monotonic() - t0
    server = cpu_seconds(pid) - cpu0
    client = time.process_time() - c0
    if count != len(ids):
        raise SystemExit(f"{label}: {count - len(ids)} objects came more than once")
    print(f"figure: taxii pull {label}: {count} objects in {pages} pages, {wall:.2f} s, "
          f"{count / wall:,.0f} objects/s; CPU: server {server:.2f} s, client {client:.2f} s "
          f"(server {100 * server / max(server + client, 1e-9):.0f}% of the CPU, "
          f"{100 * server / wall:.0f}% of the wall time)", flush=True)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif cmd == "medallion-data":
        medallion_data(int(sys.argv[2]), sys.argv[3])
    elif cmd == "pull":
        pull(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]))
    else:
        raise SystemExit(__doc__)
