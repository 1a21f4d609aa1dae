#!/usr/bin/env python3
"""Side-by-side: run iocextract 1.16.1 and ioc-finder 9.4.1 on the fixture corpus (P/R/F1 per
type, their outputs normalised the way FORMATS §2 says where that is mechanical) and measure
their throughput on a sample of the benchmark corpus. Called by scripts/eval-extract."""
import json, sys, time, re
from urllib.parse import urlsplit, urlunsplit

def norm_url(u):
    u = u.strip()
    if "://" not in u:
        u = "http://" + u
    try:
        p = urlsplit(u)
        host = (p.hostname or "").lower().rstrip(".")
        netloc = host + (f":{p.port}" if p.port else "")
        return urlunsplit((p.scheme.lower(), netloc, p.path or "/", p.query, p.fragment))
    except ValueError:
        return u

def norm_phone(p):
    digits = re.sub(r"\D", "", p)
    return ("+" + digits) if p.strip().startswith("+") else digits

def score(rows, extract):
    per = {}
    for row in rows:
        want = {(i["type"], i["value"]) for i in row["expected"]}
        got = extract(row["text"])
        for w in want:
            c = per.setdefault(w[0], [0, 0, 0])
            if w in got: c[0] += 1
            else: c[2] += 1
        for g in got - want:
            per.setdefault(g[0], [0, 0, 0])[1] += 1
    return per

def table(name, per):
    print(f"{name}")
    print(f"{'type':<18} {'tp':>6} {'fp':>6} {'fn':>6} {'precision':>9} {'recall':>9} {'f1':>9}")
    tot = [0, 0, 0]
    for t in sorted(per):
        tp, fp, fn = per[t]
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        row(t, tp, fp, fn)
    row("ALL", *tot)

def row(t, tp, fp, fn):
    p = tp / max(tp + fp, 1); r = tp / max(tp + fn, 1); f = 2 * p * r / (p + r) if p + r else 0
    print(f"{t:<18} {tp:>6} {fp:>6} {fn:>6} {p:>9.4f} {r:>9.4f} {f:>9.4f}")

def iocextract_fn():
    import iocextract
    def ex(text):
        out = set()
        for u in iocextract.extract_urls(text, refang=True):
            out.add(("url", norm_url(u)))
        for e in iocextract.extract_emails(text, refang=True):
            out.add(("email", e.lower()))
        for ip in iocextract.extract_ips(text, refang=True):
            out.add(("ip", ip))
        for t in iocextract.extract_telephone_nums(text):
            out.add(("phone", norm_phone(t)))
        return out
    return ex

def iocfinder_fn():
    from ioc_finder import find_iocs
    def ex(text):
        r = find_iocs(text)
        out = set()
        for u in r.get("urls", []): out.add(("url", norm_url(u)))
        for d in r.get("domains", []): out.add(("domain", d.lower()))
        for e in r.get("email_addresses", []) + r.get("email_addresses_complete", []): out.add(("email", e.lower()))
        for ip in r.get("ipv4s", []) + r.get("ipv6s", []): out.add(("ip", ip))
        for w in r.get("bitcoin_addresses", []) + r.get("ethereum_addresses", []) + r.get("monero_addresses", []):
            out.add(("crypto_wallet", w))
        for p in r.get("phone_numbers", []): out.add(("phone", norm_phone(p)))
        return out
    return ex

def throughput(name, ex, corpus, budget_bytes):
    lines, size = [], 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            lines.append(line); size += len(line.encode())
            if size >= budget_bytes: break
    t = time.perf_counter()
    for l in lines: ex(l)
    dt = time.perf_counter() - t
    print(f"{name}: {size / 2**20:.2f} MB sample of the benchmark corpus in {dt:.1f} s: {size / 2**20 / dt:.3f} MB/s single-threaded")

def main():
    fixtures, corpus = sys.argv[1], sys.argv[2]
    rows = [json.loads(l) for l in open(fixtures, encoding="utf-8") if l.strip()]
    for name, make, budget in [("iocextract 1.16.1", iocextract_fn, 150_000), ("ioc-finder 9.4.1", iocfinder_fn, 500_000)]:
        ex = make()
        table(f"{name} on the fixture corpus ({len(rows)} narratives; types it does not extract count as misses)", score(rows, ex))
        throughput(name, ex, corpus, budget)
        print()

if __name__ == "__main__":
    main()
