# Sourced by scripts/test.sh, demo.sh and bench.sh: the Debian 12 packages the project needs
# (build, test bed, VM host, Cinder tests, Debian packages: scripts/build-deb.sh and
# scripts/test-deb.sh) and the one function that installs the missing ones.
# shellcheck shell=bash

APT_PACKAGES="openjdk-17-jdk-headless maven lvm2 openssh-server openssh-client iproute2 util-linux
 qemu-system-x86 qemu-utils busybox-static cpio python3 python3-cinder python3-os-brick dmidecode
 python3-requests genisoimage sudo ruby curl sanlock lvm2-lockd
 debhelper dh-python pybuild-plugin-pyproject python3-all python3-setuptools dpkg-dev fakeroot lintian
 debootstrap"

# install_packages: apt-get install of what is missing (needs root; quiet when nothing is)
install_packages() {
    local p missing=()
    for p in $APT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    printf '[packages] installing %s\n' "${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
