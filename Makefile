# Always Be Helping — make targets. `make run` checks a sample message with
# the built-in pack; `make test` runs every test.
GO ?= go

.PHONY: run test build packs bench vet fmt-check

run: build
	@echo "== abh check on testdata/pushy.txt with the built-in pack =="
	@$(GO) run ./cmd/abh check cmd/abh/testdata/pushy.txt || true

build: packs
	$(GO) build -o bin/abh ./cmd/abh

# Compile the authored built-in pack to the JSON the engine embeds.
packs:
	$(GO) run ./cmd/abh pack build packs/always-be-helping.yaml -o packs/always-be-helping.json

test: fmt-check vet
	$(GO) run ./cmd/abh pack test packs/always-be-helping.yaml
	$(GO) test ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on: $$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./rules/
