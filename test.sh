#!/usr/bin/env bash
# Runs every test of the solution and prints one summary line: "Total: N passed, N failed, N skipped".
# Tests of containers need root and cgroups: run as root.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$root/.build"
results="$(mktemp -d "$root/.build/test-results.XXXXXX")"
trap 'rm -rf "$results"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet test "$root/Scheduler.sln" --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" -- NUnit.NumberOfTestWorkers=1
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # Ignored tests are not always in notExecuted: count whatever of the total did not run.
  not_run=$(( $(get notExecuted) + $(get inconclusive) ))
  unexecuted=$(( $(get total) - $(get executed) ))
  (( unexecuted > not_run )) && not_run=$unexecuted
  skipped=$((skipped + not_run))
done
# The figures the fuzz, load and chaos tests report (their progress output is kept in the trx files).
echo
grep -ho 'fuzz target=[^&<]*\|http fuzz [^&<]*\|load \(frameworks\|health\|state\|managed_memory\)[^&<]*\|chaos seed=[^&<]*' "$results"/*.trx 2>/dev/null
# Every test that did not run, with the reason it gave.
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  awk '
    /<UnitTestResult / { name = ""; skipped = /outcome="(NotExecuted|Inconclusive)"/
                         if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11) }
    skipped && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
                             print "skipped " name ": " line; skipped = 0 }
  ' "$trx"
done
echo
echo "Total: $passed passed, $failed failed, $skipped skipped"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then exit 1; fi
