# Always Be Helping — make targets.
#   make run    build everything and check a sample pushy message
#   make test   every test: Go (unit, golden, fuzz seeds, pack examples, corpus)
#               and the browser end-to-end suite in headless Chromium
GO ?= go
NODE_MODULES := node_modules/.package-lock.json

.PHONY: run test build packs extension bench vet fmt-check test-go test-e2e test-worker deps package

run: build
	@echo "== abh check cmd/abh/testdata/pushy-demo.txt (built-in pack) =="
	@bin/abh check cmd/abh/testdata/pushy-demo.txt || true

build: packs extension
	$(GO) build -o bin/abh ./cmd/abh

# Compile the authored built-in pack to the JSON the engine embeds.
packs:
	$(GO) run ./cmd/abh pack build packs/always-be-helping.yaml -o packs/always-be-helping.json

# The engine as WebAssembly (extension/build/), so the repository root loads
# as an unpacked extension.
extension:
	bash scripts/build-extension.sh

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
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

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on: $$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./rules/
	bash scripts/bench-wasm.sh
	node scripts/bench-latency.mjs
