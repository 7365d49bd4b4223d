#!/usr/bin/python3
"""Load for cinder-bridge: C concurrent clients, each doing create_volume + delete_volume pairs
for D seconds. Prints requests/s and p50/p99 latency in ms.

usage: bridge-load.py URL BACKEND TOKEN_FILE CLIENTS SECONDS
"""
import json
import sys
import threading
import time
import urllib.request
import uuid

url, backend, token_file, clients, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
token = open(token_file).read().strip()
lat = []
errors = [0]
lock = threading.Lock()
stop = time.monotonic() + seconds


def post(op, body):
    req = urllib.request.Request(f"{url}/v1/{backend}/{op}", data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            ok = r.status == 200
    except Exception:
        ok = False
    dt = time.monotonic() - t0
    with lock:
        lat.append(dt)
        if not ok:
            errors[0] += 1


def client(n):
    i = 0
    while time.monotonic() < stop:
        vol = {"volume": {"name_id": str(uuid.uuid4()), "size_gb": 1}}
        post("create_volume", vol)
        post("delete_volume", vol)
        i += 1


t0 = time.monotonic()
threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.monotonic() - t0
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0
print(f"{len(lat) / wall:.0f} {pct(0.50):.1f} {pct(0.99):.1f} {len(lat)} {errors[0]}")
