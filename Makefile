# Always Be Helping — make targets.
#   make run    the whole product: build, start the rule-pack worker, publish a
#               team pack, open Chromium with the extension on a demo Gmail
#               compose window (headless without DISPLAY: screenshots in out/)
#   make test   every test: Go (unit, golden, fuzz seeds, pack examples, corpus)
#               and the browser end-to-end suite in headless Chromium
GO ?= go
NODE_MODULES := node_modules/.package-lock.json
# make run PORT=8800: the worker's port (default 8787, or any free one).
PORT ?=
VERSION := $(shell sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' manifest.json | head -1)

.PHONY: run screenshot test build packs extension bench vet fmt-check test-go test-e2e test-worker deps package

run:
	@PORT="$(PORT)" GO="$(GO)" bash scripts/run.sh

# Regenerates docs/screenshot.png (the README's picture) from the headless demo.
screenshot:
	@PORT="$(PORT)" GO="$(GO)" ABH_DEMO_HEADLESS=1 ABH_DEMO_SCREENSHOT=docs/screenshot.png bash scripts/run.sh

# The extension as a zip for "Load unpacked" or the Chrome Web Store: the
# manifest, extension/ without tests, and the three built engine files.
package: extension
	@rm -rf dist/pkg && mkdir -p dist/pkg/extension/build
	@cp manifest.json dist/pkg/
	@cd extension && find . -path ./build -prune -o -type f ! -name '*.test.*' ! -name '*_test.*' -print | \
		while read -r f; do mkdir -p "../dist/pkg/extension/$$(dirname "$$f")" && cp "$$f" "../dist/pkg/extension/$$f"; done
	@cp extension/build/abh.wasm extension/build/abh-full.wasm extension/build/wasm_exec.js dist/pkg/extension/build/
	@rm -f dist/always-be-helping-$(VERSION).zip
	@cd dist/pkg && zip -q -r -X ../always-be-helping-$(VERSION).zip .
	@rm -rf dist/pkg
	@echo "dist/always-be-helping-$(VERSION).zip ($$(wc -c < dist/always-be-helping-$(VERSION).zip) bytes): unzip it and load the folder at chrome://extensions (Developer mode → Load unpacked)"

build: packs extension
	$(GO) build -o bin/abh ./cmd/abh

# Compile the authored built-in pack to the JSON the engine embeds.
packs:
	$(GO) run ./cmd/abh pack build packs/always-be-helping.yaml -o packs/always-be-helping.json
	$(GO) run ./packs/genlean

# The engine as WebAssembly (extension/build/), so the repository root loads
# as an unpacked extension.
extension:
	bash scripts/build-extension.sh

# npm ci refuses our lockfile: it lacks wrangler's macOS/Windows workerd
# builds, which the registry reachable here does not serve. npm install
# --no-save installs the locked versions and leaves the lockfile as it is.
$(NODE_MODULES): package.json package-lock.json
	npm install --no-save --no-audit --no-fund
	@touch $@

deps: $(NODE_MODULES)

test: test-go test-e2e test-worker

test-go: fmt-check vet
	$(GO) run ./cmd/abh pack test packs/always-be-helping.yaml
	$(GO) test ./...

test-e2e: deps extension
	node --test --test-concurrency=1 scripts/e2e/

# The edge worker under wrangler dev with local D1: publish, fetch, 304,
# tokens, bad pack, rollback.
test-worker: deps
	node --test scripts/worker/worker.test.mjs

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	GOOS=js GOARCH=wasm $(GO) vet -tags abh_frame ./wasm/ ./packs/

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on: $$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./rules/
	bash scripts/bench-wasm.sh
	node scripts/bench-latency.mjs
