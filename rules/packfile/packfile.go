// Package packfile reads rule packs as authored in YAML and locates every
// problem by file and line. It is for the CLI and tests only: the wasm engine
// and the worker read compiled JSON, which keeps YAML out of their builds.
package packfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/alwaysbehelping/abh/rules"
	"gopkg.in/yaml.v3"
)

// File is an authored pack with the positions of its parts.
type File struct {
	Path string
	Pack *rules.Pack
	root *yaml.Node
}

// Error is a list of located problems in one pack file.
type Error struct {
	Path  string
	Items []Located
}

// Located is one problem with its file position.
type Located struct {
	Line    int
	Rule    string
	Field   string
	Message string
}

func (l Located) String() string {
	var b strings.Builder
	if l.Rule != "" {
		b.WriteString("rule " + l.Rule + ": ")
	}
	if l.Field != "" {
		b.WriteString(l.Field + ": ")
	}
	b.WriteString(l.Message)
	return b.String()
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, it := range e.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		if it.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.Path, it.Line, it)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.Path, it)
		}
	}
	return b.String()
}

// Read reads and decodes the pack file at path.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading pack: %w", err)
	}
	return Parse(path, data)
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Parse decodes an authored pack. Unknown fields, wrong types and malformed
// YAML are errors naming the line.
func Parse(path string, data []byte) (*File, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	if len(root.Content) == 0 {
		return nil, &Error{Path: path, Items: []Located{{Message: "the file is empty; a pack needs name, version and rules"}}}
	}
	if root.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{Path: path, Items: []Located{{Line: root.Content[0].Line, Message: "a pack is a mapping with name, version, description and rules"}}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p rules.Pack
	if err := dec.Decode(&p); err != nil {
		return nil, yamlError(path, err)
	}
	f := &File{Path: path, Pack: &p, root: root.Content[0]}
	return f, nil
}

func yamlError(path string, err error) error {
	var te *yaml.TypeError
	var items []Located
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			items = append(items, located(e))
		}
	} else {
		items = append(items, located(strings.TrimPrefix(err.Error(), "yaml: ")))
	}
	return &Error{Path: path, Items: items}
}

func located(msg string) Located {
	l := Located{Message: msg}
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		l.Line, _ = strconv.Atoi(msg[m[2]:m[3]])
		l.Message = msg[:m[0]] + msg[m[1]:]
	}
	l.Message = strings.Replace(l.Message, "not found in type rules.", "is not a known field of ", 1)
	return l
}

// Compile validates the pack, compiles it into an engine and, when examples
// is true, runs every rule's examples. All problems come back in one *Error.
func (f *File) Compile(examples bool) (*rules.Engine, error) {
	e, err := rules.Compile(f.Pack)
	var pe *rules.PackError
	if errors.As(err, &pe) {
		out := &Error{Path: f.Path}
		for _, p := range pe.Problems {
			out.Items = append(out.Items, Located{Line: f.Line(p.Index, p.Field), Rule: p.Rule, Field: p.Field, Message: p.Message})
		}
		return nil, out
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	if examples {
		if fails := e.CheckExamples(f.Pack); len(fails) > 0 {
			out := &Error{Path: f.Path}
			for _, x := range fails {
				out.Items = append(out.Items, Located{Line: f.Line(x.Index, x.Field), Rule: x.Rule, Field: x.Field, Message: x.Message})
			}
			return e, out
		}
	}
	return e, nil
}

// Line returns the line of field (e.g. "examples.fire[2]") of rule number
// index, or of a pack-level field when index < 0. It falls back to the
// nearest enclosing node.
func (f *File) Line(index int, field string) int {
	n := f.root
	if index >= 0 {
		rs := mapValue(n, "rules")
		if rs == nil || rs.Kind != yaml.SequenceNode || index >= len(rs.Content) {
			return n.Line
		}
		n = rs.Content[index]
	}
	for _, part := range strings.Split(field, ".") {
		if part == "" {
			continue
		}
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			name = part[:i]
			idx, _ = strconv.Atoi(part[i+1 : len(part)-1])
		}
		v := mapValue(n, name)
		if v == nil {
			return n.Line
		}
		n = v
		if idx >= 0 {
			if v.Kind != yaml.SequenceNode || idx >= len(v.Content) {
				return n.Line
			}
			n = v.Content[idx]
		}
	}
	return n.Line
}

// mapValue returns the value node of key in mapping n; for a key whose value
// is on later lines it still returns the value node.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
