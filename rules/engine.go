package rules

import (
	"math"
	"strconv"
	"sync"

	"github.com/alwaysbehelping/abh/internal/order"
)

// Finding is one suggestion for a span of the message (or, for metric rules,
// for the message as a whole).
type Finding struct {
	// Rule is "<pack>/<rule-id>".
	Rule     string `json:"rule"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	// Start and End are UTF-8 byte offsets; Match == text[Start:End].
	Start int `json:"start"`
	End   int `json:"end"`
	// Line and Col are 1-based; Col counts runes.
	Line        int      `json:"line"`
	Col         int      `json:"col"`
	Match       string   `json:"match"`
	Message     string   `json:"message"`
	Why         string   `json:"why"`
	Suggestions []string `json:"suggestions"`
}

// Options are a person's settings applied to one analysis.
type Options struct {
	// DisabledRules are "pack/rule-id" names switched off.
	DisabledRules []string `json:"disabled_rules,omitempty"`
	// DisabledCategories are categories switched off.
	DisabledCategories []string `json:"disabled_categories,omitempty"`
	// Ignored are matched texts the person chose to ignore (compared
	// normalised).
	Ignored []string `json:"ignored,omitempty"`
}

// Result is the analysis of one message.
type Result struct {
	Score    int       `json:"score"`
	Metrics  Metrics   `json:"metrics"`
	Reasons  []Reason  `json:"reasons"`
	Findings []Finding `json:"findings"`
}

// Engine is a set of compiled packs ready to analyse messages. It is safe for
// concurrent use.
type Engine struct {
	rules []*compiled
	// gates holds, per rule, what analysis checks before it reads the
	// rule itself: one byte each, so that passing over the rules that
	// have nothing to do reads a few cache lines, not one per rule.
	gates   []ruleGate
	matcher *matcher
	byName  map[string]*compiled
	packs   []PackInfo
	// literals are the regex rules' required literals.
	literals literalIndex
	// scratch keeps analyses' memory (their Text included) for reuse, so
	// that analysing a message as the person types allocates little (see
	// analysis.reset).
	scratch sync.Pool
}

// PackInfo describes a pack loaded into an engine.
type PackInfo struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description,omitempty"`
	Rules       int    `json:"rules"`
}

// compiled is a rule ready to run.
type compiled struct {
	Rule
	pack  string
	name  string // pack/id
	index int
	kind  kind
	off   bool // disabled by another pack
	// ncap is the number of captures of each pattern (phrase-like kinds).
	ncap  []int
	regex []*lazyRegexp
	// regexNeeds holds, per regex, literals one of which a match contains.
	regexNeeds [][]string
	// regexAnchors holds, per regex, the anchors it uses (anchorsOf).
	regexAnchors []int
	// regexAlso holds, per regex, further literal sets a window must show
	// (one literal of each) before the expression runs on it.
	regexAlso [][][]string
	// regexAlsoID numbers the distinct regexAlso sets of the rule, so that
	// a window is checked once for expressions that share them.
	regexAlsoID []int
	// regexSets holds, per regex, the id of its literal set in the engine's
	// literalIndex (-1: no pre-check).
	regexSets []int
	// lacks and has are a conditional rule's when.lacks and when.has as
	// signal bits.
	lacks, has signals
	// pressure marks a phrase or rewrite rule of a pressure category (see
	// pressureTokens).
	pressure bool
	// fromMatches marks a rule that finds only where the matcher matched
	// its patterns (phrase, rewrite, conditional): with no match, it is
	// not asked.
	fromMatches bool
	// regexCore is the part every regex of the rule shares, checked once
	// per window before any of them runs (nil: none; see commonCore).
	regexCore *lazyRegexp
	// regexCoreMax bounds the length of a core match, regexCoreLead lists
	// literals one of which each holds, each with how far from its start
	// (see coreMatches; none: check whole windows).
	regexCoreMax  int
	regexCoreLead []coreLead
	// regexCoreAt is the core anchored at the start of its input.
	regexCoreAt *lazyRegexp
	// regexCoreFirst holds the bytes a core match can begin with (nil:
	// any), so that coreMatches skips the other places unasked.
	regexCoreFirst *[256]bool
	// regexStarts holds, per regex, where its matches can begin (nil:
	// anywhere; see startsOf).
	regexStarts []*starts
	// forms holds, per replacement, the forms a suggestion of it takes
	// (see formsOf).
	forms []replForms
}

// kind is what each rule kind implements, one file per kind.
type kind interface {
	// compile checks kind-specific fields and registers patterns.
	compile(c *compiled, m *matcher) []Problem
	// find appends the rule's candidate findings in the message to out.
	find(c *compiled, a *analysis, out []Finding) []Finding
}

// kindOf returns the rule kind named name, or nil for an unknown one.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func kindOf(name string) kind {
	switch name {
	case "phrase":
		return phraseKind{}
	case "rewrite":
		return rewriteKind{}
	case "regex":
		return regexKind{}
	case "conditional":
		return conditionalKind{}
	case "metric":
		return metricKind{}
	}
	return nil
}

// Compile validates packs and builds one engine over all of them. Later packs
// may disable rules of earlier ones. Every problem is reported in one
// *PackError per pack; examples are not run (see CheckExamples).
func Compile(packs ...*Pack) (*Engine, error) {
	e := &Engine{matcher: newMatcher(), byName: map[string]*compiled{}}
	for _, p := range packs {
		probs := p.validate()
		for _, info := range e.packs {
			if info.Name == p.Name {
				probs = append(probs, Problem{Index: -1, Field: "name", Message: "a pack named " + strconv.Quote(p.Name) + " is already loaded; give each pack its own name"})
			}
		}
		for i := range p.Rules {
			r := p.Rules[i]
			c := &compiled{Rule: r, pack: p.Name, name: p.Name + "/" + r.ID, index: len(e.rules), kind: kindOf(r.Kind), forms: formsOf(r.Replacements)}
			switch c.kind.(type) {
			case phraseKind, rewriteKind:
				c.pressure = contains(pressureCategories, r.Category)
			}
			switch c.kind.(type) {
			case phraseKind, rewriteKind, conditionalKind:
				c.fromMatches = true
			}
			if c.kind != nil {
				for _, pr := range c.kind.compile(c, e.matcher) {
					pr.Rule, pr.Index = r.ID, i
					probs = append(probs, pr)
				}
			}
			for _, needs := range c.regexNeeds {
				c.regexSets = append(c.regexSets, e.literals.intern(needs))
			}
			for _, sets := range c.regexAlso {
				for _, set := range sets {
					for _, l := range set {
						if len(l) >= alsoIndexed {
							e.literals.internLit(l) // see windowHasAll
						}
					}
				}
			}
			for k := range c.regexCoreLead {
				c.regexCoreLead[k].id = e.literals.internLit(c.regexCoreLead[k].lit)
			}
			for _, st := range c.regexStarts {
				if st == nil {
					continue
				}
				for k := range st.leads {
					st.leads[k].id = e.literals.internLit(st.leads[k].lit)
				}
			}
			for k, ex := range r.Exceptions {
				pat, ncap, err := parsePattern(ex)
				if err != nil {
					probs = append(probs, Problem{Rule: r.ID, Index: i, Field: indexed("exceptions", k), Message: err.Error()})
					continue
				}
				e.matcher.add(pat, ncap, accept{rule: c.index, exception: true})
			}
			e.rules = append(e.rules, c)
			if _, dup := e.byName[c.name]; !dup {
				e.byName[c.name] = c
			}
		}
		if len(probs) > 0 {
			sortProblems(probs)
			return nil, &PackError{Pack: p.Name, Problems: probs}
		}
		e.packs = append(e.packs, PackInfo{Name: p.Name, Version: p.Version, Description: p.Description, Rules: len(p.Rules)})
	}
	for _, p := range packs {
		for _, d := range p.Disable {
			if c := e.byName[d]; c != nil && c.pack != p.Name {
				c.off = true
			}
		}
	}
	e.gates = gatesOf(e.rules)
	e.literals.ac = newACMatcher(e.literals.lits)
	e.matcher.flat = e.matcher.freeze() // before any Analyze: scans share it
	return e, nil
}

// ruleGate is what analysis needs to know of a rule to skip it.
type ruleGate uint8

// gatesOf returns the gate of each rule.
//
//go:noinline
func gatesOf(rules []*compiled) []ruleGate {
	gates := make([]ruleGate, len(rules))
	for i, c := range rules {
		if c.off {
			gates[i] |= gateOff
		}
		if c.fromMatches {
			gates[i] |= gateFromMatches
		}
		if c.pressure {
			gates[i] |= gatePressure
		}
	}
	return gates
}

const (
	gateOff         ruleGate = 1 << iota // the rule is off (see compiled.off)
	gateFromMatches                      // see compiled.fromMatches
	gatePressure                         // see compiled.pressure
)

// Packs describes the loaded packs.
func (e *Engine) Packs() []PackInfo { return e.packs }

// RuleCount is the number of rules loaded, disabled ones included.
func (e *Engine) RuleCount() int { return len(e.rules) }

// analysis is the state of one Analyze call shared by the rule kinds.
type analysis struct {
	text    *Text
	metrics Metrics
	// hits holds what the matcher found per rule index, for the rules it
	// found anything for.
	hits []*ruleHits // per rule index
	// bodyStart and bodyEnd cache bodySpan.
	bodyStart, bodyEnd int
	bodyKnown          bool
	signals            signals
	// bytesIn and bytesKnown are bit sets: which bytes the text holds,
	// among those looked for (see hasAnyByte).
	bytesIn, bytesKnown [4]uint64
	// lower is the text in lower case when folding ASCII letters is not
	// all lower-casing does to it (see literalPositions).
	lower string
	// litPos holds, per regex literal, where it occurs in the text (case
	// ignored); litExact says they are offsets in the text, litDone that
	// they are worked out (see literalPositions).
	litPos   literalHits
	litDone  bool
	litExact bool
	// setWins caches regex windows per literal set (see regexWindows);
	// setDone says which are worked out.
	setWins [][][2]int
	setDone []bool
	// one and cands are scratch space for the regex path: a window list
	// of one, and the places a core-led expression is tried.
	one        [1][2]int
	regexCands []int
	winBuf     [][2]int // see regexWindows
	coreSeen   []coreAnswer
	hasAll     []hasAllAnswer
	// hitSlab is where ruleHits come from: those of this analysis, with
	// room for every rule (see addHits).
	hitSlab []ruleHits
	// found holds the matcher's matches, placed their runs per rule (see
	// placeHits); cands and ruleOf the candidate findings and their
	// rules' places in pack order.
	found, placed []rawMatch
	cands         []Finding
	ruleOf        []int
	// asks and pressure are per sentence and per token flags (see analyze
	// and pressureTokens), kept for the next analysis.
	asks, pressure []bool
	// sugg is where findings' suggestion lists come from; it is handed
	// out with the result, so reset drops it instead of keeping it.
	sugg []string
	// phraseSignals are the signals found by phrase in the body.
	phraseSignals signals
	// tokenSignals are the signals the body's tokens show, a link
	// included (capitals too; see linksIn), and numbers the body tokens
	// that are a number signal unless pressure holds them: both from the
	// metrics' pass over the tokens (see computeMetrics), for
	// computeSignals.
	tokenSignals signals
	numbers      []int32
	engine       *Engine
}

// reset readies a for an analysis with e, keeping the memory of its lists
// (an engine pools analyses) but nothing of the last message.
func (a *analysis) reset(e *Engine) {
	*a = analysis{
		text: a.text, engine: e,
		hits:    zeroed(a.hits, len(e.rules)),
		setWins: a.setWins[:0], setDone: a.setDone[:0],
		regexCands: a.regexCands[:0], winBuf: a.winBuf[:0], hitSlab: a.hitSlab[:0],
		coreSeen: a.coreSeen[:0], hasAll: a.hasAll[:0], asks: a.asks[:0], pressure: a.pressure[:0], numbers: a.numbers[:0],
		found: a.found[:0], placed: a.placed[:0], cands: a.cands[:0], ruleOf: a.ruleOf[:0],
	}
}

// zeroed returns list with n zero elements, reusing its memory when it
// has room.
func zeroed[T any](list []T, n int) []T {
	if cap(list) < n {
		return make([]T, n)
	}
	list = list[:n]
	clear(list)
	return list
}

// release drops what a holds of the message just analysed: token forms,
// findings and the lower-cased text point into it.
func (a *analysis) release() {
	clear(a.text.Tokens)
	a.text.Raw = ""
	clear(a.cands[:cap(a.cands)])
	a.lower = ""
}

// ruleHits is what the matcher found for one rule.
type ruleHits struct {
	// matches holds the rule's pattern occurrences, exceptions apart.
	matches, exceptions []rawMatch
	// cond says which condition phrase groups were seen (1: lacks_phrases,
	// 2: has_phrases).
	cond [3]bool
	// nmatches and nexceptions count them before they are placed.
	nmatches, nexceptions int32
}

// placeHits gives every rule's hits their matches and exceptions from
// found, all in one array, once addHits has counted them.
func (a *analysis) placeHits(found []rawMatch) {
	// a.hitSlab holds every rule's hits that addHits created (it never
	// moves during an analysis), so only those are visited, not every
	// rule's slot; the order the runs are laid out in does not matter.
	total := 0
	for i := range a.hitSlab {
		h := &a.hitSlab[i]
		total += int(h.nmatches + h.nexceptions)
	}
	if total == 0 {
		return
	}
	if cap(a.placed) < total {
		a.placed = make([]rawMatch, total)
	}
	all := a.placed[:total]
	for i := range a.hitSlab {
		h := &a.hitSlab[i]
		n := int(h.nmatches)
		h.matches, all = all[:0:n], all[n:]
		n = int(h.nexceptions)
		h.exceptions, all = all[:0:n], all[n:]
	}
	for _, m := range found {
		acc := &a.engine.matcher.accepts[m.acc]
		if acc.rule < 0 || acc.condGroup > 0 && !acc.exception {
			continue
		}
		h := a.hits[acc.rule]
		if acc.exception {
			h.exceptions = append(h.exceptions, m)
		} else {
			h.matches = append(h.matches, m)
		}
	}
}

// ruleHits returns the hits of rule, or nil when the matcher found nothing
// for it.
func (a *analysis) ruleHits(rule int) *ruleHits { return a.hits[rule] }

// addHits returns the hits of rule, creating them.
func (a *analysis) addHits(rule int) *ruleHits {
	h := a.hits[rule]
	if h == nil {
		if len(a.hitSlab) == cap(a.hitSlab) {
			// Room for every rule at once: a rule has one ruleHits, so
			// the slab never fills up and moves during an analysis, and
			// placeHits finds all the hits in it.
			a.hitSlab = make([]ruleHits, 0, len(a.hits))
		}
		a.hitSlab = append(a.hitSlab, ruleHits{})
		h = &a.hitSlab[len(a.hitSlab)-1]
		a.hits[rule] = h
	}
	return h
}

// gatherHits runs the matcher over the analysed text and sorts what it
// found: the phrase signals, the sentences that ask, and every rule's hits.
func (a *analysis) gatherHits() {
	t, mt := a.text, a.engine.matcher
	a.asks = zeroed(a.asks, len(t.Sentences)+1)
	askSentences := a.asks
	a.found = mt.scan(t, a.found)
	found := a.found
	// Each rule's matches and exceptions are runs of one array, in the
	// order found: counted on the first pass, placed on the second.
	for _, m := range found {
		acc := &mt.accepts[m.acc]
		switch {
		case acc.rule == answerRule:
			if t.Tokens[m.first].Body {
				a.phraseSignals |= sigAnswer
			}
		case acc.rule == resourceRule:
			if t.Tokens[m.first].Body {
				a.phraseSignals |= sigResource
			}
		case acc.rule == askRule:
			askSentences[t.Tokens[m.first].Sentence] = true
		default:
			// One call site: addHits is inlined, once.
			switch h := a.addHits(acc.rule); {
			case acc.exception:
				h.nexceptions++
			case acc.condGroup > 0:
				h.cond[acc.condGroup] = true
			default:
				h.nmatches++
			}
		}
	}
	a.placeHits(found)
}

// Analyze checks text with every enabled rule and returns the findings, the
// message metrics and the helpfulness score.
func (e *Engine) Analyze(text string, opt Options) Result {
	return e.analyze(text, opt, nil)
}

func (e *Engine) analyze(text string, opt Options, only *compiled) Result {
	a, _ := e.scratch.Get().(*analysis)
	if a == nil {
		a = &analysis{text: &Text{}}
	}
	a.reset(e)
	defer func() {
		a.release()
		e.scratch.Put(a)
	}()
	t := a.text
	t.analyze(text, e.matcher.flat.dict)
	a.gatherHits()
	a.computeMetrics(a.asks)
	var disabled map[string]bool
	for _, d := range opt.DisabledRules {
		if disabled == nil {
			disabled = map[string]bool{}
		}
		disabled[d] = true
	}
	cands := a.cands[:0]
	ruleOf := a.ruleOf[:0] // per candidate, its rule's place in pack order
	defer func() { a.cands, a.ruleOf = cands, ruleOf }()
	for i, g := range e.gates {
		if g&gateFromMatches != 0 && a.hits[i] == nil {
			continue // nothing matched: nothing to find
		}
		if only == nil && g&gateOff != 0 {
			continue
		}
		c := e.rules[i]
		if only != nil && c != only {
			continue
		}
		if only == nil && (disabled != nil && disabled[c.name] || len(opt.DisabledCategories) > 0 && contains(opt.DisabledCategories, c.Category)) {
			continue
		}
		cands = c.kind.find(c, a, cands)
		for len(ruleOf) < len(cands) {
			ruleOf = append(ruleOf, c.index)
		}
	}
	if len(opt.Ignored) > 0 {
		ign := map[string]bool{}
		for _, s := range opt.Ignored {
			ign[Normalize(s)] = true
		}
		kept, keptOf := cands[:0], ruleOf[:0]
		for i, f := range cands {
			if !ign[Normalize(f.Match)] {
				kept, keptOf = append(kept, f), append(keptOf, ruleOf[i])
			}
		}
		cands, ruleOf = kept, keptOf
	}
	findings := resolveOverlaps(cands, ruleOf)
	if findings == nil {
		findings = []Finding{} // JSON consumers get [], never null
	}
	for i := range findings {
		findings[i].Line, findings[i].Col = t.Position(findings[i].Start)
	}
	score, reasons := computeScore(findings, a.metrics)
	return Result{Score: score, Metrics: a.metrics, Reasons: reasons, Findings: findings}
}

func severityRank(s string) int {
	for i, x := range Severities {
		if x == s {
			return i
		}
	}
	return -1
}

// resolveOverlaps keeps, among overlapping span findings, the most severe,
// then the longest, then the earliest, then the first rule in pack order
// (ruleOf gives each candidate's rule's place in it). Metric findings never
// conflict. The result is ordered by position.
func resolveOverlaps(cands []Finding, ruleOf []int) []Finding {
	keys := make([]overlapKey, len(cands))
	for i := range cands {
		f := &cands[i]
		severity := uint64(len(Severities) - severityRank(f.Severity)) // smaller: more severe
		keys[i] = overlapKey{
			x:     severity<<32 | uint64(math.MaxUint32-uint32(f.End-f.Start)),
			y:     uint64(f.Start)<<32 | uint64(uint32(ruleOf[i])),
			start: f.Start, end: f.End, i: i, metric: f.Category == "metric",
		}
	}
	sortKeys(keys)
	kept := keys[:0]
	for _, f := range keys {
		if !f.metric {
			clash := false
			for _, k := range kept {
				if !k.metric && f.start < k.end && k.start < f.end {
					clash = true
					break
				}
			}
			if clash {
				continue
			}
		}
		kept = append(kept, f)
	}
	for i := range kept {
		k := &kept[i]
		metric := uint64(0)
		if k.metric {
			metric = 1
		}
		k.x, k.y = metric<<32|uint64(k.start), uint64(uint32(ruleOf[k.i]))
	}
	sortKeys(kept)
	if len(kept) == 0 {
		return nil
	}
	out := make([]Finding, len(kept))
	for i, k := range kept {
		out[i] = cands[k.i]
	}
	return out
}

// overlapKey is what resolveOverlaps sorts candidates by: small keys, not
// the findings themselves. Each order is packed into two words compared in
// turn: first the most severe, the longest, the earliest, the first rule;
// then position, metric findings last.
type overlapKey struct {
	x, y       uint64
	start, end int
	i          int
	metric     bool
}

// sortKeys sorts keys by x then y, keeping the order of equal keys: by
// insertion, moving each key once, for the few findings a message has;
// by sortStable for many.
func sortKeys(keys []overlapKey) {
	if len(keys) > 48 {
		sortStable(keys, func(a, b *overlapKey) bool { return a.x < b.x || a.x == b.x && a.y < b.y })
		return
	}
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		j := i
		for ; j > 0 && (k.x < keys[j-1].x || k.x == keys[j-1].x && k.y < keys[j-1].y); j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = k
	}
}

// sortStable sorts list by less, keeping the order of equal elements:
// by insertion for the few elements a message usually has (candidates,
// regex windows and places, mostly in order already), by order.Stable for
// many.
func sortStable[T any](list []T, less func(a, b *T) bool) {
	if len(list) > 48 {
		order.Stable(list, less)
		return
	}
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && less(&list[j], &list[j-1]); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// spanFinding builds a finding for text[start:end] of rule c.
func (c *compiled) spanFinding(t *Text, start, end int, suggestions []string) Finding {
	if suggestions == nil {
		suggestions = []string{}
	}
	return Finding{Rule: c.name, Category: c.Category, Severity: c.Severity, Start: start, End: end,
		Match: t.Raw[start:end], Message: c.Message, Why: c.Why, Suggestions: suggestions}
}

// excepted reports whether match m of rule c overlaps one of its exceptions.
func (a *analysis) excepted(c *compiled, first, last int) bool {
	h := a.ruleHits(c.index)
	if h == nil {
		return false
	}
	for _, x := range h.exceptions {
		if x.first <= last && first <= x.last {
			return true
		}
	}
	return false
}

// exceptedBytes is excepted for a byte span (regex rules).
func (a *analysis) exceptedBytes(c *compiled, start, end int) bool {
	h := a.ruleHits(c.index)
	if h == nil {
		return false
	}
	toks := a.text.Tokens
	for _, x := range h.exceptions {
		if int(toks[x.first].Start) < end && start < int(toks[x.last].End) {
			return true
		}
	}
	return false
}

// RuleInfo describes a loaded rule, for rule browsers.
type RuleInfo struct {
	Rule
	Name string `json:"name"`
	Pack string `json:"pack"`
	// Off is true when another pack disabled this rule.
	Off bool `json:"off,omitempty"`
}

// Rules lists every loaded rule in pack order.
func (e *Engine) Rules() []RuleInfo {
	out := make([]RuleInfo, 0, len(e.rules))
	for _, c := range e.rules {
		out = append(out, RuleInfo{Rule: c.Rule, Name: c.name, Pack: c.pack, Off: c.off})
	}
	return out
}

// Apply returns text with text[f.Start:f.End] replaced by suggestion.
func Apply(text string, f Finding, suggestion string) string {
	return text[:f.Start] + suggestion + text[f.End:]
}
