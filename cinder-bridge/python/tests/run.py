"""Runs the suite once per backend and prints one summary line.

    /usr/bin/python3 tests/run.py sim linstor lvm sim:unix

``BACKEND:unix`` runs it with the bridge on a Unix socket (the driver's
bridge_url is then unix:///path). CINDER_BRIDGE_TEST_PATTERN (default
test*.py) picks the test files.

Each backend runs in its own interpreter (Cinder's test base keeps global
state). Exit status 0 only when every test passed.
"""

import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_one(spec):
    """In-process: run every test against ``spec`` (BACKEND or
    BACKEND:unix); print counts."""
    backend, _sep, listen = spec.partition(':')
    os.environ['CINDER_BRIDGE_TEST_BACKEND'] = backend
    os.environ['CINDER_BRIDGE_TEST_LISTEN'] = listen or 'tcp'
    sys.path.insert(0, ROOT)
    pattern = os.environ.get('CINDER_BRIDGE_TEST_PATTERN') or 'test*.py'
    suite = unittest.defaultTestLoader.discover(HERE, pattern=pattern,
                                                top_level_dir=ROOT)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + \
        len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print('COUNTS %s %d %d %d' % (spec, passed, failed, skipped))
    return 0 if failed == 0 and result.testsRun > 0 else 1


def main(backends):
    totals = [0, 0, 0]
    for backend in backends:
        print('=== cinder driver tests on backend: %s' % backend, flush=True)
        proc = subprocess.run([sys.executable, __file__, '--one', backend],
                              cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        sys.stdout.write(proc.stdout)
        m = re.search(r'^COUNTS \S+ (\d+) (\d+) (\d+)$', proc.stdout, re.M)
        counts = [int(x) for x in m.groups()] if m else [0, 1, 0]
        if proc.returncode != 0 and counts[1] == 0:
            counts[1] = 1  # crashed before reporting
        print('cinder[%s]: %d passed, %d failed, %d skipped' % (
            backend, *counts), flush=True)
        totals = [a + b for a, b in zip(totals, counts)]
    print('%d passed, %d failed, %d skipped' % tuple(totals))
    return 0 if totals[1] == 0 and totals[0] > 0 else 1


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--one':
        sys.exit(run_one(sys.argv[2]))
    sys.exit(main(sys.argv[1:] or ['sim']))
