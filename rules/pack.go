package rules

import (
	"errors"
	"strconv"
	"strings"

	"github.com/alwaysbehelping/abh/internal/order"
	"github.com/alwaysbehelping/abh/rules/packjson"
)

// FormatVersion is the version of the compiled pack format this engine reads.
const FormatVersion = 1

// Pack is a rule pack: the authored YAML and the compiled canonical JSON share
// this shape.
type Pack struct {
	// Format is the compiled format version; authored packs may leave it out.
	Format      int    `json:"format" yaml:"format,omitempty"`
	Name        string `json:"name" yaml:"name"`
	Version     string `json:"version" yaml:"version"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	// Disable lists rules of other packs ("pack/rule-id") this pack turns off
	// when both are loaded, e.g. a team pack silencing a built-in rule.
	Disable []string `json:"disable,omitempty" yaml:"disable,omitempty"`
	Rules   []Rule   `json:"rules" yaml:"rules"`
	// Signature is set by `abh pack sign` on compiled packs: an Ed25519
	// signature over the canonical JSON of the pack without it.
	Signature *Signature `json:"signature,omitempty" yaml:"-"`
}

// Signature is a detached Ed25519 signature carried inside a compiled pack.
type Signature struct {
	// Alg is always "ed25519".
	Alg string `json:"alg"`
	// KeyID is the first 16 hex digits of the SHA-256 of the public key.
	KeyID string `json:"key_id"`
	// Value is the base64 (standard, padded) signature.
	Value string `json:"value"`
}

// Rule is one rule of a pack.
type Rule struct {
	ID       string `json:"id" yaml:"id"`
	Kind     string `json:"kind" yaml:"kind"`
	Category string `json:"category" yaml:"category"`
	Severity string `json:"severity" yaml:"severity"`
	// Message is the short label shown on the mark; metric rules may use
	// {value} for the measured value.
	Message string `json:"message" yaml:"message"`
	// Why is one sentence tied to a principle, shown on the card.
	Why string `json:"why" yaml:"why"`
	// Patterns are token patterns (phrase, rewrite, conditional) or RE2
	// expressions (regex).
	Patterns []string `json:"patterns,omitempty" yaml:"patterns,omitempty"`
	// Replacements are the suggested rewrites of the matched span; $1.. refer
	// to captures.
	Replacements []string `json:"replacements,omitempty" yaml:"replacements,omitempty"`
	// Exceptions are token patterns: a match overlapping one is not reported.
	Exceptions []string `json:"exceptions,omitempty" yaml:"exceptions,omitempty"`
	// KeepLoud keeps an all-capitals match in capitals in the rewrite.
	KeepLoud bool `json:"keep_loud,omitempty" yaml:"keep_loud,omitempty"`
	// CaseSensitive makes a regex rule match case (default: ignore case).
	CaseSensitive bool `json:"case_sensitive,omitempty" yaml:"case_sensitive,omitempty"`
	// When is the condition of a conditional rule.
	When *Condition `json:"when,omitempty" yaml:"when,omitempty"`
	// Metric, Above, Below and MinWords define a metric rule: it fires when
	// the metric is above Above or below Below, for messages of at least
	// MinWords words.
	Metric   string   `json:"metric,omitempty" yaml:"metric,omitempty"`
	Above    *float64 `json:"above,omitempty" yaml:"above,omitempty"`
	Below    *float64 `json:"below,omitempty" yaml:"below,omitempty"`
	MinWords int      `json:"min_words,omitempty" yaml:"min_words,omitempty"`
	Examples Examples `json:"examples" yaml:"examples"`
}

// Condition restricts a conditional rule to messages that lack or contain
// something. Signals: link, number, attachment, question, answer, date and
// value (any of link, number, attachment, answer).
type Condition struct {
	Lacks        []string `json:"lacks,omitempty" yaml:"lacks,omitempty"`
	Has          []string `json:"has,omitempty" yaml:"has,omitempty"`
	LacksPhrases []string `json:"lacks_phrases,omitempty" yaml:"lacks_phrases,omitempty"`
	HasPhrases   []string `json:"has_phrases,omitempty" yaml:"has_phrases,omitempty"`
}

// Examples are a rule's own tests: texts it must fire on, look-alikes it must
// not fire on, and exact rewrites.
type Examples struct {
	Fire    []string         `json:"fire,omitempty" yaml:"fire,omitempty"`
	Pass    []string         `json:"pass,omitempty" yaml:"pass,omitempty"`
	Rewrite []RewriteExample `json:"rewrite,omitempty" yaml:"rewrite,omitempty"`
}

// RewriteExample says that applying the rule's first suggestion to In gives Out.
type RewriteExample struct {
	In  string `json:"in" yaml:"in"`
	Out string `json:"out" yaml:"out"`
}

// Categories are the finding categories of PRINCIPLES.md.
var Categories = []string{"closing-pressure", "manipulation", "empty-activity", "forced-process", "self-centred", "scripted", "metric"}

// Severities, from quietest to loudest.
var Severities = []string{"info", "warning", "error"}

// Kinds are the rule kinds.
var Kinds = []string{"phrase", "rewrite", "regex", "conditional", "metric"}

// Problem is one thing wrong with a pack, located by rule and field.
type Problem struct {
	// Rule is the rule id, empty for pack-level problems.
	Rule string `json:"rule,omitempty"`
	// Index is the rule's position in the pack (0-based), -1 for pack level.
	Index int `json:"-"`
	// Field is the field path within the rule, e.g. "patterns[2]".
	Field string `json:"field,omitempty"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
}

// String is the problem as one line: rule, field, message.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (p Problem) String() string {
	switch {
	case p.Rule != "" && p.Field != "":
		return "rule " + p.Rule + ": " + p.Field + ": " + p.Message
	case p.Rule != "":
		return "rule " + p.Rule + ": " + p.Message
	case p.Field != "":
		return p.Field + ": " + p.Message
	}
	return p.Message
}

// PackError lists every problem found in a pack.
type PackError struct {
	Pack     string
	Problems []Problem
}

func (e *PackError) Error() string {
	var b strings.Builder
	b.WriteString("pack " + q(e.Pack) + " has " + strconv.Itoa(len(e.Problems)) + " problem(s):")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// ParsePackJSON decodes a compiled pack. Unknown fields, values of the wrong
// type and data after the pack object are errors that say where they are,
// e.g. `decoding pack JSON: rules[3].examples: unknown field "fires"`.
func ParsePackJSON(data []byte) (*Pack, error) {
	p, err := decodePack(data)
	if err != nil {
		return nil, errors.New("decoding pack JSON: " + err.Error())
	}
	if p.Format != FormatVersion {
		return nil, errors.New("decoding pack JSON: format " + strconv.Itoa(p.Format) + " is not supported (this engine reads format " + strconv.Itoa(FormatVersion) + "); rebuild the pack with abh pack build")
	}
	return p, nil
}

// MarshalCanonical returns the canonical compiled JSON of p: format set,
// fields in a fixed order, two-space indentation, a final newline.
func MarshalCanonical(p *Pack) ([]byte, error) {
	c := *p
	c.Format = FormatVersion
	w := packjson.Writer{Indent: "  "}
	c.WriteJSON(&w)
	out, err := w.Bytes()
	if err != nil {
		return nil, errors.New("encoding pack " + q(p.Name) + ": " + err.Error())
	}
	return append(out, '\n'), nil
}

// TrimExamples returns a copy of p that keeps only each rule's first firing
// example and first rewrite example, the least a valid pack carries: for an
// engine that never runs examples (the extension's per-tab frame), whose
// download they would only make larger. p is not modified.
func TrimExamples(p *Pack) *Pack {
	c := *p
	c.Rules = make([]Rule, len(p.Rules))
	for i, r := range p.Rules {
		r.Examples = Examples{Fire: first(r.Examples.Fire), Rewrite: first(r.Examples.Rewrite)}
		c.Rules[i] = r
	}
	return &c
}

// first returns the first element of list alone (nil when list is empty).
func first[T any](list []T) []T {
	if len(list) == 0 {
		return nil
	}
	return list[:1:1]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ValidName reports whether s is a valid pack name, rule id or team name:
// 1 to 64 lower-case letters, digits and dashes, not starting with a dash.
// The CLI and the worker use it for the names that go into URLs.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func ValidName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || (r == '-' && i > 0)
		if !ok {
			return false
		}
	}
	return true
}

// validate checks the fields every rule has, whatever its kind.
func (p *Pack) validate() []Problem {
	var probs []Problem
	add := func(i int, rule, field, msg string) { addProblem(&probs, i, rule, field, msg) }
	if !ValidName(p.Name) {
		add(-1, "", "name", "pack name "+q(p.Name)+" must be lower-case letters, digits and dashes (e.g. acme-sales)")
	}
	if strings.TrimSpace(p.Version) == "" {
		add(-1, "", "version", "a pack needs a version, e.g. \"1.0.0\"")
	}
	for i, d := range p.Disable {
		if !strings.Contains(d, "/") {
			add(-1, "", indexed("disable", i), q(d)+" must name a rule as pack/rule-id")
		}
	}
	if len(p.Rules) == 0 {
		add(-1, "", "rules", "a pack needs at least one rule")
	}
	seen := map[string]int{}
	for i, r := range p.Rules {
		id := r.ID
		if id == "" {
			id = "#" + strconv.Itoa(i+1)
			add(i, id, "id", "every rule needs an id (lower-case letters, digits, dashes)")
		} else if !ValidName(r.ID) {
			add(i, id, "id", q(r.ID)+" must be lower-case letters, digits and dashes")
		}
		if j, dup := seen[r.ID]; dup && r.ID != "" {
			add(i, id, "id", "duplicate id: rule #"+strconv.Itoa(j+1)+" already uses it; ids must be unique within a pack")
		}
		seen[r.ID] = i
		if !contains(Kinds, r.Kind) {
			add(i, id, "kind", "unknown kind "+q(r.Kind)+" (want one of "+strings.Join(Kinds, ", ")+")")
		}
		if !contains(Categories, r.Category) {
			add(i, id, "category", "unknown category "+q(r.Category)+" (want one of "+strings.Join(Categories, ", ")+")")
		}
		if !contains(Severities, r.Severity) {
			add(i, id, "severity", "unknown severity "+q(r.Severity)+" (want info, warning or error)")
		}
		if strings.TrimSpace(r.Message) == "" {
			add(i, id, "message", "a rule needs a short message shown on the mark")
		}
		if strings.TrimSpace(r.Why) == "" {
			add(i, id, "why", "a rule needs a one-sentence why that ties it to a principle")
		}
		if len(r.Examples.Fire) == 0 {
			add(i, id, "examples.fire", "give at least one message the rule must fire on")
		}
	}
	return probs
}

// sortProblems orders problems by rule position, then field.
func sortProblems(probs []Problem) {
	order.Stable(probs, func(a, b *Problem) bool { return a.Index < b.Index })
}

// addProblem appends a problem to probs. Out of line: inlined into each
// check of validate it cost the wasm kilobytes.
//
//go:noinline
func addProblem(probs *[]Problem, i int, rule, field, msg string) {
	*probs = append(*probs, Problem{Rule: rule, Index: i, Field: field, Message: msg})
}

// q quotes s as fmt's %q does.
//
// Error messages' helpers are kept out of line: inlined, they copied their
// formatting into every check of a pack, kilobytes of every tab's wasm.
//
//go:noinline
func q(s string) string { return strconv.Quote(s) }

// qc quotes a byte as fmt's %q does for a byte: as a character literal.
//
//go:noinline
func qc(c byte) string { return strconv.QuoteRune(rune(c)) }

// indexed is field[i], e.g. patterns[2].
//
//go:noinline
func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// CheckAgainstBase reports what would make team pack p misbehave next to the
// base (built-in) pack: taking the base pack's name, and disable entries that
// name a base rule that does not exist (a typo there would silently switch
// nothing off). The CLI, the worker and the extension all call it.
func CheckAgainstBase(base, p *Pack) []Problem {
	var probs []Problem
	if p.Name == base.Name {
		probs = append(probs, Problem{Index: -1, Field: "name", Message: q(p.Name) + " is the built-in pack's name; a team pack needs a name of its own"})
	}
	have := make(map[string]bool, len(base.Rules))
	for _, r := range base.Rules {
		have[base.Name+"/"+r.ID] = true
	}
	for i, d := range p.Disable {
		if strings.HasPrefix(d, base.Name+"/") && !have[d] {
			probs = append(probs, Problem{Index: -1, Field: indexed("disable", i),
				Message: d + " is not a rule of the built-in pack, so nothing would be switched off (rule ids are listed in packs/always-be-helping.yaml and on the extension's options page)"})
		}
	}
	return probs
}
