#!/usr/bin/env bash
echo "demo: not yet (the drivers are being built)"
