// Package bridge is the engine as JavaScript sees it, in pure Go (no
// syscall/js) so it is tested natively: it turns a person's Settings into
// rules.Options, holds the built-in pack and any team packs, and encodes
// results with UTF-16 offsets that JavaScript strings index directly.
package bridge

import (
	"bytes"
	"errors"
	"strconv"
	"sync"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

// Settings are a person's preferences as stored in chrome.storage.sync under
// "abh:settings". DisabledSites and SnoozeUntil are applied by the extension's
// JavaScript; the engine ignores them.
type Settings struct {
	DisabledSites      []string `json:"disabledSites,omitempty"`
	DisabledCategories []string `json:"disabledCategories,omitempty"`
	DisabledRules      []string `json:"disabledRules,omitempty"`
	Ignored            []string `json:"ignored,omitempty"`
	SnoozeUntil        float64  `json:"snoozeUntil,omitempty"`
}

// ParseSettings decodes settings JSON. Empty input, "null" and "{}" are the
// defaults; unknown fields are allowed so newer extension code can add some.
func ParseSettings(data []byte) (Settings, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return Settings{}, nil
	}
	s, err := decodeSettings(data)
	if err != nil {
		return Settings{}, errors.New("settings: " + err.Error())
	}
	return s, nil
}

// Options are the engine options these settings ask for.
func (s Settings) Options() rules.Options {
	return rules.Options{
		DisabledRules:      s.DisabledRules,
		DisabledCategories: s.DisabledCategories,
		Ignored:            s.Ignored,
	}
}

// Bridge holds the engine built from the built-in pack plus the current team
// packs. It is safe for concurrent use.
type Bridge struct {
	mu      sync.RWMutex
	builtin *rules.Pack
	base    *rules.Engine // the built-in pack alone (nil until needed, see baseEngine)
	engine  *rules.Engine // base plus the current team packs
	team    []byte        // the JSON the current team packs came as ("" = none; see teamKey)
	gen     int           // bumped whenever engine changes
}

// New returns a bridge over the embedded built-in pack.
func New() (*Bridge, error) {
	p, err := packs.Builtin()
	if err != nil {
		return nil, err
	}
	return NewWithBuiltin(p)
}

// NewWithBuiltin returns a bridge whose base pack is p (tests use small packs).
func NewWithBuiltin(p *rules.Pack) (*Bridge, error) {
	e, err := rules.Compile(p)
	if err != nil {
		return nil, err
	}
	return &Bridge{builtin: p, base: e, engine: e}, nil
}

// NewWithTeamPacks returns a bridge over the embedded built-in pack with
// the team packs in teamJSON (as SetTeamPacks takes them) already loaded,
// compiling the packs once: the engine frame starts this way when team
// packs are stored, rather than compiling the built-in pack alone and then
// again with them. Team packs that do not load are left out (the bridge
// then holds the built-in pack alone); SetTeamPacks with them reports why.
func NewWithTeamPacks(teamJSON []byte) (*Bridge, error) {
	p, err := packs.Builtin()
	if err != nil {
		return nil, err
	}
	if team, err := decodeTeamPacks(teamJSON); err == nil && len(team) > 0 {
		if e, err := rules.Compile(append([]*rules.Pack{p}, team...)...); err == nil {
			// The built-in engine alone is compiled when it is needed.
			return &Bridge{builtin: p, engine: e, team: teamKey(teamJSON)}, nil
		}
	}
	return NewWithBuiltin(p)
}

// teamKey is what identifies a set of team packs: the JSON they came as.
// The frame hands over the same stored objects each time, and re-encoding
// them canonically would take the pack encoder into every tab's wasm. Packs
// sent again in another layout are compiled again, which is only slower.
func teamKey(jsonArray []byte) []byte { return bytes.TrimSpace(jsonArray) }

// Builtin returns the built-in pack the bridge was made with. Callers must
// not modify it.
func (b *Bridge) Builtin() *rules.Pack { return b.builtin }

// Generation changes whenever the set of loaded packs changes, so callers
// can tell whether to redraw what depends on Rules or Packs.
func (b *Bridge) Generation() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.gen
}

// baseEngine returns the engine of the built-in pack alone, compiling it the
// first time when the bridge started with team packs.
func (b *Bridge) baseEngine() (*rules.Engine, error) {
	b.mu.RLock()
	e := b.base
	b.mu.RUnlock()
	if e != nil {
		return e, nil
	}
	e, err := rules.Compile(b.builtin)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if b.base == nil {
		b.base = e
	}
	e = b.base
	b.mu.Unlock()
	return e, nil
}

func (b *Bridge) current() *rules.Engine {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.engine
}

// SetTeamPacks replaces the team packs with the compiled packs in jsonArray (a
// JSON array of pack objects as written by `abh pack build`; empty input,
// "null" and "[]" mean none). Every pack is decoded, validated and compiled
// together with the built-in pack before anything changes: on any error the
// previous engine stays in use and the error names the pack at fault.
//
// Setting the packs already loaded is a no-op, and clearing them reuses the
// built-in engine: compiling the built-in pack is the expensive part.
func (b *Bridge) SetTeamPacks(jsonArray []byte) error {
	team, err := decodeTeamPacks(jsonArray)
	if err != nil {
		return err
	}
	key := ""
	if len(team) > 0 {
		key = string(teamKey(jsonArray))
	}
	b.mu.RLock()
	same := key == string(b.team)
	b.mu.RUnlock()
	if same {
		return nil
	}
	var e *rules.Engine
	if len(team) > 0 {
		e, err = rules.Compile(append([]*rules.Pack{b.builtin}, team...)...)
		if err != nil {
			// rules.PackError names the pack: pack "x" has N problem(s): ...
			return errors.New("team packs not loaded (the previous packs stay in use): " + err.Error())
		}
	} else if e, err = b.baseEngine(); err != nil {
		return err
	}
	b.mu.Lock()
	b.engine, b.team = e, []byte(key)
	b.gen++
	b.mu.Unlock()
	return nil
}

func decodeTeamPacks(data []byte) ([]*rules.Pack, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return nil, nil
	}
	raws, err := splitArray(data)
	if err != nil {
		return nil, errors.New("team packs not loaded (the previous packs stay in use): expected a JSON array of compiled packs: " + err.Error())
	}
	out := make([]*rules.Pack, 0, len(raws))
	for i, raw := range raws {
		p, err := rules.ParsePackJSON(raw)
		if err != nil {
			return nil, errors.New("team packs not loaded (the previous packs stay in use): team pack " + packLabel(i, raw) + ": " + err.Error())
		}
		out = append(out, p)
	}
	return out, nil
}

// packLabel names the i-th team pack for errors: its name when the object has
// one, else its position.
func packLabel(i int, raw []byte) string {
	label := "#" + strconv.Itoa(i+1)
	if name, ok := packName(raw); ok && name != "" {
		label += " " + strconv.Quote(name)
	}
	return label
}

// Finding is one finding as JavaScript sees it: Start and End are UTF-16 code
// unit offsets, so text.slice(start, end) === match.
type Finding struct {
	Rule        string   `json:"rule"`
	Category    string   `json:"category"`
	Severity    string   `json:"severity"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Match       string   `json:"match"`
	Message     string   `json:"message"`
	Why         string   `json:"why"`
	Suggestions []string `json:"suggestions"`
}

// Result is one analysis as JavaScript sees it.
type Result struct {
	Score    int            `json:"score"`
	Metrics  rules.Metrics  `json:"metrics"`
	Reasons  []rules.Reason `json:"reasons"`
	Findings []Finding      `json:"findings"`
}

// AnalyzeResult analyses text with settingsJSON and returns the result with
// UTF-16 offsets.
func (b *Bridge) AnalyzeResult(text string, settingsJSON []byte) (Result, error) {
	s, err := ParseSettings(settingsJSON)
	if err != nil {
		return Result{}, err
	}
	r := b.current().Analyze(text, s.Options())
	return Convert(text, r), nil
}

// Analyze analyses text with settingsJSON and returns the Result JSON.
func (b *Bridge) Analyze(text string, settingsJSON []byte) ([]byte, error) {
	r, err := b.AnalyzeResult(text, settingsJSON)
	if err != nil {
		return nil, err
	}
	return encodeResult(&r)
}

// Convert turns an engine result over text into the JavaScript-facing result.
func Convert(text string, r rules.Result) Result {
	out := Result{Score: r.Score, Metrics: r.Metrics, Reasons: r.Reasons, Findings: make([]Finding, len(r.Findings))}
	if out.Reasons == nil {
		out.Reasons = []rules.Reason{}
	}
	offs := make([]int, 0, 2*len(r.Findings))
	for _, f := range r.Findings {
		offs = append(offs, f.Start, f.End)
	}
	u16 := UTF16Offsets(text, offs)
	for i, f := range r.Findings {
		sugg := f.Suggestions
		if sugg == nil {
			sugg = []string{}
		}
		out.Findings[i] = Finding{
			Rule: f.Rule, Category: f.Category, Severity: f.Severity,
			Start: u16[2*i], End: u16[2*i+1],
			Match: f.Match, Message: f.Message, Why: f.Why, Suggestions: sugg,
		}
	}
	return out
}

// Rules returns the JSON array of every loaded rule (rules.RuleInfo).
func (b *Bridge) Rules() ([]byte, error) {
	return encodeRuleInfos(b.current().Rules())
}

// RuleInfos returns every loaded rule.
func (b *Bridge) RuleInfos() []rules.RuleInfo { return b.current().Rules() }

// Packs returns the JSON array of the loaded packs (rules.PackInfo).
func (b *Bridge) Packs() ([]byte, error) {
	p := b.current().Packs()
	if p == nil {
		p = []rules.PackInfo{}
	}
	return encodePackInfos(p)
}

// PackInfos returns the loaded packs.
func (b *Bridge) PackInfos() []rules.PackInfo { return b.current().Packs() }
