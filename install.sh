#!/bin/sh
# install.sh: install the storage drivers on one node, one command per node.
#
#   install.sh --frontend [--jars DIR] [--drivers LIST] [--hosts h1,h2] [--vg VG]...
#   install.sh --host     [--vg VG]... [--user oneadmin]
#   install.sh --cinder   [--jars DIR] [--backend URI]
#   any of them with --lvmlockd HOST_ID [--lock-timeout S]: a node of shared VGs (lvmlockd)
#   any of them with --dry-run (show what would change) or --uninstall (remove what it added)
#   any of them with --only files|config: one half of the job (the Debian packages use both: see
#   docs/operator-guide.md)
#
# Environment: DESTDIR=<root> puts every path under <root> (packaging, tests); ONE_LOCATION for a
# self-contained OpenNebula; LVM_SYSTEM_DIR for a host whose lvm.conf is not in /etc/lvm.
# Details: README.md, section "Installation".
set -eu

usage() {
    cat <<'USAGE'
usage: install.sh --frontend | --host | --cinder  [options]

  --frontend        shims and jars into OpenNebula's remotes, drivers registered in oned.conf,
                    class-data-sharing archives; then `doctor` for --hosts/--vg given
  --host            this hypervisor host: LVM metadata read-only (lvm.conf locking_type = 4),
                    sudoers rules for the OpenNebula user's LVM commands, the user in group
                    disk (the data path opens the LVs without sudo)
  --cinder          this cinder-volume node: Python driver, bridge jar, systemd unit, token file

  --dry-run         print what would change (diffs of edited files), change nothing
  --uninstall       remove what this mode added (oned.conf and lvm.conf come back byte for byte)
  --jars DIR        take the built jars from DIR instead of building (mvn package -DskipTests)
  --no-build        use the jars already built under */target/
  --drivers LIST    drivers to install on the frontend, e.g. shared_lvm (default: every driver
                    with shims in remotes/tm/: linstor,shared_lvm)
  --hosts LIST      (--frontend) hosts for `doctor` to check over SSH (comma separated)
  --vg VG           VG the datastores use: checked by `doctor`, allowed in host sudoers; repeatable
  --user NAME       the OpenNebula user (default: oneadmin when it exists)
  --backend URI     (--cinder) first backend written into a new bridge config, e.g. lvm://cinder-vg
  --no-cds          do not create class-data-sharing archives (e.g. when packaging with DESTDIR)
  --no-doctor       do not run `doctor` at the end of --frontend
  --only files      only the files a package ships: no oned.conf/lvm.conf edit, no token, no
                    CDS archive (a package build runs this with DESTDIR=<package root>)
  --only config     only what a package's postinst does with files already in place: oned.conf
                    registration and CDS archives (--frontend), lvm.conf (--host), the bridge's
                    user, token and CDS archive (--cinder); with --uninstall, undo just that
  --no-python       (--cinder) leave the Python driver out (packaged on its own)
  --lvmlockd ID     (any mode) this node uses shared VGs (vgcreate --shared, sanlock):
                    lvm.conf use_lvmlockd = 1 (no locking_type = 4 on a host), lvmlocal.conf
                    host_id = ID (1-2000, unique per node), wdmd/sanlock/lvmlockd/lvmlocks started,
                    lockspaces of the shared --vg VGs started (docs/lvmlockd.md)
  --lock-timeout S  (with --lvmlockd) sanlock's I/O timeout in seconds (default 10: a dead node's
                    locks are free after about 8 x S + 60 s)
USAGE
}

REPO=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$REPO/scripts/install/common.sh"
. "$REPO/scripts/install/frontend.sh"
. "$REPO/scripts/install/host.sh"
. "$REPO/scripts/install/cinder.sh"
. "$REPO/scripts/install/lvmlockd.sh"

MODE= DRY_RUN=0 UNINSTALL=0 JARS_DIR= NO_BUILD=0 NO_CDS=0 NO_DOCTOR=0 DOCTOR_FAILED=0 ONLY= NO_PYTHON=0
DRIVERS= HOSTS= VGS= SD_USER= BACKEND_URI= LOCKD_HOST_ID= LOCK_TIMEOUT=
DESTDIR=${DESTDIR:-}
DESTDIR=${DESTDIR%/}
ONE_LOCATION=${ONE_LOCATION:-}

need_arg() { [ $# -ge 2 ] || die "$1 needs a value (see --help)"; }
while [ $# -gt 0 ]; do
    case $1 in
        --frontend|--host|--cinder)
            [ -z "$MODE" ] || die "give one of --frontend, --host, --cinder"
            MODE=${1#--} ;;
        --hosts) need_arg "$@"; HOSTS="$HOSTS $(printf '%s' "$2" | tr ',' ' ')"; shift ;;
        --dry-run) DRY_RUN=1 ;;
        --uninstall) UNINSTALL=1 ;;
        --jars) need_arg "$@"; JARS_DIR=$(CDPATH= cd -- "$2" && pwd) || die "no directory $2"; shift ;;
        --no-build) NO_BUILD=1 ;;
        --no-cds) NO_CDS=1 ;;
        --no-doctor) NO_DOCTOR=1 ;;
        --no-python) NO_PYTHON=1 ;;
        --only) need_arg "$@"; ONLY=$2; shift
            case $ONLY in files|config) ;; *) die "--only takes files or config, not '$ONLY'" ;; esac ;;
        --drivers) need_arg "$@"; DRIVERS=$(printf '%s' "$2" | tr ',' ' '); shift ;;
        --vg) need_arg "$@"; VGS="$VGS $2"; shift ;;
        --user) need_arg "$@"; SD_USER=$2; shift ;;
        --backend) need_arg "$@"; BACKEND_URI=$2; shift ;;
        --lvmlockd) need_arg "$@"; LOCKD_HOST_ID=$2; [ -n "$2" ] || die "--lvmlockd takes this node's sanlock host_id (1-2000)"; shift ;;
        --lock-timeout) need_arg "$@"; LOCK_TIMEOUT=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done
[ -n "$MODE" ] || { usage >&2; exit 2; }
[ "$ONLY-$UNINSTALL" != files-1 ] || die "--uninstall goes with --only config (a package removes its own files)"
[ "$ONLY" != files ] || { NO_CDS=1; NO_DOCTOR=1; }
if [ -n "$LOCKD_HOST_ID" ] || [ -n "$LOCK_TIMEOUT" ]; then
    [ "$UNINSTALL" = 0 ] || die "--uninstall takes no --lvmlockd: it undoes whatever was set up"
    [ -n "$LOCKD_HOST_ID" ] || die "--lock-timeout goes with --lvmlockd HOST_ID"
    lvmlockd_check_args
fi
for _n in $VGS $HOSTS; do
    case $_n in -*|*[!A-Za-z0-9+_.:@-]*) die "bad name '$_n' in --vg/--host" ;; esac
done
if [ -z "$DESTDIR" ] && [ "$DRY_RUN" != 1 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (or with DESTDIR=<root> / --dry-run)"
fi
resolve_user

case $MODE-$UNINSTALL in
    frontend-0) frontend_install ;;
    frontend-1) frontend_uninstall ;;
    host-0) host_install ;;
    host-1) host_uninstall ;;
    cinder-0) cinder_install ;;
    cinder-1) cinder_uninstall ;;
esac
[ "$DOCTOR_FAILED" = 0 ] || exit 1
