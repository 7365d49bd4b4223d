#!/bin/sh
# scripts/build-deb.sh: the Debian packages, in one command (docs/development.md, "Debian packages").
#
#   scripts/build-deb.sh [--version VERSION] [--out DIR] [--offline] [--no-lintian]
#
# Builds the source package and its five binary packages from a copy of this checkout (tracked
# and new files; never the build output), runs lintian on them, and leaves them in DIR
# (default dist/deb). The version is debian/changelog's; --version adds a changelog entry for
# VERSION to the copy (the checkout is not touched: tests build two versions to upgrade).
# The jars say the same version and the git commit (`java -jar ... --version`).
# --offline: Maven resolves from ~/.m2 only (after any build of this checkout).
set -eu
cd "$(dirname "$0")/.."
REPO=$PWD
VERSION= OUT=$REPO/dist/deb MVN_ARGS= LINTIAN=1

die() { printf 'build-deb.sh: %s\n' "$*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case $1 in
        --version) [ $# -ge 2 ] || die "--version needs a value"; VERSION=$2; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a value"; OUT=$2; shift ;;
        --offline) MVN_ARGS=-o ;;
        --no-lintian) LINTIAN=0 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done
case $VERSION in *[!A-Za-z0-9.+~-]*) die "bad version '$VERSION'" ;; esac
command -v dpkg-buildpackage >/dev/null || die "dpkg-buildpackage not found (apt-get install dpkg-dev debhelper)"

COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || COMMIT=$COMMIT+dirty
WORK=$(mktemp -d /tmp/sd-build-deb.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SRC=$WORK/storage-drivers
mkdir -p "$SRC"
git ls-files -z --cached --others --exclude-standard | (cd "$REPO" && xargs -0 cp -P --parents -t "$SRC" 2>/dev/null) \
    || die "could not copy the checkout"
echo "$COMMIT" > "$SRC/debian/commit"
if [ -n "$VERSION" ]; then
    { printf 'storage-drivers (%s) unstable; urgency=medium\n\n  * Build %s of commit %s.\n\n -- %s  %s\n\n' \
        "$VERSION" "$VERSION" "$COMMIT" "$(sed -n 's/^ -- \(.*>\)  .*/\1/p' "$SRC/debian/changelog" | head -n 1)" \
        "$(date -R)"; cat "$SRC/debian/changelog"; } > "$WORK/changelog"
    mv "$WORK/changelog" "$SRC/debian/changelog"
fi
VERSION=$(cd "$SRC" && dpkg-parsechangelog -SVersion)

echo "building storage-drivers $VERSION (commit $COMMIT) in $SRC" >&2
# the system Python and Java (pybuild builds for /usr/bin/python3; not a pyenv or SDKMAN one)
(cd "$SRC" && PATH=/usr/sbin:/usr/bin:/sbin:/bin SD_COMMIT=$COMMIT SD_MVN_ARGS=$MVN_ARGS dpkg-buildpackage -us -uc -tc >"$WORK/build.log" 2>&1) || {
    tail -n 40 "$WORK/build.log" >&2
    die "dpkg-buildpackage failed (last lines above)"
}
mkdir -p "$OUT"
CHANGES=$WORK/storage-drivers_${VERSION}_amd64.changes
[ -f "$CHANGES" ] || CHANGES=$(ls "$WORK"/storage-drivers_"$VERSION"_*.changes | head -n 1)
for f in $(sed -n '/^Files:/,/^[^ ]/s/^ [0-9a-f]* [0-9]* [^ ]* [^ ]* //p' "$CHANGES") "${CHANGES##*/}"; do
    cp "$WORK/$f" "$OUT/"
done
rc=0
if [ "$LINTIAN" = 1 ]; then
    # every tag at warning level or above fails; the rest is listed (overrides say why in debian/)
    lintian --fail-on error,warning --display-info "$OUT/${CHANGES##*/}" >&2 || rc=$?
    [ "$rc" = 0 ] && echo "lintian: clean (no error or warning)" >&2
fi
ls "$OUT"/*_"$VERSION"_*.deb
exit "$rc"
