#!/bin/sh
# Docs checks (run by scripts/test.sh with the other test.d suites; needs only python3):
#   - README.md stays at most 10 KB and links every docs/*.md (its map of the docs; a file
#     missing from the map is a warning only);
#   - every relative link in README.md and docs/*.md reaches a file, and its #anchor a heading;
#   - every file under examples/ is named by a test (Java or Python), so none is left unread;
#   - every Java, Python or shell file the docs name (e.g. the call paths in architecture.md)
#     exists in the tree.
# Prints one line per problem and "docs: N checks, N failed"; exits non-zero on a problem.
set -eu
cd "$(dirname "$0")/../.."
exec python3 - <<'EOF'
import os, re, subprocess, sys

problems, checks = [], 0

def check(ok, msg):
    global checks
    checks += 1
    if not ok:
        problems.append(msg)
        print('docs: FAIL ' + msg)

tracked = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard'],
                         capture_output=True, text=True, check=True).stdout.split('\n')
tracked = [t for t in tracked if t and os.path.exists(t)]
docs = sorted(t for t in tracked if re.fullmatch(r'docs/[^/]+\.md', t))
readme = open('README.md', encoding='utf-8').read()

check(len(readme.encode()) <= 10 * 1024, 'README.md is %d bytes (at most 10 KB)' % len(readme.encode()))
for d in docs:
    # a warning, not a failure: topic files land from branches that may not edit README.md;
    # the docs owner adds them to the map
    if '](%s' % d not in readme:
        print('docs: WARN README.md does not link %s yet (add it to the map)' % d)


def slug(heading):
    s = re.sub(r'[^\w\- ]', '', heading.strip().lower())
    return s.replace(' ', '-')


def anchors(path):
    out, fence = set(), False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'):
            fence = not fence
        elif not fence and line.startswith('#'):
            out.add(slug(line.lstrip('#')))
    return out

for md in ['README.md'] + docs:
    text = open(md, encoding='utf-8').read()
    for target in re.findall(r'\]\(([^)\s]+)\)', text):
        if re.match(r'[a-z]+:', target):
            continue
        path, _, anchor = target.partition('#')
        full = os.path.normpath(os.path.join(os.path.dirname(md), path)) if path else md
        check(os.path.exists(full), '%s links %s: no such file' % (md, target))
        if anchor and full.endswith('.md') and os.path.exists(full):
            check(anchor in anchors(full), '%s links %s: no such heading' % (md, target))

tests = [t for t in tracked if ('/src/test/' in t and t.endswith('.java'))
         or re.search(r'/python/tests/.*\.py$', t) or t.startswith('scripts/test.d/')]
test_text = '\n'.join(open(t, encoding='utf-8', errors='replace').read() for t in tests)
for ex in (t for t in tracked if t.startswith('examples/')):
    check(os.path.basename(ex) in test_text, '%s is not loaded by any test' % ex)

names = {os.path.basename(t) for t in tracked}
for md in ['README.md'] + docs:
    text = open(md, encoding='utf-8').read()
    for token in sorted(set(re.findall(r'[$\w./…-]*\.(?:java|py|sh)\b', text))):
        ref = token.split('/')[-1]
        if token.startswith('$') or ref.startswith('.'):
            continue  # generated at run time ($TB_DIR/env.sh), or a pattern (test.d/*.sh)
        check(ref in names, '%s names %s, which is not in the tree' % (md, token))

print('docs: %d checks, %d failed' % (checks, len(problems)))
sys.exit(1 if problems else 0)
EOF
