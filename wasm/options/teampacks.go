//go:build js && wasm

package options

import (
	"strconv"
	"strings"
	"sync"
	"syscall/js"

	"github.com/alwaysbehelping/abh/wasm/teampack"
	"honnef.co/go/js/dom/v2"
)

// The "Team packs" section: subscribe by address (+ optional public key), and
// for every subscription its pack name, version, last sync, last error,
// source, "sync now" and unsubscribe. The person's subscriptions live in
// chrome.storage.local["abh:subscriptions"]; the organisation's policy in
// chrome.storage.managed (packUrl, publicKey); the sync state the background
// service worker keeps in chrome.storage.local["abh:teamPacks"].
//
// Stable hooks: #abh-teampacks, its input[name=url], input[name=publicKey],
// button#abh-subscribe and #abh-teampacks-msg; .abh-teampack[data-url]
// [data-source] with [data-field=name|version|lastSync|lastError|source|result]
// and button[data-action=sync-now|unsubscribe].

const subscriptionsKey = "abh:subscriptions"

type teamPacks struct {
	u      *ui
	urlIn  *dom.HTMLInputElement
	keyIn  *dom.HTMLInputElement
	msg    dom.Element
	list   dom.Element
	none   dom.Element
	mu     sync.Mutex        // serialises read-modify-write of the subscriptions
	result map[string]string // last "sync now" answer per address
	busy   map[string]bool
}

type subscription struct {
	URL, PublicKey, Source string
}

func (u *ui) renderTeamPacksSection() dom.Element {
	t := &teamPacks{u: u, result: map[string]string{}, busy: map[string]bool{}}
	u.tp = t
	s := section("abh-teampacks", "Team packs", "Rule packs your team lead publishes. They load after the built-in rules, are checked before use (signature, examples) and update by themselves every 15 minutes; if an update fails, the last good version stays in use.")
	form := el("form", "abh-subscribe")
	form.SetAttribute("novalidate", "")
	t.urlIn = input("abh-input abh-url")
	t.urlIn.SetType("url")
	t.urlIn.SetName("url")
	t.urlIn.SetPlaceholder("https://packs.example.com/v1/teams/acme/packs/acme-sales")
	t.urlIn.SetAttribute("aria-label", "Pack address")
	t.keyIn = input("abh-input abh-key")
	t.keyIn.SetType("text")
	t.keyIn.SetName("publicKey")
	t.keyIn.SetPlaceholder("Public key (optional): ed25519:…")
	t.keyIn.SetAttribute("aria-label", "Public key of the pack (optional)")
	t.keyIn.SetAttribute("spellcheck", "false")
	sub := button("", "Subscribe")
	sub.SetID("abh-subscribe")
	sub.SetType("submit")
	form.AppendChild(el("label", "abh-field", textEl("span", "", "Pack address"), t.urlIn))
	form.AppendChild(el("label", "abh-field", textEl("span", "", "Public key"), t.keyIn))
	form.AppendChild(sub)
	form.AddEventListener("submit", false, func(e dom.Event) {
		e.PreventDefault()
		go t.subscribe(t.urlIn.Value(), t.keyIn.Value())
	})
	s.AppendChild(form)
	t.msg = el("p", "abh-teampacks-msg")
	t.msg.SetID("abh-teampacks-msg")
	t.msg.SetAttribute("role", "status")
	t.msg.SetAttribute("aria-live", "polite")
	s.AppendChild(t.msg)
	t.list = el("ul", "abh-teampack-list")
	t.none = textEl("p", "abh-empty", "No team packs yet. Ask your team lead for the pack's address and public key.")
	s.AppendChild(t.list)
	s.AppendChild(t.none)
	return s
}

func (t *teamPacks) say(msg string, ok bool) {
	t.msg.SetTextContent(msg)
	t.msg.SetAttribute("data-ok", strconv.FormatBool(ok))
}

// readSubscriptions returns the stored subscriptions as plain values (the
// person's own only).
func readSubscriptions() ([]subscription, js.Value, error) {
	v, err := getKey("local", subscriptionsKey)
	if err != nil {
		return nil, v, err
	}
	var out []subscription
	if isArray(v) {
		for i := 0; i < v.Length(); i++ {
			s := v.Index(i)
			if s.Type() == js.TypeObject && s.Get("url").Type() == js.TypeString {
				out = append(out, subscription{URL: s.Get("url").String(), PublicKey: str(s.Get("publicKey")), Source: "user"})
			}
		}
	}
	return out, v, nil
}

func writeSubscriptions(subs []subscription) error {
	arr := js.Global().Get("Array").New()
	for _, s := range subs {
		o := js.Global().Get("Object").New()
		o.Set("url", s.URL)
		o.Set("publicKey", s.PublicKey)
		o.Set("source", "user")
		arr.Call("push", o)
	}
	return setKey("local", subscriptionsKey, arr)
}

// policySubscription reads the organisation's policy (none outside a managed
// browser).
func policySubscription() (subscription, bool) {
	chrome := js.Global().Get("chrome")
	if chrome.Type() != js.TypeObject || chrome.Get("storage").Type() != js.TypeObject || chrome.Get("storage").Get("managed").Type() != js.TypeObject {
		return subscription{}, false
	}
	v, err := await(chrome.Get("storage").Get("managed").Call("get", js.Null()))
	if err != nil || v.Type() != js.TypeObject || v.Get("packUrl").Type() != js.TypeString {
		return subscription{}, false
	}
	return subscription{URL: strings.TrimSpace(v.Get("packUrl").String()), PublicKey: strings.TrimSpace(str(v.Get("publicKey"))), Source: "policy"}, true
}

func (t *teamPacks) subscribe(rawURL, key string) {
	url, key, err := teampack.CheckSubscription(rawURL, key)
	if err != nil {
		t.say(capitalise(err.Error())+".", false)
		return
	}
	t.mu.Lock()
	subs, _, err := readSubscriptions()
	if err == nil {
		if pol, ok := policySubscription(); ok && pol.URL == url {
			t.mu.Unlock()
			t.say("Your organisation's policy already subscribes to this pack.", false)
			return
		}
		for _, s := range subs {
			if s.URL == url {
				t.mu.Unlock()
				t.say("You are already subscribed to this pack.", false)
				return
			}
		}
		err = writeSubscriptions(append(subs, subscription{URL: url, PublicKey: key, Source: "user"}))
	}
	t.mu.Unlock()
	if err != nil {
		t.say("Could not save the subscription: "+err.Error(), false)
		return
	}
	t.urlIn.SetValue("")
	t.keyIn.SetValue("")
	t.say("Subscribed. Fetching the pack…", true)
	msg, ok := t.syncNow(url)
	if ok {
		t.say("Subscribed. "+msg, true)
	} else {
		t.say("Subscribed, but the pack is not loaded yet: "+msg, false)
	}
}

func (t *teamPacks) unsubscribe(url string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	subs, _, err := readSubscriptions()
	if err != nil {
		t.say("Could not read the subscriptions: "+err.Error(), false)
		return
	}
	out := subs[:0]
	for _, s := range subs {
		if s.URL != url {
			out = append(out, s)
		}
	}
	if err := writeSubscriptions(out); err != nil {
		t.say("Could not unsubscribe: "+err.Error(), false)
		return
	}
	delete(t.result, url)
	t.say("Unsubscribed from "+url+".", true)
	t.refresh()
}

// syncNow asks the background service worker to sync url now and returns
// what happened in plain words.
func (t *teamPacks) syncNow(url string) (string, bool) {
	rt := js.Global().Get("chrome")
	if rt.Type() == js.TypeObject {
		rt = rt.Get("runtime")
	}
	if rt.Type() != js.TypeObject || rt.Get("sendMessage").Type() != js.TypeFunction {
		return "syncing needs the extension's background (open this page from the extension)", false
	}
	msg := js.Global().Get("Object").New()
	msg.Set("type", "abh-sync-now")
	msg.Set("url", url)
	t.busy[url] = true
	t.refresh()
	res, err := await(rt.Call("sendMessage", msg))
	delete(t.busy, url)
	var text string
	ok := false
	switch {
	case err != nil:
		text = "the background did not answer: " + err.Error()
	case res.Type() != js.TypeObject || !res.Get("ok").Truthy():
		text = "sync failed: " + str(res.Get("error"))
	default:
		text, ok = "nothing to sync", true
		rs := res.Get("results")
		for i := 0; isArray(rs) && i < rs.Length(); i++ {
			r := rs.Index(i)
			if str(r.Get("url")) != url {
				continue
			}
			name, version := str(r.Get("name")), str(r.Get("version"))
			switch str(r.Get("status")) {
			case "updated":
				text = "Loaded " + name + " version " + version + "."
			case "unchanged":
				text = "Up to date (" + name + " version " + version + ")."
			default:
				text, ok = str(r.Get("error")), false
			}
		}
	}
	t.result[url] = text
	t.refresh()
	return text, ok
}

// refresh re-reads subscriptions, policy and sync state and redraws the list.
func (t *teamPacks) refresh() {
	subs, _, err := readSubscriptions()
	if err != nil {
		t.say("Could not read the subscriptions: "+err.Error(), false)
		return
	}
	if pol, ok := policySubscription(); ok && pol.URL != "" {
		subs = append([]subscription{pol}, subs...)
	}
	entries, err := getKey("local", teamPacksKey)
	if err != nil {
		t.say("Could not read the team packs: "+err.Error(), false)
		return
	}
	byURL := map[string]js.Value{}
	if isArray(entries) {
		for i := 0; i < entries.Length(); i++ {
			e := entries.Index(i)
			if e.Type() == js.TypeObject {
				byURL[str(e.Get("url"))] = e
			}
		}
	}
	clear(t.list)
	seen := map[string]bool{}
	for _, s := range subs {
		if seen[s.URL] {
			continue
		}
		seen[s.URL] = true
		t.list.AppendChild(t.renderItem(s, byURL[s.URL]))
	}
	setHidden(t.none, len(seen) > 0)
}

func (t *teamPacks) renderItem(s subscription, e js.Value) dom.Element {
	li := el("li", "abh-teampack")
	li.SetAttribute("data-url", s.URL)
	li.SetAttribute("data-source", s.Source)
	has := e.Type() == js.TypeObject
	name, version, lastErr := "", "", ""
	var lastSync, nextRetry float64
	if has {
		if e.Get("pack").Type() == js.TypeObject {
			name, version = str(e.Get("name")), str(e.Get("version"))
		}
		lastErr = str(e.Get("lastError"))
		lastSync = num(e.Get("lastSync"))
		nextRetry = num(e.Get("nextRetryAt"))
	}
	nameEl := textEl("strong", "abh-teampack-name", name)
	if name == "" {
		nameEl.SetTextContent("(not loaded yet)")
	}
	nameEl.SetAttribute("data-field", "name")
	nameEl.SetAttribute("data-value", name)
	verEl := textEl("span", "abh-teampack-version", "")
	verEl.SetAttribute("data-field", "version")
	verEl.SetAttribute("data-value", version)
	if version != "" {
		verEl.SetTextContent("version " + version)
	}
	syncEl := textEl("span", "abh-teampack-sync", "never synced")
	syncEl.SetAttribute("data-field", "lastSync")
	syncEl.SetAttribute("data-value", strconv.FormatFloat(lastSync, 'f', 0, 64))
	if lastSync > 0 {
		syncEl.SetTextContent("last synced " + when(lastSync))
	}
	srcText := "added by you"
	if s.Source == "policy" {
		srcText = "from your organisation's policy"
	}
	srcEl := textEl("span", "abh-teampack-source", srcText)
	srcEl.SetAttribute("data-field", "source")
	srcEl.SetAttribute("data-value", s.Source)

	head := el("div", "abh-teampack-head", nameEl, txt(" "), verEl, txt(" · "), syncEl, txt(" · "), srcEl)
	li.AppendChild(head)
	li.AppendChild(textEl("code", "abh-teampack-url", s.URL))
	if s.PublicKey != "" {
		k := textEl("p", "abh-teampack-key", "Signed packs only (key "+short(s.PublicKey)+")")
		li.AppendChild(k)
	}
	errEl := textEl("p", "abh-teampack-error", lastErr)
	errEl.SetAttribute("data-field", "lastError")
	errEl.SetAttribute("role", "alert")
	setHidden(errEl, lastErr == "")
	if lastErr != "" && nextRetry > 0 {
		errEl.SetTextContent(lastErr + " Next try " + when(nextRetry) + ".")
	}
	li.AppendChild(errEl)
	resEl := textEl("p", "abh-teampack-result", t.result[s.URL])
	resEl.SetAttribute("data-field", "result")
	setHidden(resEl, t.result[s.URL] == "")
	li.AppendChild(resEl)

	acts := el("div", "abh-actions")
	url := s.URL
	syncB := button("abh-secondary", "Sync now")
	syncB.SetAttribute("data-action", "sync-now")
	if t.busy[url] {
		syncB.SetTextContent("Syncing…")
		syncB.SetDisabled(true)
	}
	syncB.AddEventListener("click", false, func(dom.Event) { go t.syncNow(url) })
	acts.AppendChild(syncB)
	if s.Source != "policy" {
		un := button("abh-secondary", "Unsubscribe")
		un.SetAttribute("data-action", "unsubscribe")
		un.AddEventListener("click", false, func(dom.Event) { go t.unsubscribe(url) })
		acts.AppendChild(un)
	} else {
		acts.AppendChild(textEl("span", "abh-note", "Set by your organisation; it cannot be removed here."))
	}
	li.AppendChild(acts)
	return li
}

func isArray(v js.Value) bool {
	return v.Type() == js.TypeObject && js.Global().Get("Array").Call("isArray", v).Bool()
}

func str(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func num(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}

// when formats a ms epoch in the person's locale.
func when(ms float64) string {
	return js.Global().Get("Date").New(ms).Call("toLocaleString").String()
}

func short(key string) string {
	key = strings.TrimPrefix(key, "ed25519:")
	if len(key) > 10 {
		return key[:10] + "…"
	}
	return key
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
