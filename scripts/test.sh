#!/usr/bin/env bash
# Placeholder until the test-bed work lands: unit tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q verify
echo "unit tests passed"
