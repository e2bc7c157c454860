package rules

import "strings"

// wordFlag marks what the engine knows about a normalised word. One map
// lookup per token answers every class, metric and signal question.
type wordFlag uint16

const (
	flagNumberWord wordFlag = 1 << iota
	flagWeekday
	flagRelativeDay // today, tomorrow, tonight: weekday class, not a name
	flagMonth
	flagAmbiguousMonth // may, march: months that are also common words
	flagAttachment
	flagResource
	flagReader
	flagWriter
	flagVagueNumber // several, few, couple: number class, not a number signal
	flagDuration    // minutes, hours: "a 30-minute call" is an ask, not a fact
	flagNumeral     // set per token, not in the lexicon: 3, 1,000, $40, 20%, 1st
)

var lexicon = map[string]wordFlag{}

// addWords gives each of the space-separated words flag f in the lexicon.
// Kept out of line: inlined into init once per word list, it cost the wasm
// a map loop each time.
//
//go:noinline
func addWords(f wordFlag, words string) {
	for _, w := range strings.Fields(words) {
		lexicon[w] |= f
	}
}

func init() {
	addWords(flagNumberWord, "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty thirty forty fifty hundred a-few few several couple")
	addWords(flagVagueNumber, "one a-few few several couple")
	addWords(flagWeekday, "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun today tomorrow tonight")
	addWords(flagRelativeDay, "today tomorrow tonight")
	addWords(flagMonth, "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	addWords(flagAmbiguousMonth, "may march")
	addWords(flagAttachment, "attached attaching attachment attachments enclosed included including")
	addWords(flagResource, "pdf deck slides summary report video recording article guide checklist template benchmark benchmarks data study playbook calculator webinar doc document spreadsheet")
	addWords(flagDuration, "second seconds sec secs minute minutes min mins hour hours hr hrs")
	addWords(flagReader, "you your yours yourself yourselves you're you'll you've you'd y'all")
	addWords(flagWriter, "i me my mine myself we us our ours ourselves i'm i've i'll i'd we're we've we'll we'd")
	words := make(map[string]wordInfo, len(lexicon))
	for w, f := range lexicon {
		words[w] = wordInfo{norm: w, flags: f}
	}
	lexiconWords = newDictionary(words)
}

// lexiconWords is the dictionary of the lexicon alone (no trie numbers),
// for texts analysed outside an engine.
var lexiconWords *dictionary

func flagsOf(norm string) wordFlag { return lexicon[norm] }
