#!/usr/bin/python3
"""Adds N one-extent LVs named like OpenNebula disks to a vgcfgbackup file (for vgcfgrestore).

usage: gen-lvs.py BACKUP_IN BACKUP_OUT N
Creating 10,000 LVs with lvcreate takes minutes; restoring generated metadata takes a second.
"""
import random
import re
import sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
rnd = random.Random(42)
alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def uuid():
    s = "".join(rnd.choice(alphabet) for _ in range(32))
    return "-".join([s[:6], s[6:10], s[10:14], s[14:18], s[18:22], s[22:26], s[26:]])


lvs = []
for i in range(n):
    lvs.append(f"""
\t\tlv-one-{i // 4}-{i % 4} {{
\t\t\tid = "{uuid()}"
\t\t\tstatus = ["READ", "WRITE", "VISIBLE"]
\t\t\tflags = []
\t\t\tcreation_time = 1700000000
\t\t\tcreation_host = "bench"
\t\t\tsegment_count = 1

\t\t\tsegment1 {{
\t\t\t\tstart_extent = 0
\t\t\t\textent_count = 1
\t\t\t\ttype = "striped"
\t\t\t\tstripe_count = 1
\t\t\t\tstripes = [
\t\t\t\t\t"pv0", {i}
\t\t\t\t]
\t\t\t}}
\t\t}}""")
block = "\n\tlogical_volumes {" + "".join(lvs) + "\n\t}\n"
# the VG section ends with the last closing brace at column 0
m = list(re.finditer(r"^}\s*$", text, re.M))
if not m:
    sys.exit("no VG section end in " + src)
end = m[0].start()
open(dst, "w").write(text[:end] + block + text[end:])
