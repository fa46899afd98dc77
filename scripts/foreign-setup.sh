#!/usr/bin/env bash
# Installs what `npm run test:foreign` needs, from pinned versions, into git-ignored folders of this checkout:
# .venv-foreign/ (Python packages of test/foreign/requirements.txt) and .cache/ (download caches).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache
export PIP_CACHE_DIR="$PWD/.cache/pip"
[ -x .venv-foreign/bin/python ] || python3 -m venv .venv-foreign
.venv-foreign/bin/pip install --disable-pip-version-check --quiet -r test/foreign/requirements.txt
