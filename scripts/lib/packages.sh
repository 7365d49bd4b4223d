# Sourced by scripts/test.sh, demo.sh and bench.sh: the Debian 12 packages the project needs
# (build, test bed, VM host, Cinder tests, Debian packages: scripts/build-deb.sh and
# scripts/test-deb.sh) and the one function that installs the missing ones.
# shellcheck shell=bash

APT_PACKAGES="openjdk-17-jdk-headless maven lvm2 openssh-server openssh-client iproute2 util-linux
 qemu-system-x86 qemu-utils busybox-static cpio python3 python3-cinder python3-os-brick dmidecode
 python3-requests genisoimage sudo ruby curl strace
 debhelper dh-python pybuild-plugin-pyproject python3-all python3-setuptools dpkg-dev fakeroot lintian
 debootstrap"

# Only their programs are needed (copied into the lvmlockd VM hosts' initramfs, testbed-lockd.sh):
# installed without starting their services on this machine (wdmd would arm a watchdog here).
APT_PACKAGES_NO_START="sanlock lvm2-lockd"

# install_packages: apt-get install of what is missing (needs root; quiet when nothing is)
install_packages() {
    local p missing=() quiet=() rc=0
    for p in $APT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    for p in $APT_PACKAGES_NO_START; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || quiet+=("$p")
    done
    ((${#missing[@]} + ${#quiet[@]})) || return 0
    printf '[packages] installing %s\n' "${missing[*]} ${quiet[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || return 1
    if ((${#missing[@]})); then apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1; fi
    if ((${#quiet[@]})); then
        # policy-rc.d 101: "action forbidden" for every service start (invoke-rc.d, deb-systemd-invoke)
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
            apt-get install -y -qq --no-install-recommends "${quiet[@]}" >/dev/null || rc=1
            rm -f /usr/sbin/policy-rc.d
        else
            apt-get install -y -qq --no-install-recommends "${quiet[@]}" >/dev/null || rc=1
        fi
    fi
    return "$rc"
}
