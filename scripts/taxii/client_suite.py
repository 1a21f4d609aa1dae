"""Every operation of the OASIS TAXII 2.1 client (taxii2-client 2.3.0) against Dragnet.

Usage: client_suite.py URL ACME_TOKEN BETA_TOKEN   (run by scripts/taxii-client-test)

acme published its operations as TLP:GREEN; beta is a partner on the same server. Each
check prints `ok: …`; the first failure raises and exits non-zero.
"""
import json
import sys
import uuid

import requests
from taxii2client.common import TokenAuth
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

url, acme_token, beta_token = sys.argv[1], sys.argv[2], sys.argv[3]
TLP = {
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}


def ok(what):
    print(f"ok: {what}", flush=True)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# Discovery with HTTP Basic and a password; API root; collections.
server = Server(f"{url}/taxii2/", user="ann@acme.example", password="acme analyst password")
check(server.title == "Dragnet TAXII 2.1", server.title)
check([r.url for r in server.api_roots] == [f"{url}/taxii2/acme/"], server.api_roots)
check(server.default.url == f"{url}/taxii2/acme/", server.default.url)
ok("discovery (Basic with password)")
root = server.default
check("application/taxii+json;version=2.1" in root.versions, root.versions)
check(root.max_content_length > 0, root.max_content_length)
ok(f"api root: {root.title}")
by_alias = {c.alias: c for c in root.collections}
check(sorted(by_alias) == ["intel", "received", "shared-amber", "shared-clear", "shared-green"], by_alias)
intel = by_alias["intel"]
check(intel.can_read and intel.can_write, "intel readable and writable")
check(not by_alias["shared-green"].can_write, "shared collections are read-only")
ok(f"collections: {len(by_alias)}")

# Bearer token on a collection object of its own.
auth = TokenAuth(acme_token)
coll = Collection(f"{url}/taxii2/acme/collections/{intel.id}/", auth=auth)
check(coll.title == intel.title, coll.title)
ok("collection by URL with a Bearer token")

# get_objects paged: every object exactly once, matching the manifest.
seen, pages = [], 0
for envelope in as_pages(coll.get_objects, per_request=40):
    pages += 1
    seen.extend(o["id"] for o in envelope.get("objects", []))
check(len(seen) > 100, f"published objects: {len(seen)}")
check(len(seen) == len(set(seen)), "no object twice")
ok(f"get_objects with as_pages: {len(seen)} objects in {pages} pages")
manifest = []
for envelope in as_pages(coll.get_manifest, per_request=55):
    manifest.extend(o["id"] for o in envelope.get("objects", []))
check(manifest == seen, "the manifest lists the same objects in the same order")
ok(f"get_manifest with as_pages: {len(manifest)} entries")

# Filters: match[type] and added_after.
campaigns = coll.get_objects(type="campaign")["objects"]
check(campaigns and all(o["type"] == "campaign" for o in campaigns), "match[type]")
ok(f"get_objects match[type]=campaign: {len(campaigns)}")
one = coll.get_object(campaigns[0]["id"])
check([o["id"] for o in one["objects"]] == [campaigns[0]["id"]], one)
check(all(TLP["green"] in o.get("object_marking_refs", [TLP["green"]]) for o in one["objects"]), "TLP:GREEN")
ok("get_object")
versions = coll.object_versions(campaigns[0]["id"])
check(versions["versions"], versions)
ok(f"object_versions: {versions['versions']}")

# add_objects: a new version of an object, a TLP:RED one, an AMBER+STRICT one and a bad one.
first = dict(campaigns[0])
newer = dict(first, modified="2099-01-01T00:00:00.000Z", description="updated by the client suite")
red = {
    "type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
    "created": "2026-11-01T00:00:00.000Z", "modified": "2026-11-01T00:00:00.000Z",
    "pattern": "[domain-name:value = 'red-only.example']", "pattern_type": "stix",
    "valid_from": "2026-11-01T00:00:00Z", "object_marking_refs": [TLP["red"]],
}
strict = dict(red, id=f"indicator--{uuid.uuid4()}", object_marking_refs=[TLP["amber+strict"]])
bad = {"type": "indicator", "id": "indicator--not-a-uuid", "spec_version": "2.1"}
status = coll.add_objects({"objects": [newer, red, strict, bad]})
check(status.status == "complete", status.status)
check((status.total_count, status.success_count, status.failure_count, status.pending_count) == (4, 3, 1, 0),
      (status.total_count, status.success_count, status.failure_count))
check("property `id`" in status.failures[0]["message"], status.failures)
status.refresh()
check(status.success_count == 3, "status resource read back")
ok(f"add_objects + status: {status.id}, 3 stored, 1 rejected: {status.failures[0]['message']}")
versions = coll.object_versions(first["id"])["versions"]
check(len(versions) == 2 and versions[-1].startswith("2099-01-01"), versions)
check(coll.get_object(first["id"])["objects"][0]["modified"] == "2099-01-01T00:00:00.000Z", "last version")
check(len(coll.get_object(first["id"], version="all")["objects"]) == 2, "match[version]=all")
ok("versions after the update (last, all)")

# beta, a partner, with Basic and its token as the password: sees the GREEN objects in its
# shared-green collection, never the RED or AMBER+STRICT ones, and not acme's API root.
bserver = Server(f"{url}/taxii2/", user="bob@beta.example", password=beta_token)
broot = bserver.default
check(broot.url == f"{url}/taxii2/beta/", broot.url)
bcolls = {c.alias: c for c in broot.collections}
shared = bcolls["shared-green"]
got = []
for envelope in as_pages(shared.get_objects, per_request=100):
    got.extend(envelope.get("objects", []))
ids = {o["id"] for o in got}
check(all(o.get("object_marking_refs", [TLP["green"]]) == [TLP["green"]] for o in got), "only GREEN (or unmarked, published as GREEN) in shared-green")
clear = set()
for envelope in as_pages(bcolls["shared-clear"].get_objects, per_request=100):
    clear.update(o["id"] for o in envelope.get("objects", []))
check(set(seen) <= ids | clear, "every published object is shared (GREEN, or CLEAR definitions)")
check(red["id"] not in ids and strict["id"] not in ids, "RED and AMBER+STRICT stay home")
for c in bcolls.values():
    for envelope in as_pages(c.get_manifest, per_request=500):
        listed = {o["id"] for o in envelope.get("objects", [])}
        check(red["id"] not in listed and strict["id"] not in listed, f"not in {c.title}")
ok(f"partner (Basic with token) sees {len(ids)} GREEN objects, no RED or AMBER+STRICT")
try:
    ApiRoot(f"{url}/taxii2/acme/", user="bob@beta.example", password=beta_token).refresh()
    raise AssertionError("a partner opened acme's API root")
except requests.exceptions.HTTPError as e:
    check(e.response.status_code == 403, e.response.status_code)
    body = e.response.json()
    check(body["http_status"] == "403", body)
ok("another organisation's API root: 403 TAXII error")
try:
    shared.add_objects({"objects": [red]})
    raise AssertionError("wrote to a read-only collection")
except Exception as e:  # the client refuses itself: can_write is false
    check("writ" in str(e).lower(), str(e))
r = requests.post(shared.objects_url, data=json.dumps({"objects": [red]}), auth=TokenAuth(beta_token),
                  headers={"Accept": "application/taxii+json;version=2.1",
                           "Content-Type": "application/taxii+json;version=2.1"})
check(r.status_code == 403, r.status_code)
ok("shared collections refuse writes")

# Media types: a 406 as a TAXII error.
r = requests.get(f"{url}/taxii2/", headers={"Accept": "application/json"}, auth=auth)
check(r.status_code == 406 and r.headers["Content-Type"] == "application/taxii+json;version=2.1", r.status_code)
check(json.loads(r.text)["http_status"] == "406", r.text)
ok("406 for Accept: application/json")
print("taxii2-client suite: every operation passed", flush=True)
