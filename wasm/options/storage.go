//go:build js && wasm

package options

import (
	"errors"
	"syscall/js"
)

// Small helpers over chrome.storage. When the page runs outside the extension
// (no chrome.storage, e.g. opened from disk while developing) an in-memory
// store stands in so the UI still works.

var memStore = map[string]map[string]js.Value{"sync": {}, "local": {}}
var memListeners []func(changes js.Value, area string)

func storageArea(area string) (js.Value, bool) {
	chrome := js.Global().Get("chrome")
	if chrome.Type() != js.TypeObject || chrome.Get("storage").Type() != js.TypeObject {
		return js.Undefined(), false
	}
	a := chrome.Get("storage").Get(area)
	return a, a.Type() == js.TypeObject
}

// await blocks the calling goroutine until p settles. Never call it from a
// js.FuncOf callback directly: start a goroutine.
func await(p js.Value) (js.Value, error) {
	type settled struct {
		v   js.Value
		err error
	}
	ch := make(chan settled, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- settled{v: v}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "promise rejected"
		if len(args) > 0 {
			msg = jsString(args[0])
		}
		ch <- settled{err: errors.New(msg)}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	s := <-ch
	return s.v, s.err
}

func jsString(v js.Value) string {
	if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
		return v.Get("message").String()
	}
	return js.Global().Call("String", v).String()
}

// getKey returns area[key] (undefined when absent).
func getKey(area, key string) (js.Value, error) {
	a, ok := storageArea(area)
	if !ok {
		if v, ok := memStore[area][key]; ok {
			return v, nil
		}
		return js.Undefined(), nil
	}
	got, err := await(a.Call("get", key))
	if err != nil {
		return js.Undefined(), err
	}
	return got.Get(key), nil
}

// setKey stores v under key in area.
func setKey(area, key string, v js.Value) error {
	a, ok := storageArea(area)
	if !ok {
		old, had := memStore[area][key]
		memStore[area][key] = v
		memNotify(area, key, old, had, v, true)
		return nil
	}
	obj := js.Global().Get("Object").New()
	obj.Set(key, v)
	_, err := await(a.Call("set", obj))
	return err
}

// removeKey deletes key from area.
func removeKey(area, key string) error {
	a, ok := storageArea(area)
	if !ok {
		old, had := memStore[area][key]
		delete(memStore[area], key)
		memNotify(area, key, old, had, js.Undefined(), false)
		return nil
	}
	_, err := await(a.Call("remove", key))
	return err
}

func memNotify(area, key string, old js.Value, hadOld bool, v js.Value, hasNew bool) {
	ch := js.Global().Get("Object").New()
	c := js.Global().Get("Object").New()
	if hadOld {
		c.Set("oldValue", old)
	}
	if hasNew {
		c.Set("newValue", v)
	}
	ch.Set(key, c)
	for _, fn := range memListeners {
		go fn(ch, area)
	}
}

// onChanged calls fn (in its own goroutine) for every storage change.
func onChanged(fn func(changes js.Value, area string)) {
	if _, ok := storageArea("sync"); !ok {
		memListeners = append(memListeners, fn)
		return
	}
	js.Global().Get("chrome").Get("storage").Get("onChanged").Call("addListener",
		js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) >= 2 {
				changes, area := args[0], args[1].String()
				go fn(changes, area)
			}
			return nil
		}))
}

// toJSON serialises v ("" for undefined).
func toJSON(v js.Value) string {
	if v.IsUndefined() {
		return ""
	}
	return js.Global().Get("JSON").Call("stringify", v).String()
}

// fromJSON parses s into a JS value.
func fromJSON(s string) js.Value {
	return js.Global().Get("JSON").Call("parse", s)
}

// jsStrings converts a Go string slice to a JS array.
func jsStrings(list []string) js.Value {
	arr := js.Global().Get("Array").New(len(list))
	for i, s := range list {
		arr.SetIndex(i, s)
	}
	return arr
}
