#!/usr/bin/env bash
# Installs what `npm run test:foreign` needs, from pinned versions, into git-ignored folders of this checkout:
# .venv-foreign/ (Python packages of test/foreign/requirements.txt) and .cache/ (Maven, Go and pip downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache
export PIP_CACHE_DIR="$PWD/.cache/pip"
[ -x .venv-foreign/bin/python ] || python3 -m venv .venv-foreign
.venv-foreign/bin/pip install --disable-pip-version-check --quiet -r test/foreign/requirements.txt
# openapi-generator (validates the spec's OpenAPI 3.0 variant) from Maven Central, and oapi-codegen (the Go client).
OPENAPI_GENERATOR=7.25.0
[ -f ".cache/openapi-generator/openapi-generator-cli-$OPENAPI_GENERATOR.jar" ] ||
  mvn --batch-mode --quiet org.apache.maven.plugins:maven-dependency-plugin:2.8:copy -Dartifact="org.openapitools:openapi-generator-cli:$OPENAPI_GENERATOR" \
    -DoutputDirectory=.cache/openapi-generator -Dmaven.repo.local="$PWD/.cache/m2"
export GOPATH="$PWD/.cache/go" GOMODCACHE="$PWD/.cache/go/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=local
[ -x .cache/go/bin/oapi-codegen ] ||
  GOBIN="$PWD/.cache/go/bin" go install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2
