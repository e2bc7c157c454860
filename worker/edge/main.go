//go:build js && wasm

// Command edge is the worker program for the Workers runtime: the API v1
// handler of package worker over Cloudflare D1 (binding "DB", through
// github.com/syumai/workers/cloudflare/d1).
//
// Two entries can start it:
//   - worker/entry.mjs keeps ONE Go instance per isolate and marks its
//     runtime context {persistent: true}. The program then registers its own
//     binding.serve (bridge.go) and serves every later request without
//     exiting. (syumai's handleRequest cannot be reused: its response
//     closes a package-level channel, so a second request panics.)
//   - syumai's generated build/worker.mjs starts a new instance per request:
//     the program then serves that one request with workers.Serve and
//     exits, as that entry expects. scripts/worker-load.sh measures both.
package main

import (
	"database/sql"
	"log"
	"syscall/js"

	"github.com/alwaysbehelping/abh/worker"
	"github.com/alwaysbehelping/abh/worker/sqlstore"
	"github.com/syumai/workers"
	_ "github.com/syumai/workers/cloudflare/d1"
)

func main() {
	db, err := sql.Open("d1", "DB")
	if err != nil {
		log.Fatalf("edge: opening D1 binding DB: %v", err)
	}
	// Open a fresh connection (a lookup of env.DB in the current runtime
	// context) for every query rather than keep one from an old request.
	db.SetMaxIdleConns(0)
	h := worker.New(sqlstore.New(db), worker.Options{})
	runtime := js.Global().Get("context")
	if runtime.Get("persistent").Truthy() {
		serveForever(runtime.Get("binding"), h)
	}
	workers.Serve(h)
}
