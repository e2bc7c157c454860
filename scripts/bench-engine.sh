#!/bin/sh
# bench-engine.sh prints the engine benchmark figures: wall clock (-count 5,
# summarised by benchstat) and, when valgrind is installed, instructions per
# operation, which stay repeatable on a loaded machine.
set -e
cd "$(dirname "$0")/.."
bin=$(mktemp)
trap 'rm -f "$bin" "$bin.txt"' EXIT
go test -c -o "$bin" ./rules
cd rules
"$bin" -test.run '^$' -test.bench 'Builtin2KB$|Builtin20KB$|Plus2000Rules2KB$|CompileBuiltin$' -test.benchmem -test.count 5 | tee "$bin.txt"
go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da "$bin.txt"
command -v valgrind >/dev/null || exit 0
# Instructions per op: the difference of two whole-program runs, so set-up
# cancels out. GOGC=off and no async preemption keep the counts repeatable.
total() {
	GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$bin" -test.run '^$' -test.bench "$1" -test.benchtime "${2}x" 2>&1 | awk '/Collected/ {print $4}'
}
per() {
	lo=$(total "$1" "$2")
	hi=$(total "$1" "$3")
	echo "$1 instructions/op: $(((hi - lo) / ($3 - $2)))"
}
per 'Builtin2KB$' 10 210
per 'Plus2000Rules2KB$' 10 210
per 'CompileBuiltin$' 2 7
