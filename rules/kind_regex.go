package rules

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/internal/order"
)

// regexKind matches RE2 expressions against the original text, for what
// token patterns cannot express (template residue like "{FirstName}",
// "[Company]"). Matching ignores case unless case_sensitive is set.
// Replacements may use $1 or ${name} as in Go's regexp.Expand.
type regexKind struct{}

func (regexKind) compile(c *compiled, _ *matcher) []Problem {
	var probs []Problem
	var trees []*syntax.Regexp
	if len(c.Patterns) == 0 {
		probs = append(probs, Problem{Field: "patterns", Message: "give at least one RE2 expression"})
	}
	for i, p := range c.Patterns {
		src := p
		if !c.CaseSensitive {
			src = "(?i)" + p
		}
		// Parsing finds every error regexp.Compile would; the expression
		// itself is compiled on first use (lazyRegexp), because most
		// messages never hold the literals that make it run.
		parsed, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			if _, err2 := syntax.Parse(p, syntax.Perl); err2 != nil {
				err = err2
			}
			msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
			probs = append(probs, Problem{Field: indexed("patterns", i), Message: "not a valid RE2 expression: " + msg})
			continue
		}
		if matchesEmpty(parsed) {
			probs = append(probs, Problem{Field: indexed("patterns", i), Message: q(p) + " matches the empty string, so it would fire everywhere"})
			continue
		}
		for j, r := range c.Replacements {
			if k, n := maxCaptureRef(r), parsed.MaxCap(); k > n {
				probs = append(probs, Problem{Field: indexed("replacements", j), Message: "refers to $" + strconv.Itoa(k) + " but " + indexed("patterns", i) + " has only " + strconv.Itoa(n) + " group(s)"})
			}
		}
		trees = append(trees, parsed)
		c.regex = append(c.regex, &lazyRegexp{src: src})
		c.regexAnchors = append(c.regexAnchors, anchorsOf(parsed))
		c.regexStarts = append(c.regexStarts, startsOf(src, parsed))
		var needs []string
		var also [][]string
		if plain, err := syntax.Parse(p, syntax.Perl); err == nil {
			simple := plain.Simplify()
			needs = requiredLiterals(simple)
			also = alsoRequired(simple, needs)
		}
		c.regexNeeds = append(c.regexNeeds, needs)
		c.regexAlso = append(c.regexAlso, also)
		// Expressions of the rule with the same further literals share an id.
		id := len(c.regexAlso) - 1
		for j, other := range c.regexAlso[:len(c.regexAlso)-1] {
			if sameSets(other, also) {
				id = c.regexAlsoID[j]
				break
			}
		}
		c.regexAlsoID = append(c.regexAlsoID, id)
	}
	if len(trees) > 1 && len(trees) == len(c.Patterns) {
		prefix := ""
		if !c.CaseSensitive {
			prefix = "(?i)"
		}
		if core := commonCore(c.Patterns, prefix, trees); core != "" {
			c.regexCore = &lazyRegexp{src: core}
			// A core with a literal in every match, no assertions and a
			// bounded length can be checked on slices around that
			// literal's occurrences instead of the whole window.
			// Lengths come from the expression as matched (case folding
			// may lengthen a match: k → K), literals from it as written,
			// as for regexNeeds: the parser stores a folded letter as its
			// smallest variant (μ as µ), which lower-cased text lacks.
			tree, err1 := syntax.Parse(core, syntax.Perl)
			plain, err2 := syntax.Parse(strings.TrimPrefix(core, prefix), syntax.Perl)
			at := `\A(?:` + core + `)`
			if err1 == nil && err2 == nil && parses(at) {
				if n, ok := maxLength(tree); ok && n > 0 {
					if lead, ok := leadsOf(plain, tree); ok {
						c.regexCoreMax, c.regexCoreLead = n, lead
						c.regexCoreAt = &lazyRegexp{src: at}
						c.regexCoreFirst = mayBeginWith(tree)
						for k, t := range trees {
							c.regexStarts[k] = coreLed(c.regexStarts[k], prefix+c.Patterns[k], t, tree)
						}
					}
				}
			}
		}
	}
	// An expression still tried everywhere is tried just before its own
	// lead literals, when it has some ("\bif (i|we) could …" only at "if ").
	if len(trees) == len(c.Patterns) {
		for k, tree := range trees {
			if c.regexStarts[k] != nil || nullable(tree) {
				continue
			}
			plain, err := syntax.Parse(c.Patterns[k], syntax.Perl)
			if err != nil {
				continue
			}
			if leads, ok := leadsOf(plain, tree); ok {
				if s := newStarts(matchedSource(c, k), tree); s != nil {
					s.leads = leads
					c.regexStarts[k] = s
				}
			}
		}
	}
	return probs
}

// matchedSource returns rule c's expression k as it is matched (case-insensitive
// unless the rule is case sensitive).
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func matchedSource(c *compiled, k int) string {
	if c.CaseSensitive {
		return c.Patterns[k]
	}
	return "(?i)" + c.Patterns[k]
}

// commonCore returns a part every expression of a rule has, written as an
// expression of its own ("" when there is none worth running). A rule's
// expressions often differ only in the context around one shared phrase
// (line start, after a comma, before a full stop); a window where that
// phrase does not match cannot hold a match of any of them, so one check
// can spare running them all.
//
// Candidates are the parenthesised groups of the first expression's source
// (srcs, compiled with prefix), longest first, that every other source
// holds too. One is taken only if its parse tree is a run of consecutive
// parts of every expression's tree (trees): then every match of every
// expression contains a match of it, whatever the texts look like. Working
// from the source keeps regexp/syntax's printer out of the per-tab wasm.
func commonCore(srcs []string, prefix string, trees []*syntax.Regexp) string {
	cands := groups(srcs[0])
	order.Stable(cands, func(a, b *string) bool { return len(*a) > len(*b) })
	for _, cand := range cands {
		if len(cand) < 8 {
			break // too little to be worth a pass of its own
		}
		shared := true
		for _, src := range srcs[1:] {
			if !strings.Contains(src, cand) {
				shared = false
				break
			}
		}
		if !shared {
			continue
		}
		re, err := syntax.Parse(prefix+cand, syntax.Perl)
		if err != nil || matchesEmpty(re) {
			continue
		}
		run := []*syntax.Regexp{re}
		if re.Op == syntax.OpConcat {
			run = re.Sub
		}
		required := true
		for _, tree := range trees {
			parts := []*syntax.Regexp{tree}
			if tree.Op == syntax.OpConcat {
				parts = tree.Sub
			}
			if runAt(parts, run) < 0 {
				required = false
				break
			}
		}
		if required {
			return prefix + cand
		}
	}
	return ""
}

// groups returns the parenthesised groups of expression src, as source
// text: "(a(b))" gives "(a(b))" and "(b)". Escaped parentheses and those in
// character classes are not groups.
func groups(src string) []string {
	var out []string
	var open []int
	inClass := false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\' && i+1 < len(src) && src[i+1] == 'Q':
			// \Q…\E quotes everything up to \E (or the end).
			if end := strings.Index(src[i+2:], `\E`); end >= 0 {
				i += 2 + end + 1
			} else {
				i = len(src)
			}
		case c == '\\':
			i++ // the escaped character
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if i+1 < len(src) && src[i+1] == ']' {
				i++ // "[]…]": a leading ] is a member
			} else if i+2 < len(src) && src[i+1] == '^' && src[i+2] == ']' {
				i += 2
			}
		case c == '(':
			open = append(open, i)
		case c == ')' && len(open) > 0:
			o := open[len(open)-1]
			open = open[:len(open)-1]
			out = append(out, src[o:i+1])
		}
	}
	return out
}

// runAt returns where run occurs as consecutive elements of list, or -1.
func runAt(list, run []*syntax.Regexp) int {
	for i := 0; i+len(run) <= len(list); i++ {
		same := true
		for k := range run {
			if !list[i+k].Equal(run[k]) {
				same = false
				break
			}
		}
		if same {
			return i
		}
	}
	return -1
}

// lazyRegexp is a valid expression compiled the first time it is needed.
type lazyRegexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) }) // parsed by compile already
	return l.re
}

// matchesEmpty reports whether re matches the empty string, exactly as
// regexp's MatchString("") would, from the parsed expression alone: at the
// only position of an empty text, line and text anchors and \B hold, \b
// does not.
func matchesEmpty(re *syntax.Regexp) bool {
	return emptyMatch(re, func(op syntax.Op) bool { return op != syntax.OpWordBoundary })
}

// emptyMatch reports whether re can match without consuming anything when
// each zero-width assertion holds as holds says.
func emptyMatch(re *syntax.Regexp, holds func(syntax.Op) bool) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return holds(re.Op)
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return emptyMatch(re.Sub[0], holds)
	case syntax.OpRepeat:
		return re.Min == 0 || emptyMatch(re.Sub[0], holds)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !emptyMatch(sub, holds) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if emptyMatch(sub, holds) {
				return true
			}
		}
		return false
	}
	return false // characters, classes, no match
}

// requiredLiterals returns lower-case strings one of which every match of
// the expression contains, or nil when there is no such set. The engine
// runs an expression only on texts containing one of them, so a pack's
// regex rules cost a substring search, not a regexp scan, on most messages.
func requiredLiterals(re *syntax.Regexp) []string {
	lits := literalsOf(re)
	for _, l := range lits {
		if len(l) < 3 {
			return nil // too short to be worth a pre-check
		}
	}
	return lits
}

func literalsOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture:
		return literalsOf(re.Sub[0])
	case syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
	case syntax.OpConcat:
		// Any one part's literals will do; pick the set whose shortest
		// literal is longest.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			l := literalsOf(sub)
			if l == nil {
				continue
			}
			if m := minLen(l); m > bestLen {
				best, bestLen = l, m
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			l := literalsOf(sub)
			if l == nil {
				return nil
			}
			all = append(all, l...)
		}
		return all
	}
	return nil
}

// alsoRequired returns the other literal sets a match must contain besides
// best (the set windows are found by): in "if (i|we) could … would you",
// windows come from one set and a window without "would" or "will" in it
// can be skipped without running the expression.
func alsoRequired(re *syntax.Regexp, best []string) [][]string {
	if best == nil {
		return nil
	}
	var out [][]string
	for _, set := range literalSets(re) {
		if minLen(set) >= 2 && strings.Join(set, "\x00") != strings.Join(best, "\x00") {
			out = append(out, set)
		}
	}
	return out
}

// literalSets returns every literal set of the parts of a concatenation
// (each set: one of its literals is in every match).
func literalSets(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return literalSets(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalSets(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		var out [][]string
		for _, sub := range re.Sub {
			out = append(out, literalSets(sub)...)
		}
		return out
	}
	if l := literalsOf(re); l != nil {
		return [][]string{l}
	}
	return nil
}

// sameSets reports whether a and b hold the same literal sets in the same
// order.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func sameSets(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// windowHasAll reports whether window w holds, case ignored, a literal of
// every set, given pos, the literals' places (see literalPositions). Only
// windows made from literal positions are asked, so the text's offsets are
// those of its lower-cased form, and those of the places: a literal the
// literals' one pass looks for (see alsoIndexed) is looked up among its
// places (the same answer as a search of the window, as that pass finds
// every occurrence, overlapping ones included), a shorter one searched for.
func (a *analysis) windowHasAll(w [2]int, sets [][]string, pos *literalHits) bool {
	text := a.text.Raw
	if a.lower != "" {
		text = a.lower
	}
	text = text[w[0]:w[1]]
	for _, set := range sets {
		found := false
		for _, l := range set {
			id, indexed := 0, false
			if len(l) >= alsoIndexed { // Compile interns these
				id, indexed = a.engine.literals.litID[l]
			}
			if indexed {
				found = anyLeadIn(pos, []coreLead{{lit: l, id: id}}, w)
			} else {
				found = containsFold(text, l)
			}
			if found {
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func minLen(l []string) int {
	m := -1
	for _, s := range l {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}

func (regexKind) find(c *compiled, a *analysis, out []Finding) []Finding {
	raw := a.text.Raw
	// The rule's answers per window (see coreAnswer, hasAllAnswer): a few
	// windows, so lists, kept in the analysis for the next rule.
	coreSeen, hasAll := a.coreSeen[:0], a.hasAll[:0]
	defer func() { a.coreSeen, a.hasAll = coreSeen, hasAll }()
	coreIn := func(sw [2]int) coreAnswer {
		for _, x := range coreSeen {
			if x.w == sw {
				return x
			}
		}
		cores, ok := a.coreMatches(c, sw)
		coreSeen = append(coreSeen, coreAnswer{sw, ok, cores})
		return coreSeen[len(coreSeen)-1]
	}
	for k, re := range c.regex {
		st := c.regexStarts[k]
		if st != nil && st.first != nil && !a.hasAnyByte(st.firsts) {
			continue // every match begins with one of these bytes
		}
		also := c.regexAlso[k]
		for _, w := range a.regexWindows(c.regexSets[k]) {
			pos, exact := a.literalPositions()
			// A match needs one of its rule's core leads, or of its own,
			// in the window: looked up among the places found, before
			// reading the window for further literals.
			if exact && (len(c.regexCoreLead) > 0 && !anyLeadIn(pos, c.regexCoreLead, w) ||
				st != nil && st.leads != nil && !anyLeadIn(pos, st.leads, w)) {
				continue
			}
			if also != nil && exact {
				// The window holds one of the expression's literals; it
				// must hold one of each further set too. (When lower-casing
				// changes offsets, the window is the whole text, unchecked.)
				id, has, seen := c.regexAlsoID[k], false, false
				for _, x := range hasAll {
					if x.w == w && x.also == id {
						has, seen = x.has, true
						break
					}
				}
				if !seen {
					has = a.windowHasAll(w, also, pos)
					hasAll = append(hasAll, hasAllAnswer{w, id, has})
				}
				if !has {
					continue
				}
			}
			for _, sw := range a.narrow(w, c.regexSets[k], c.regexAnchors[k]) {
				var cores []int
				if c.regexCore != nil {
					x := coreIn(sw)
					if !x.ok {
						continue
					}
					cores = x.cores
				}
				var locs [][]int
				switch {
				case st != nil && st.coreLed && cores != nil:
					// Try only just before where the core matched.
					a.regexCands = st.coreCandidates(a.regexCands[:0], raw, sw, cores)
					locs = st.findAll(raw, sw, a.regexCands)
				case st != nil && (st.lineStarts || st.first != nil):
					locs = st.findAll(raw, sw, nil) // try only where a match can start
				case st != nil && st.leads != nil && a.exactPositions():
					pos, _ := a.literalPositions()
					a.regexCands = leadCandidates(a.regexCands[:0], raw, sw, st.leads, pos)
					if len(a.regexCands) > 0 { // none: no lead, no match
						locs = st.findAll(raw, sw, a.regexCands)
					}
				default:
					locs = re.get().FindAllStringSubmatchIndex(raw[sw[0]:sw[1]], 64)
					for _, loc := range locs {
						for i := range loc {
							if loc[i] >= 0 {
								loc[i] += sw[0]
							}
						}
					}
				}
				for _, loc := range locs {
					if f, ok := regexFinding(c, a, loc); ok {
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}

// coreAnswer says whether a rule's common core matched in window w and,
// when known, where (see commonCore, coreMatches).
type coreAnswer struct {
	w     [2]int
	ok    bool
	cores []int
}

// hasAllAnswer is windowHasAll's answer for window w and a rule's set of
// further literals numbered also: a rule's expressions usually share both.
type hasAllAnswer struct {
	w    [2]int
	also int
	has  bool
}

// Anchors an expression uses, which decide how far a window may shrink.
const (
	anchorBegin = 1 << iota // ^ or \A: the window must start where the line does
	anchorEnd               // $ or \z: the window must end where the line does
)

// anchorsOf reports which line or text anchors expr uses.
func anchorsOf(re *syntax.Regexp) int {
	var walk func(*syntax.Regexp) int
	walk = func(r *syntax.Regexp) int {
		a := 0
		switch r.Op {
		case syntax.OpBeginLine, syntax.OpBeginText:
			a |= anchorBegin
		case syntax.OpEndLine, syntax.OpEndText:
			a |= anchorEnd
		}
		for _, sub := range r.Sub {
			a |= walk(sub)
		}
		return a
	}
	return walk(re)
}

// narrowAbove is the window length above which a line window is cut down to
// the sentences holding a required literal. Messages pasted as one long line
// would otherwise make every expression scan all of it.
var narrowAbove = 320

// narrow cuts line window w down to the sentences around the occurrences of
// literal set set, keeping the line's start or end where the expression is
// anchored there. Each sentence window reaches back to the mark that ended
// the sentence before (patterns may start on it) and on past the marks,
// spaces and first character after its end.
func (a *analysis) narrow(w [2]int, set, anchors int) [][2]int {
	if set < 0 || w[1]-w[0] <= narrowAbove || anchors == anchorBegin|anchorEnd {
		a.one[0] = w
		return a.one[:]
	}
	raw := a.text.Raw
	var wins [][2]int
	for _, id := range a.engine.literals.sets[set] {
		lit := a.engine.literals.lits[id]
		from := w[0]
		// The occurrences were found by the one pass that made the line
		// windows (literalWindows); keep those inside this window.
		for _, p := range a.litPos.of(id) {
			pos := int(p)
			if pos < from || pos+len(lit) > w[1] {
				continue
			}
			from = pos + len(lit)
			start, end := w[0], w[1]
			if anchors&anchorBegin == 0 {
				start = sentenceStartBefore(raw, pos, w[0])
			}
			if anchors&anchorEnd == 0 {
				end = sentenceEndAfter(raw, from, w[1])
			}
			wins = append(wins, [2]int{start, end})
		}
	}
	return mergeWindows(wins)
}

// isSentenceMark reports whether raw[i] ends a sentence: a line break, or
// . ! ? ; : followed by white space or the end of the text.
func isSentenceMark(raw string, i int) bool {
	switch raw[i] {
	case '\n':
		return true
	case '.', '!', '?', ';', ':':
		return i+1 >= len(raw) || raw[i+1] == ' ' || raw[i+1] == '\t' || raw[i+1] == '\n' || raw[i+1] == '\r'
	}
	return false
}

// sentenceStartBefore returns the position of the mark ending the sentence
// before pos (so that the mark is in the window), or lo.
func sentenceStartBefore(raw string, pos, lo int) int {
	for i := pos - 1; i >= lo; i-- {
		if isSentenceMark(raw, i) {
			return i
		}
	}
	return lo
}

// sentenceEndAfter returns the end of the sentence holding pos: past its
// closing marks, the white space after them and one more character; or hi.
func sentenceEndAfter(raw string, pos, hi int) int {
	i := pos
	for i < hi && !isSentenceMark(raw, i) {
		i++
	}
	for i < hi && strings.IndexByte(".!?;:", raw[i]) >= 0 {
		i++
	}
	for i < hi && strings.IndexByte(" \t\r\n", raw[i]) >= 0 {
		i++
	}
	if i < hi {
		_, size := utf8.DecodeRuneInString(raw[i:])
		i += size
	}
	if i > hi {
		i = hi
	}
	return i
}

func regexFinding(c *compiled, a *analysis, loc []int) (Finding, bool) {
	raw := a.text.Raw
	start, end := loc[0], loc[1]
	if start == end || !utf8.RuneStart(raw[start]) || (end < len(raw) && !utf8.RuneStart(raw[end])) {
		return Finding{}, false
	}
	if a.exceptedBytes(c, start, end) {
		return Finding{}, false
	}
	capture := func(k int) string {
		if 2*k+1 >= len(loc) || loc[2*k] < 0 {
			return ""
		}
		return raw[loc[2*k]:loc[2*k+1]]
	}
	return c.spanFinding(a.text, start, end, suggestions(c, a, start, end, capture)), true
}

// coreMatches reports whether rule c's common core matches in window w
// and, when it can tell, every place in w where a core match begins (in
// order; nil when it cannot tell).
// When every core match holds one of the core's lead literals not far from
// its start (regexCoreLead) and spans at most regexCoreMax bytes
// with no assertion in it, the core is only tried, anchored, at the few
// places before each occurrence of those literals: the same answer for a
// fraction of the work of a scan, and the places where it matches.
func (a *analysis) coreMatches(c *compiled, w [2]int) ([]int, bool) {
	raw := a.text.Raw
	pos, exact := a.literalPositions()
	if len(c.regexCoreLead) == 0 || !exact {
		return nil, c.regexCore.get().MatchString(raw[w[0]:w[1]])
	}
	at := c.regexCoreAt.get()
	var cores []int
	sorted := true
	for _, l := range c.regexCoreLead {
		for _, p32 := range pos.of(l.id) {
			p := int(p32)
			if p < w[0] || p+len(l.lit) > w[1] {
				continue
			}
			for s := max(w[0], p-l.before); s <= p; s++ {
				if k := len(cores); k > 0 && s <= cores[k-1] {
					if s == cores[k-1] {
						continue
					}
					sorted = false
				}
				if first := c.regexCoreFirst; first != nil && !first[raw[s]] {
					continue // no core match begins with this byte
				}
				if utf8.RuneStart(raw[s]) && at.MatchString(raw[s:min(w[1], s+c.regexCoreMax)]) {
					cores = append(cores, s)
				}
			}
		}
	}
	if !sorted {
		cores = sortedUnique(cores)
	}
	return cores, len(cores) > 0
}

// anyLeadIn reports whether one of leads occurs wholly inside window w,
// from the literals' places pos.
func anyLeadIn(pos *literalHits, leads []coreLead, w [2]int) bool {
	for _, l := range leads {
		ps := pos.of(l.id)
		lo, hi := 0, len(ps) // the first place at or after w's start
		for lo < hi {
			if mid := int(uint(lo+hi) >> 1); int(ps[mid]) < w[0] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(ps) && int(ps[lo])+len(l.lit) <= w[1] {
			return true
		}
	}
	return false
}

// exactPositions reports whether the literals' places are byte offsets in
// the text (see literalPositions).
func (a *analysis) exactPositions() bool {
	_, exact := a.literalPositions()
	return exact
}

// hasAnyByte reports whether the text holds one of bytes, each looked for
// once per analysis.
func (a *analysis) hasAnyByte(bytes []byte) bool {
	for _, b := range bytes {
		known := &a.bytesKnown[b/64]
		if *known&(1<<(b%64)) == 0 {
			*known |= 1 << (b % 64)
			if strings.IndexByte(a.text.Raw, b) >= 0 {
				a.bytesIn[b/64] |= 1 << (b % 64)
			}
		}
		if a.bytesIn[b/64]&(1<<(b%64)) != 0 {
			return true
		}
	}
	return false
}

// literalPositions returns, per literal id, where it occurs in the text
// with case ignored (found for every literal of the engine in one pass; see
// acMatcher), and whether those are byte offsets in the text. They are,
// unless lower-casing a non-ASCII character changes its length; then no
// shortcut that relies on them may be used.
func (a *analysis) literalPositions() (*literalHits, bool) {
	if a.litDone {
		return &a.litPos, a.litExact
	}
	raw, ac := a.text.Raw, a.engine.literals.ac
	pos := ac.find(raw)
	a.litPos, a.litExact, a.litDone = pos, true, true
	if !lowerKeeps(raw) {
		// Folding ASCII letters is not all lower-casing does here: search
		// the lower-cased text, as long as its offsets are the text's.
		lower := toLower(raw)
		a.litExact = len(lower) == len(raw)
		if a.litExact {
			a.litPos = ac.find(lower)
			a.lower = lower
		}
	}
	return &a.litPos, a.litExact
}

// lowerKeeps reports whether lower-casing s changes no non-ASCII character
// (and s is valid UTF-8), so that lower-casing it only lowers ASCII
// letters.
func lowerKeeps(s string) bool {
	for i := 0; i < len(s); {
		if i+32 <= len(s) {
			// Thirty-two ASCII bytes at a time, as four loads (see word8):
			// one test and one step for them all.
			b := s[i : i+32]
			if (word8(b[0:8])|word8(b[8:16])|word8(b[16:24])|word8(b[24:32]))&0x8080808080808080 == 0 {
				i += 32
				continue
			}
		}
		if i+8 <= len(s) {
			// Eight ASCII bytes at a time, one load.
			if word8(s[i:i+8])&0x8080808080808080 == 0 {
				i += 8
				continue
			}
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.ToLower(r) != r {
			return false
		}
		i += size
	}
	return true
}

// word8 returns the first eight bytes of b as one little-endian word (the
// compiler makes this one load).
func word8(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// literalIndex interns the required literals of every regex of an engine
// and the sets they come in, so that one analysis searches the text for each
// literal once, and works out each set's windows once, however many
// expressions share them.
type literalIndex struct {
	lits  []string
	sets  [][]int // literal ids per set
	litID map[string]int
	setID map[string]int
	// ac finds all of lits in one pass; built when the engine is complete.
	ac *acMatcher
}

// intern returns the id of the literal set needs, or -1 when needs is nil
// (the expression must scan the whole text). Literals that contain another
// literal of the set (and no line break) are dropped: every line holding
// them holds the shorter one, so the windows stay the same.
func (x *literalIndex) intern(needs []string) int {
	if needs == nil {
		return -1
	}
	var kept []string
	for i, n := range needs {
		redundant := false
		for j, m := range needs {
			if j != i && !strings.Contains(n, "\n") && strings.Contains(n, m) && (n != m || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			kept = append(kept, n)
		}
	}
	order.Strings(kept)
	key := strings.Join(kept, "\x00")
	if id, ok := x.setID[key]; ok {
		return id
	}
	if x.setID == nil {
		x.setID = map[string]int{}
	}
	ids := make([]int, 0, len(kept))
	for _, l := range kept {
		ids = append(ids, x.internLit(l))
	}
	x.sets = append(x.sets, ids)
	x.setID[key] = len(x.sets) - 1
	return len(x.sets) - 1
}

// alsoIndexed is the shortest further literal (see alsoRequired) the
// literals' one pass looks for. Shorter ones ("an", "th", "you") occur
// dozens of times in a message: each occurrence would cost the pass more
// than the few searches of windows for them do (on the corpus, 3 is as
// good as 4 on a 2 KB message and a little worse on 20 KB, 2 far worse).
const alsoIndexed = 4

// internLit returns the id of literal l, adding it if it is new.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (x *literalIndex) internLit(l string) int {
	if id, ok := x.litID[l]; ok {
		return id
	}
	if x.litID == nil {
		x.litID = map[string]int{}
	}
	x.litID[l] = len(x.lits)
	x.lits = append(x.lits, l)
	return len(x.lits) - 1
}

// regexWindows returns the byte ranges of the text a regex must scan: the
// whole text when it has no required literals (set < 0), none when no
// literal of the set occurs, and otherwise the lines holding an occurrence
// (with the line breaks after them, and the character that follows). Small windows also let Go's regexp use
// its fast backtracker. Windows are worked out once per set and analysis.
func (a *analysis) regexWindows(set int) [][2]int {
	raw := a.text.Raw
	if set < 0 {
		return [][2]int{{0, len(raw)}}
	}
	pos, exact := a.literalPositions()
	if !exact {
		return [][2]int{{0, len(raw)}} // case folding changed byte offsets: scan it all
	}
	x := &a.engine.literals
	if len(a.setWins) != len(x.sets) {
		a.setWins, a.setDone = zeroed(a.setWins, len(x.sets)), zeroed(a.setDone, len(x.sets))
	}
	if a.setDone[set] {
		return a.setWins[set]
	}
	// Every set's windows are kept in one growing list (a.winBuf).
	start := len(a.winBuf)
	wins := a.winBuf
	for _, id := range x.sets[set] {
		if places := pos.of(id); len(places) > 0 { // most literals are absent
			wins = a.literalWindows(wins, x.lits[id], places)
		}
	}
	merged := mergeWindows(wins[start:])
	a.winBuf = wins[:start+len(merged)]
	wins = merged[:len(merged):len(merged)]
	a.setWins[set], a.setDone[set] = wins, true
	return wins
}

// literalWindows appends to wins the lines holding literal n, which
// occurs at places (in order), in text order.
func (a *analysis) literalWindows(wins [][2]int, n string, places []int32) [][2]int {
	t := a.text
	raw := t.Raw
	from := 0
	lineEnd := -1 // where the line of the last window ends
	oneLine := strings.IndexByte(n, '\n') < 0
	for _, p := range places {
		pos := int(p)
		if pos < from {
			continue // overlaps the previous occurrence, whose line it shares
		}
		if oneLine && pos+len(n) <= lineEnd {
			continue // further on the same line: the same window again
		}
		from = pos + len(n)
		li := t.lineOf(pos)
		// The first line break at or after from ends the window's line: for
		// a literal with none, the end of its own line (it lies within it),
		// which the text already knows.
		le := t.Lines[li].End
		if !oneLine {
			if le = strings.IndexByte(raw[from:], '\n'); le < 0 {
				le = len(raw)
			} else {
				le += from
			}
		}
		lineEnd = le
		for le < len(raw) {
			if c := raw[le]; c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				break
			}
			le++
		}
		// And the first character after them: a pattern may need it
		// (e.g. to capitalise the word a deleted opener leaves first).
		if le < len(raw) {
			_, size := utf8.DecodeRuneInString(raw[le:])
			le += size
		}
		wins = append(wins, [2]int{t.Lines[li].Start, le})
	}
	return wins
}

// sortedUnique sorts list and drops repeats, in place.
func sortedUnique(list []int) []int {
	sortStable(list, func(a, b *int) bool { return *a < *b })
	out := list[:0]
	for i, x := range list {
		if i == 0 || x != list[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// mergeWindows sorts windows and joins those that overlap or touch.
func mergeWindows(wins [][2]int) [][2]int {
	if len(wins) < 2 {
		return wins
	}
	sortStable(wins, func(a, b *[2]int) bool { return a[0] < b[0] })
	merged := wins[:1]
	for _, w := range wins[1:] {
		last := &merged[len(merged)-1]
		if w[0] <= last[1] {
			if w[1] > last[1] {
				last[1] = w[1]
			}
			continue
		}
		merged = append(merged, w)
	}
	return merged
}

// toLower is strings.ToLower, faster for the common case: ASCII bytes are
// lowered by arithmetic and other runes one by one, as long as each keeps its
// byte length (so offsets in the result are offsets in s); otherwise it
// falls back to strings.ToLower.
func toLower(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		l := unicode.ToLower(r)
		if r == utf8.RuneError || utf8.RuneLen(l) != size {
			return strings.ToLower(s)
		}
		b = utf8.AppendRune(b, l)
		i += size
	}
	return string(b)
}
