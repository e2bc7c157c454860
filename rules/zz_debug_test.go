package rules

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDumpRegex(t *testing.T) {
	data, _ := os.ReadFile("../packs/always-be-helping.json")
	pp, err0 := ParsePackJSON(data); if err0 != nil { t.Fatal(err0) }; p := *pp
	e, err := Compile(&p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range e.rules {
		if c.Kind == "regex" {
			for k, re := range c.regex {
				fmt.Printf("%s %q needs=%q\n", c.ID, re.String(), c.regexNeeds[k])
			}
		}
	}
}
