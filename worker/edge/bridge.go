//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"syscall/js"

	"github.com/syumai/workers"
)

// serveForever registers binding.serve(request, done) for worker/entry.mjs
// and never returns. request is a plain object {method, url, headers:
// [[name, value], ...], body: Uint8Array | null} that the entry made from
// the Request (the body already read, capped at the entry's limit); done is
// called once with {status, headers: [[name, value], ...], body: Uint8Array}.
// The handler runs in a goroutine so it can wait for D1's promises.
func serveForever(binding js.Value, h http.Handler) {
	serve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 {
			panic("serve(request, done) needs two arguments")
		}
		reqObj, done := args[0], args[1]
		go func() {
			done.Invoke(serveOne(h, reqObj))
		}()
		return js.Undefined()
	})
	binding.Set("serve", serve)
	workers.Ready()
	select {}
}

func serveOne(h http.Handler, reqObj js.Value) (result js.Value) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Printf("edge: panic: %v\n", v)
			result = response(http.StatusInternalServerError, http.Header{"Content-Type": {"application/json; charset=utf-8"}},
				[]byte(`{"error":{"code":"internal","message":"internal error; try again later","details":[]}}`+"\n"))
		}
	}()
	var body []byte
	if b := reqObj.Get("body"); !b.IsNull() && !b.IsUndefined() {
		body = make([]byte, b.Get("byteLength").Int())
		js.CopyBytesToGo(body, b)
	}
	req, err := http.NewRequestWithContext(context.Background(), reqObj.Get("method").String(), reqObj.Get("url").String(), bytes.NewReader(body))
	if err != nil {
		return response(http.StatusBadRequest, http.Header{"Content-Type": {"application/json; charset=utf-8"}},
			[]byte(`{"error":{"code":"bad_request","message":"malformed request","details":[]}}`+"\n"))
	}
	hs := reqObj.Get("headers")
	for i, n := 0, hs.Length(); i < n; i++ {
		kv := hs.Index(i)
		req.Header.Add(kv.Index(0).String(), kv.Index(1).String())
	}
	req.ContentLength = int64(len(body))
	if cl, err := strconv.ParseInt(req.Header.Get("Content-Length"), 10, 64); err == nil && cl > req.ContentLength {
		req.ContentLength = cl // the entry capped the body; let the handler see the declared size
	}
	req.Host = req.URL.Host
	w := &recorder{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return response(w.status, w.header, w.body.Bytes())
}

func response(status int, header http.Header, body []byte) js.Value {
	obj := js.Global().Get("Object").New()
	obj.Set("status", status)
	pairs := make([]any, 0, len(header))
	for k, vs := range header {
		for _, v := range vs {
			pairs = append(pairs, []any{k, v})
		}
	}
	obj.Set("headers", pairs)
	arr := js.Global().Get("Uint8Array").New(len(body))
	js.CopyBytesToJS(arr, body)
	obj.Set("body", arr)
	return obj
}

// recorder is a buffering http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
