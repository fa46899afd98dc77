#!/usr/bin/env bash
# Generates a TypeScript client (fetch) from the spec with @hey-api/openapi-ts (a pinned devDependency) into
# build/clients/typescript (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/clients/typescript
npx openapi-ts --input ./openapi/pubnub-files.yaml --output ./build/clients/typescript
