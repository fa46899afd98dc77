#!/usr/bin/env bash
# Generates a Python client from the spec with openapi-python-client (pinned in test/foreign/requirements.txt) into
# build/clients/python/pubnub_files_client (git-ignored). Needs scripts/foreign-setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/clients/python
PATH="$PWD/.venv-foreign/bin:$PATH" openapi-python-client generate --path openapi/pubnub-files.yaml \
  --output-path build/clients/python/pubnub_files_client --meta none --overwrite
