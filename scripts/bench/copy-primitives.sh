#!/usr/bin/env bash
# Times copy primitives between two LVs of one VG, on the host that has them active (run there
# with bash, e.g. `scripts/testbed.sh ssh vmhost "bash -s VG SRC DST 3" < scripts/bench/copy-primitives.sh`):
# what a read alone, plain dd, the copy engine's dd and qemu-img cost. DST is overwritten.
# Prints "NAME SECONDS" per primitive and run (docs/performance.md, "Where a 256 MiB copy's time goes").
set -u
vg=$1 src=/dev/$1/$2 dst=/dev/$1/$3 runs=${4:-3}
TIMEFORMAT=%R
t() { local name=$1 s; shift; s=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); echo "$name $s"; }
for ((r = 0; r < runs; r++)); do
    t plain_dd_bs1M_odirect dd if="$src" of="$dst" bs=1M oflag=direct
    t read_bs1M_buffered dd if="$src" of=/dev/null bs=1M
    t read_bs4M_direct dd if="$src" of=/dev/null bs=4M iflag=direct
    t read_bs16M_direct dd if="$src" of=/dev/null bs=16M iflag=direct
    t read_bs64M_direct dd if="$src" of=/dev/null bs=64M iflag=direct
    t dd_bs4M_direct dd if="$src" of="$dst" bs=4M iflag=direct oflag=direct
    t qemu_img_dense qemu-img convert -n -t none -T none -f raw -O raw "$src" "$dst"
    for bs in 1M 4M 16M; do
        t zeroout blkdiscard --zeroout "$dst"
        t "dd_bs${bs}_direct_sparse" dd if="$src" of="$dst" bs=$bs iflag=direct oflag=direct conv=sparse,notrunc
    done
    t zeroout blkdiscard --zeroout "$dst"
    t qemu_img_S4k_target_is_zero qemu-img convert -n -t none -T none -S 4k --target-is-zero -f raw -O raw "$src" "$dst"
done
