#!/usr/bin/env bash
echo "demo: not yet (the drivers are being built)"
"$(dirname -- "$0")/demo-linstor.sh"
