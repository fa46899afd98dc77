#!/usr/bin/env bash
# Generates a Go client with oapi-codegen v2.8.2 (which reads OpenAPI 3.0) from the spec's 3.0 variant into
# build/clients/go/pubnubfiles (git-ignored), a module named pubnubfiles.local/pubnubfiles. Installs oapi-codegen
# into .cache/go on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOPATH="$PWD/.cache/go" GOMODCACHE="$PWD/.cache/go/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=local
[ -x .cache/go/bin/oapi-codegen ] || GOBIN="$PWD/.cache/go/bin" go install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2
npx tsx scripts/openapi-3.0.ts
rm -rf build/clients/go
mkdir -p build/clients/go/pubnubfiles
.cache/go/bin/oapi-codegen -generate types,client -package pubnubfiles \
  -o build/clients/go/pubnubfiles/client.gen.go build/openapi/pubnub-files.3.0.yaml
printf 'module pubnubfiles.local/pubnubfiles\n\ngo 1.26\n\nrequire github.com/oapi-codegen/runtime v1.9.0\n' > build/clients/go/pubnubfiles/go.mod
