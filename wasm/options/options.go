//go:build js && wasm

// Package options renders the extension's options page (extension/options.html)
// from Go with honnef.co/go/js/dom/v2: the rule browser with per-rule and
// per-category switches, the "try a message" playground, the ignored phrases
// and reset. Preferences live in chrome.storage.sync["abh:settings"] (the
// contract's Settings object); team packs are read from
// chrome.storage.local["abh:teamPacks"]. Every change made anywhere shows up
// here at once through chrome.storage.onChanged.
//
// Stable hooks for tests: #abh-options[data-state=ready] once settings are
// loaded; #abh-rules .abh-category[data-category] with
// input.abh-category-toggle; .abh-rule[data-rule] with input.abh-rule-toggle;
// #abh-playground textarea, .abh-preview .abh-mark[data-rule][data-category],
// .abh-finding[data-rule] with button[data-action=apply|ignore|disable-rule],
// .abh-score[data-score]; #abh-ignored .abh-ignored-item[data-phrase] with
// button.abh-unignore; #abh-reset and #abh-undo; the team packs section's
// hooks are listed in teampacks.go.
package options

import (
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/wasm/bridge"
	"honnef.co/go/js/dom/v2"
)

const (
	settingsKey  = "abh:settings"
	teamPacksKey = "abh:teamPacks"
	debounce     = 120 * time.Millisecond
)

const sampleMessage = `Hi Sam,

Just checking in to see if you had a chance to look at my last email. I'd love to jump on a quick call this week — only 3 spots left at this price, so act now!

Best,
Alex`

// doc is set by Start: the engine also runs where there is no document.
var doc dom.Document

type ui struct {
	b    *bridge.Bridge
	root dom.Element

	settings     bridge.Settings
	settingsJSON []byte
	writeMu      sync.Mutex // serialises read-modify-write of the settings

	packsBox    dom.Element
	rulesBox    dom.Element
	filter      *dom.HTMLInputElement
	ruleCount   dom.Element
	catEls      map[string]dom.Element
	catToggles  map[string]*dom.HTMLInputElement
	ruleEls     map[string]dom.Element
	ruleToggles map[string]*dom.HTMLInputElement
	ruleInfo    map[string]rules.RuleInfo

	textarea    *dom.HTMLTextAreaElement
	preview     dom.Element
	findingsBox dom.Element
	score       dom.Element
	reasons     dom.Element
	metrics     dom.Element
	timer       *time.Timer
	lastText    string
	last        rules.Result

	ignoredList dom.Element
	ignoredNone dom.Element
	status      dom.Element
	statusTimer *time.Timer
	teamErr     string

	tp *teamPacks // the "Team packs" section (teampacks.go)
}

// Start renders the options UI into #abh-options and loads the settings and
// team packs in the background; #abh-options gets data-state="ready" when
// both are applied.
func Start(b *bridge.Bridge) {
	doc = dom.GetWindow().Document()
	root := doc.GetElementByID("abh-options")
	if root == nil {
		return
	}
	u := &ui{b: b, root: root, settingsJSON: []byte("{}")}
	root.SetAttribute("data-state", "loading")
	u.render()
	go u.load()
}

// load reads settings and team packs, applies them and then follows changes.
func (u *ui) load() {
	onChanged(u.onStorageChanged)
	u.tp.refresh()
	if v, err := getKey("local", teamPacksKey); err == nil {
		u.applyTeamPacks(v)
	} else {
		u.setStatus("Could not read team packs: "+err.Error(), false)
	}
	if v, err := getKey("sync", settingsKey); err == nil {
		u.applySettings(v)
	} else {
		u.setStatus("Could not read settings: "+err.Error(), false)
		u.applySettings(js.Undefined())
	}
	u.root.SetAttribute("data-state", "ready")
}

func (u *ui) onStorageChanged(changes js.Value, area string) {
	switch {
	case area == "sync" && changes.Get(settingsKey).Truthy():
		u.applySettings(changes.Get(settingsKey).Get("newValue"))
	case area == "local" && changes.Get(teamPacksKey).Truthy():
		u.applyTeamPacks(changes.Get(teamPacksKey).Get("newValue"))
		u.syncSwitches()
		u.analyzeNow()
		u.tp.refresh()
	case area == "local" && changes.Get(subscriptionsKey).Truthy(), area == "managed":
		u.tp.refresh()
	}
}

// ---- settings -------------------------------------------------------------

// applySettings takes a stored settings value (undefined = defaults) and
// brings every switch, the ignored list and the playground up to date.
func (u *ui) applySettings(v js.Value) {
	raw := toJSON(v)
	s, err := bridge.ParseSettings([]byte(raw))
	if err != nil {
		u.setStatus("Stored settings are unreadable; using defaults. "+err.Error(), false)
		s, raw = bridge.Settings{}, "{}"
	}
	if raw == "" {
		raw = "{}"
	}
	u.settings, u.settingsJSON = s, []byte(raw)
	u.syncSwitches()
	u.renderIgnored()
	u.analyzeNow()
}

// updateSettings re-reads the stored settings, lets fn change them and
// writes back the fields the engine knows (unknown fields, disabledSites and
// snoozeUntil are kept as stored). Runs in its own goroutine.
func (u *ui) updateSettings(fn func(s *bridge.Settings)) {
	go func() {
		u.writeMu.Lock()
		defer u.writeMu.Unlock()
		cur, err := getKey("sync", settingsKey)
		if err != nil {
			u.setStatus("Could not read settings: "+err.Error(), false)
			return
		}
		s, _ := bridge.ParseSettings([]byte(toJSON(cur)))
		fn(&s)
		obj := js.Global().Get("Object").New()
		if cur.Type() == js.TypeObject {
			obj = js.Global().Get("Object").Call("assign", obj, cur)
		}
		obj.Set("disabledRules", jsStrings(s.DisabledRules))
		obj.Set("disabledCategories", jsStrings(s.DisabledCategories))
		obj.Set("ignored", jsStrings(s.Ignored))
		if err := setKey("sync", settingsKey, obj); err != nil {
			u.setStatus("Could not save settings: "+err.Error(), false)
		}
	}()
}

// applyTeamPacks loads the compiled packs of the stored team subscriptions.
func (u *ui) applyTeamPacks(v js.Value) {
	packs := js.Global().Get("Array").New()
	if v.Type() == js.TypeObject && js.Global().Get("Array").Call("isArray", v).Bool() {
		for i := 0; i < v.Length(); i++ {
			if p := v.Index(i); p.Type() == js.TypeObject && p.Get("pack").Type() == js.TypeObject {
				packs.Call("push", p.Get("pack"))
			}
		}
	}
	gen := u.b.Generation()
	u.teamErr = ""
	if err := u.b.SetTeamPacks([]byte(toJSON(packs))); err != nil {
		u.teamErr = err.Error()
	}
	u.renderPacks()
	if u.b.Generation() != gen {
		u.renderRules()
	}
}

// ---- rendering helpers ----------------------------------------------------

// create makes an element. dom/v2's Document.CreateElement finds the Go type
// by comparing the element's constructor with ~70 HTML constructors, one JS
// call each; that made rendering ~200 rules take most of a second. We know
// the type we asked for, so wrap it directly.
func create(tag string) js.Value { return doc.Underlying().Call("createElement", tag) }

func wrapHTML(v js.Value) *dom.BasicHTMLElement {
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

func el(tag, class string, children ...dom.Node) dom.Element {
	e := wrapHTML(create(tag))
	if class != "" {
		e.SetAttribute("class", class)
	}
	for _, c := range children {
		e.AppendChild(c)
	}
	return e
}

func input(class string) *dom.HTMLInputElement {
	e := &dom.HTMLInputElement{BasicHTMLElement: wrapHTML(create("input"))}
	e.SetAttribute("class", class)
	return e
}

func txt(s string) dom.Node { return doc.CreateTextNode(s) }

func textEl(tag, class, s string) dom.Element {
	e := el(tag, class)
	e.SetTextContent(s)
	return e
}

func button(class, label string) *dom.HTMLButtonElement {
	b := &dom.HTMLButtonElement{BasicHTMLElement: wrapHTML(create("button"))}
	b.SetAttribute("class", class)
	b.SetType("button")
	b.SetTextContent(label)
	return b
}

// toggle is a labelled switch: <label class="abh-switch"><input
// type=checkbox class=inputClass><span class="abh-slider"></span></label>.
func toggle(inputClass, label string) (dom.Element, *dom.HTMLInputElement) {
	in := input(inputClass)
	in.SetType("checkbox")
	in.SetAttribute("role", "switch")
	in.SetAttribute("aria-label", label)
	lab := el("label", "abh-switch", in, el("span", "abh-slider"))
	lab.SetAttribute("title", label)
	return lab, in
}

func clear(e dom.Element) { e.SetTextContent("") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ---- page -------------------------------------------------------------------

func (u *ui) render() {
	clear(u.root)
	head := el("header", "abh-header",
		el("div", "abh-brand", textEl("span", "abh-logo", "ABH"),
			el("div", "", textEl("h1", "", "Always Be Helping"),
				textEl("p", "abh-tagline", "Write to help the reader decide, not to push them."))))
	u.packsBox = el("div", "abh-packs")
	u.packsBox.SetID("abh-packs")
	head.AppendChild(u.packsBox)
	u.root.AppendChild(head)

	nav := el("nav", "abh-nav")
	for _, l := range [][2]string{{"#abh-playground", "Try a message"}, {"#abh-rules", "Rules"}, {"#abh-ignored", "Ignored phrases"}, {"#abh-teampacks", "Team packs"}, {"#abh-reset-section", "Reset"}} {
		a := textEl("a", "", l[1])
		a.SetAttribute("href", l[0])
		nav.AppendChild(a)
	}
	u.root.AppendChild(nav)

	u.root.AppendChild(u.renderPlayground())
	u.root.AppendChild(u.renderRulesSection())
	u.root.AppendChild(u.renderIgnoredSection())
	u.root.AppendChild(u.renderTeamPacksSection())
	u.root.AppendChild(u.renderResetSection())
	u.status = el("div", "abh-status")
	u.status.SetID("abh-status")
	u.status.SetAttribute("role", "status")
	u.status.SetAttribute("aria-live", "polite")
	u.root.AppendChild(u.status)
	u.renderPacks()
	u.renderRules()
	u.analyzeNow()
}

func (u *ui) renderPacks() {
	if u.packsBox == nil {
		return
	}
	clear(u.packsBox)
	for _, p := range u.b.PackInfos() {
		chip := el("span", "abh-pack", textEl("strong", "", p.Name), txt(" "+p.Version+" · "+plural(p.Rules, "rule", "rules")))
		chip.SetAttribute("data-pack", p.Name)
		if p.Description != "" {
			chip.SetAttribute("title", p.Description)
		}
		u.packsBox.AppendChild(chip)
	}
	if u.teamErr != "" {
		e := textEl("p", "abh-pack-error", u.teamErr)
		e.SetAttribute("role", "alert")
		u.packsBox.AppendChild(e)
	}
}

func section(id, title, intro string) dom.Element {
	s := el("section", "abh-section")
	s.SetID(id)
	s.AppendChild(textEl("h2", "", title))
	if intro != "" {
		s.AppendChild(textEl("p", "abh-intro", intro))
	}
	return s
}

// ---- rules browser ----------------------------------------------------------

func (u *ui) renderRulesSection() dom.Element {
	s := section("abh-rules", "Rules", "Every rule the engine runs, grouped by what it guards against. Switch off what does not fit how you write.")
	bar := el("div", "abh-rules-bar")
	u.filter = input("abh-rule-filter")
	u.filter.SetType("search")
	u.filter.SetID("abh-rule-filter")
	u.filter.SetPlaceholder("Filter rules…")
	u.filter.SetAttribute("aria-label", "Filter rules")
	u.filter.AddEventListener("input", false, func(dom.Event) { u.applyFilter() })
	u.ruleCount = el("span", "abh-rule-count")
	bar.AppendChild(u.filter)
	bar.AppendChild(u.ruleCount)
	s.AppendChild(bar)
	u.rulesBox = el("div", "abh-rule-groups")
	s.AppendChild(u.rulesBox)
	return s
}

// renderRules rebuilds the rule list from the engine (team packs change it).
func (u *ui) renderRules() {
	if u.rulesBox == nil {
		return
	}
	clear(u.rulesBox)
	u.catEls = map[string]dom.Element{}
	u.catToggles = map[string]*dom.HTMLInputElement{}
	u.ruleEls = map[string]dom.Element{}
	u.ruleToggles = map[string]*dom.HTMLInputElement{}
	u.ruleInfo = map[string]rules.RuleInfo{}
	infos := u.b.RuleInfos()
	u.ruleCount.SetTextContent(plural(len(infos), "rule", "rules"))
	for _, g := range bridge.GroupRules(infos) {
		u.rulesBox.AppendChild(u.renderCategory(g))
	}
	u.syncSwitches()
	u.applyFilter()
}

func (u *ui) renderCategory(g bridge.CategoryGroup) dom.Element {
	box := el("div", "abh-category")
	box.SetAttribute("data-category", g.Category)
	sw, in := toggle("abh-category-toggle", "All “"+g.Label+"” rules")
	in.SetAttribute("data-category", g.Category)
	cat := g.Category
	in.AddEventListener("change", false, func(dom.Event) {
		on := in.Checked()
		u.updateSettings(func(s *bridge.Settings) { s.DisabledCategories = bridge.Toggle(s.DisabledCategories, cat, !on) })
	})
	head := el("header", "abh-category-head",
		el("div", "", textEl("h3", "", g.Label), textEl("code", "abh-category-id", g.Category)),
		textEl("span", "abh-count", plural(len(g.Rules), "rule", "rules")), sw)
	box.AppendChild(head)
	list := el("ul", "abh-rule-list")
	for _, r := range g.Rules {
		list.AppendChild(u.renderRule(r))
	}
	box.AppendChild(list)
	u.catEls[g.Category] = box
	u.catToggles[g.Category] = in
	return box
}

func (u *ui) renderRule(r rules.RuleInfo) dom.Element {
	li := el("li", "abh-rule")
	li.SetAttribute("data-rule", r.Name)
	li.SetAttribute("data-category", r.Category)
	li.SetAttribute("data-severity", r.Severity)
	sw, in := toggle("abh-rule-toggle", "Rule “"+r.Message+"”")
	in.SetAttribute("data-rule", r.Name)
	name := r.Name
	in.AddEventListener("change", false, func(dom.Event) {
		on := in.Checked()
		u.updateSettings(func(s *bridge.Settings) { s.DisabledRules = bridge.Toggle(s.DisabledRules, name, !on) })
	})
	title := el("div", "abh-rule-title",
		textEl("span", "abh-sev abh-sev-"+r.Severity, r.Severity),
		textEl("strong", "abh-rule-message", r.Message),
		textEl("code", "abh-rule-name", r.Name))
	li.AppendChild(el("div", "abh-rule-head", title, sw))
	li.AppendChild(textEl("p", "abh-why", r.Why))
	if r.Off {
		li.AppendChild(textEl("p", "abh-note", "Turned off by a team pack."))
	}
	if ex := renderExamples(r); ex != nil {
		li.AppendChild(ex)
	}
	u.ruleEls[r.Name] = li
	u.ruleToggles[r.Name] = in
	u.ruleInfo[r.Name] = r
	return li
}

func renderExamples(r rules.RuleInfo) dom.Element {
	ex := r.Examples
	if len(ex.Fire)+len(ex.Pass)+len(ex.Rewrite) == 0 {
		return nil
	}
	d := el("details", "abh-examples")
	d.AppendChild(textEl("summary", "", "Examples"))
	// Filled on first open: most rules' examples are never looked at.
	filled := false
	d.AddEventListener("toggle", false, func(dom.Event) {
		if !filled {
			filled = true
			d.AppendChild(exampleGrid(ex))
		}
	})
	return d
}

func exampleGrid(ex rules.Examples) dom.Element {
	grid := el("div", "abh-example-grid")
	list := func(class, title string, items []string) {
		if len(items) == 0 {
			return
		}
		ul := el("ul", "")
		for _, s := range items {
			ul.AppendChild(textEl("li", "", s))
		}
		grid.AppendChild(el("div", "abh-ex "+class, textEl("h4", "", title), ul))
	}
	list("abh-ex-fire", "Flags", ex.Fire)
	list("abh-ex-pass", "Leaves alone", ex.Pass)
	if len(ex.Rewrite) > 0 {
		ul := el("ul", "")
		for _, rw := range ex.Rewrite {
			ul.AppendChild(el("li", "", textEl("span", "abh-before", rw.In), textEl("span", "abh-arrow", " → "), textEl("span", "abh-after", rw.Out)))
		}
		grid.AppendChild(el("div", "abh-ex abh-ex-rewrite", textEl("h4", "", "Rewrites"), ul))
	}
	return grid
}

// syncSwitches sets every switch from the current settings.
func (u *ui) syncSwitches() {
	s := u.settings
	for cat, in := range u.catToggles {
		off := bridge.Has(s.DisabledCategories, cat)
		in.SetChecked(!off)
		if off != u.catEls[cat].Class().Contains("abh-off") {
			u.catEls[cat].Class().Toggle("abh-off")
		}
	}
	for name, in := range u.ruleToggles {
		r := u.ruleInfo[name]
		catOff := bridge.Has(s.DisabledCategories, r.Category)
		ruleOff := bridge.Has(s.DisabledRules, name)
		in.SetChecked(!ruleOff && !r.Off)
		in.SetDisabled(catOff || r.Off)
		li := u.ruleEls[name]
		if (ruleOff || catOff || r.Off) != li.Class().Contains("abh-off") {
			li.Class().Toggle("abh-off")
		}
	}
}

func (u *ui) applyFilter() {
	if u.filter == nil {
		return
	}
	q := strings.ToLower(strings.TrimSpace(u.filter.Value()))
	for cat, box := range u.catEls {
		shown := 0
		for name, li := range u.ruleEls {
			r := u.ruleInfo[name]
			if r.Category != cat {
				continue
			}
			hay := strings.ToLower(r.Name + " " + r.Message + " " + r.Why + " " + strings.Join(r.Examples.Fire, " "))
			hide := q != "" && !strings.Contains(hay, q)
			setHidden(li, hide)
			if !hide {
				shown++
			}
		}
		setHidden(box, shown == 0)
	}
}

func setHidden(e dom.Element, hidden bool) {
	if hidden {
		e.SetAttribute("hidden", "")
	} else {
		e.RemoveAttribute("hidden")
	}
}

// ---- playground -------------------------------------------------------------

func (u *ui) renderPlayground() dom.Element {
	s := section("abh-playground", "Try a message", "Type or paste a draft. Marks and the score update as you type, with your current settings.")
	grid := el("div", "abh-play-grid")

	u.textarea = &dom.HTMLTextAreaElement{BasicHTMLElement: wrapHTML(create("textarea"))}
	u.textarea.SetAttribute("class", "abh-try")
	u.textarea.SetID("abh-try")
	u.textarea.SetRows(12)
	u.textarea.SetAttribute("spellcheck", "true")
	u.textarea.SetAttribute("aria-label", "Message to try")
	u.textarea.SetPlaceholder("Paste a message…")
	u.textarea.SetValue(sampleMessage)
	u.textarea.AddEventListener("input", false, func(dom.Event) { u.scheduleAnalyze() })
	in := el("div", "abh-play-input", u.textarea)

	u.score = el("span", "abh-score")
	u.score.SetAttribute("aria-label", "Helpfulness score")
	u.metrics = el("span", "abh-metrics")
	u.reasons = el("ul", "abh-reasons")
	scoreBox := el("div", "abh-score-box", el("div", "abh-score-row", u.score, el("div", "", textEl("strong", "", "Helpfulness"), u.metrics)), u.reasons)

	u.preview = el("div", "abh-preview")
	u.preview.SetAttribute("aria-label", "Preview with marks")
	u.preview.SetAttribute("aria-readonly", "true")

	in.AppendChild(textEl("h3", "abh-sub", "Preview"))
	in.AppendChild(u.preview)
	grid.AppendChild(in)

	u.findingsBox = el("ol", "abh-findings")
	out := el("div", "abh-play-output", scoreBox, textEl("h3", "abh-sub", "Suggestions"), u.findingsBox)
	grid.AppendChild(out)
	s.AppendChild(grid)
	return s
}

func (u *ui) scheduleAnalyze() {
	if u.timer != nil {
		u.timer.Stop()
	}
	u.timer = time.AfterFunc(debounce, u.analyzeNow)
}

// analyzeNow analyses the textarea with the current settings and redraws the
// preview, the suggestions and the score.
func (u *ui) analyzeNow() {
	if u.textarea == nil {
		return
	}
	text := u.textarea.Value()
	r, err := u.b.AnalyzeRaw(text, u.settingsJSON)
	if err != nil {
		u.setStatus(err.Error(), false)
		return
	}
	u.lastText, u.last = text, r
	u.renderPreview(text, r)
	u.renderFindings(r)
	u.renderScore(r)
}

func (u *ui) renderPreview(text string, r rules.Result) {
	clear(u.preview)
	for _, seg := range bridge.Segments(text, r.Findings) {
		if seg.Finding < 0 {
			u.preview.AppendChild(txt(seg.Text))
			continue
		}
		f := r.Findings[seg.Finding]
		m := textEl("mark", "abh-mark abh-sev-"+f.Severity, seg.Text)
		m.SetAttribute("data-rule", f.Rule)
		m.SetAttribute("data-category", f.Category)
		m.SetAttribute("data-index", strconv.Itoa(seg.Finding))
		m.SetAttribute("title", f.Message)
		m.SetAttribute("tabindex", "0")
		idx := seg.Finding
		m.AddEventListener("click", false, func(dom.Event) { u.focusFinding(idx) })
		u.preview.AppendChild(m)
	}
	// A trailing newline needs something after it to show as a line.
	if strings.HasSuffix(text, "\n") || text == "" {
		u.preview.AppendChild(txt("\u200b"))
	}
}

func (u *ui) focusFinding(idx int) {
	for _, e := range u.findingsBox.QuerySelectorAll(".abh-finding.abh-focus") {
		e.Class().Remove("abh-focus")
	}
	if e := u.findingsBox.QuerySelector(`.abh-finding[data-index="` + strconv.Itoa(idx) + `"]`); e != nil {
		e.Class().Add("abh-focus")
		e.Underlying().Call("scrollIntoView", map[string]any{"block": "nearest", "behavior": "smooth"})
	}
}

func (u *ui) renderFindings(r rules.Result) {
	clear(u.findingsBox)
	if len(r.Findings) == 0 {
		u.findingsBox.AppendChild(textEl("li", "abh-empty", "Nothing to suggest. Nice and helpful."))
		return
	}
	for i, f := range r.Findings {
		li := el("li", "abh-finding abh-card")
		li.SetAttribute("data-rule", f.Rule)
		li.SetAttribute("data-category", f.Category)
		li.SetAttribute("data-index", strconv.Itoa(i))
		head := el("div", "abh-finding-head",
			textEl("span", "abh-sev abh-sev-"+f.Severity, f.Severity),
			textEl("strong", "", f.Message),
			textEl("span", "abh-cat", bridge.CategoryLabel(f.Category)))
		li.AppendChild(head)
		if f.Category != "metric" {
			li.AppendChild(el("p", "abh-quote", textEl("q", "", f.Match)))
		}
		li.AppendChild(textEl("p", "abh-why", f.Why))
		acts := el("div", "abh-actions")
		idx := i
		for k, sugg := range f.Suggestions {
			label := sugg
			if label == "" {
				label = "(remove)"
			}
			b := button("abh-apply", label)
			b.SetAttribute("data-action", "apply")
			b.SetAttribute("data-suggestion", strconv.Itoa(k))
			b.SetTitle("Replace “" + f.Match + "” with “" + sugg + "”")
			k := k
			b.AddEventListener("click", false, func(dom.Event) { u.apply(idx, k) })
			acts.AppendChild(b)
		}
		if f.Category != "metric" {
			ig := button("abh-secondary", "Ignore “"+f.Match+"”")
			ig.SetAttribute("data-action", "ignore")
			match := f.Match
			ig.AddEventListener("click", false, func(dom.Event) {
				u.updateSettings(func(s *bridge.Settings) { s.Ignored = bridge.Toggle(s.Ignored, match, true) })
			})
			acts.AppendChild(ig)
		}
		off := button("abh-secondary", "Turn this rule off")
		off.SetAttribute("data-action", "disable-rule")
		rule := f.Rule
		off.AddEventListener("click", false, func(dom.Event) {
			u.updateSettings(func(s *bridge.Settings) { s.DisabledRules = bridge.Toggle(s.DisabledRules, rule, true) })
		})
		acts.AppendChild(off)
		li.AppendChild(acts)
		u.findingsBox.AppendChild(li)
	}
}

func (u *ui) renderScore(r rules.Result) {
	u.score.SetTextContent(strconv.Itoa(r.Score))
	u.score.SetAttribute("data-score", strconv.Itoa(r.Score))
	level := "abh-score-good"
	switch {
	case r.Score < 60:
		level = "abh-score-low"
	case r.Score < 80:
		level = "abh-score-ok"
	}
	u.score.SetAttribute("class", "abh-score "+level)
	m := r.Metrics
	parts := []string{plural(m.Words, "word", "words"), plural(m.Sentences, "sentence", "sentences"), plural(m.Questions, "question", "questions")}
	if m.Words > 0 {
		parts = append(parts, "~"+strconv.Itoa(m.ReadingSeconds)+" s to read")
	}
	u.metrics.SetTextContent(strings.Join(parts, " · "))
	clear(u.reasons)
	for _, rs := range r.Reasons {
		li := el("li", "abh-reason")
		sign := "abh-minus"
		d := strconv.Itoa(rs.Delta)
		if rs.Delta > 0 {
			sign, d = "abh-plus", "+"+d
		}
		li.AppendChild(textEl("span", "abh-delta "+sign, d))
		li.AppendChild(textEl("span", "", rs.Text))
		if rs.Category != "" {
			li.SetAttribute("data-category", rs.Category)
		}
		u.reasons.AppendChild(li)
	}
}

// apply replaces finding idx's span with its k-th suggestion through the
// textarea's own editing path (so Ctrl+Z undoes it), then re-analyses.
func (u *ui) apply(idx, k int) {
	if u.textarea.Value() != u.lastText {
		u.analyzeNow()
	}
	if idx >= len(u.last.Findings) || k >= len(u.last.Findings[idx].Suggestions) {
		return
	}
	f := u.last.Findings[idx]
	sugg := f.Suggestions[k]
	text := u.lastText
	start16 := bridge.UTF16Len(text[:f.Start])
	end16 := start16 + bridge.UTF16Len(text[f.Start:f.End])
	u.textarea.Focus()
	u.textarea.SetSelectionRange(start16, end16, "forward")
	ok := doc.Underlying().Call("execCommand", "insertText", false, sugg).Bool()
	if !ok || u.textarea.Value() != rules.Apply(text, f, sugg) {
		u.textarea.SetValue(rules.Apply(text, f, sugg))
		caret := start16 + bridge.UTF16Len(sugg)
		u.textarea.SetSelectionRange(caret, caret, "none")
	}
	if u.timer != nil {
		u.timer.Stop()
	}
	u.analyzeNow()
}

// ---- ignored phrases --------------------------------------------------------

func (u *ui) renderIgnoredSection() dom.Element {
	s := section("abh-ignored", "Ignored phrases", "Phrases you chose to ignore from a suggestion card. They are never flagged again.")
	u.ignoredList = el("ul", "abh-ignored-list")
	u.ignoredNone = textEl("p", "abh-empty", "No ignored phrases.")
	s.AppendChild(u.ignoredList)
	s.AppendChild(u.ignoredNone)
	return s
}

func (u *ui) renderIgnored() {
	if u.ignoredList == nil {
		return
	}
	clear(u.ignoredList)
	for _, p := range u.settings.Ignored {
		li := el("li", "abh-ignored-item")
		li.SetAttribute("data-phrase", p)
		rm := button("abh-unignore abh-secondary", "Remove")
		rm.SetAttribute("data-phrase", p)
		rm.SetAttribute("aria-label", "Stop ignoring “"+p+"”")
		phrase := p
		rm.AddEventListener("click", false, func(dom.Event) {
			u.updateSettings(func(s *bridge.Settings) { s.Ignored = bridge.Toggle(s.Ignored, phrase, false) })
		})
		li.AppendChild(textEl("q", "", p))
		li.AppendChild(rm)
		u.ignoredList.AppendChild(li)
	}
	setHidden(u.ignoredNone, len(u.settings.Ignored) > 0)
}

// ---- reset ------------------------------------------------------------------

func (u *ui) renderResetSection() dom.Element {
	s := section("abh-reset-section", "Reset", "Turn every rule and category back on, clear ignored phrases, site switches and snooze. Team pack subscriptions are kept.")
	b := button("abh-danger", "Reset all settings")
	b.SetID("abh-reset")
	b.AddEventListener("click", false, func(dom.Event) { go u.reset() })
	s.AppendChild(b)
	return s
}

func (u *ui) reset() {
	u.writeMu.Lock()
	prev, err := getKey("sync", settingsKey)
	if err == nil {
		err = removeKey("sync", settingsKey)
	}
	u.writeMu.Unlock()
	if err != nil {
		u.setStatus("Could not reset: "+err.Error(), false)
		return
	}
	if prev.IsUndefined() {
		u.setStatus("Settings are already the defaults.", false)
		return
	}
	saved := toJSON(prev)
	u.setStatus("All settings were reset.", true, func() {
		go func() {
			u.writeMu.Lock()
			defer u.writeMu.Unlock()
			if err := setKey("sync", settingsKey, fromJSON(saved)); err != nil {
				u.setStatus("Could not undo: "+err.Error(), false)
				return
			}
			u.setStatus("Settings restored.", false)
		}()
	})
}

// setStatus shows msg; with undo, an Undo button (#abh-undo) runs undo[0].
func (u *ui) setStatus(msg string, withUndo bool, undo ...func()) {
	if u.status == nil {
		js.Global().Get("console").Call("warn", "abh: "+msg)
		return
	}
	clear(u.status)
	u.status.AppendChild(textEl("span", "", msg))
	if withUndo && len(undo) > 0 {
		b := button("abh-secondary", "Undo")
		b.SetID("abh-undo")
		fn := undo[0]
		b.AddEventListener("click", false, func(dom.Event) { fn() })
		u.status.AppendChild(b)
	}
	u.status.Class().Add("abh-show")
	if u.statusTimer != nil {
		u.statusTimer.Stop()
	}
	u.statusTimer = time.AfterFunc(8*time.Second, func() { u.status.Class().Remove("abh-show") })
}
