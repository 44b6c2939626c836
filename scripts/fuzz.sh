#!/usr/bin/env bash
# libFuzzer targets for the C++ core (issue 9). `npm run fuzz -- --seconds N` calls this script.
#
#   bash scripts/fuzz.sh [--seconds N] [--runs N] [--timeout S] [--only target[,target...]]
#                        [--build-only] [-- libFuzzer flags]
#
# Builds every tests/fuzz/*.cpp with clang++ -fsanitize=fuzzer,address,undefined -O1 -g into
# build/fuzz (the core sources src/*/*.cpp are compiled once into build/fuzz/obj and relinked into
# each target), seeds build/fuzz/corpus/<target>/ from ../shared/conformance and from the
# reproducers in tests/fuzz/regressions/<target>/, then runs each target for N seconds (default 60)
# or until it has run --runs inputs, whichever comes first, one at a time, and prints the
# executions, time and rate reached and any crash file. --timeout is libFuzzer's per-input limit
# in seconds (default 10; raise it on a machine busy with other work, where the wall clock of a
# niced fuzzer runs slow). Crash/leak/timeout files land in build/fuzz/artifacts/<target>/.
# Nothing generated is committed.
#
# Environment:
#   EBW_FUZZ_EXCLUDE   space-separated core source file names (e.g. "event_ops.cpp") to leave out of
#                      the build, for a checkout where an in-progress file does not compile.
#   CXX                the compiler (default clang++).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared/conformance"
OUT="$ROOT/build/fuzz"
CXX="${CXX:-clang++}"
SECONDS_PER_TARGET=60
RUNS=""
TIMEOUT=10
ONLY=""
BUILD_ONLY=0
EXTRA_FLAGS=()

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
    --seconds=*) SECONDS_PER_TARGET="${1#*=}"; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#*=}"; shift ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --) shift; EXTRA_FLAGS=("$@"); break ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# ---- dependencies: clang++, libFuzzer's runtime (Debian: libclang-rt-14-dev), nlohmann/json ----
have_fuzzer_runtime() {
  local tmp
  tmp="$(mktemp -d)"
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long){return 0;}\n' \
    >"$tmp/t.cpp"
  "$CXX" -fsanitize=fuzzer,address,undefined "$tmp/t.cpp" -o "$tmp/t" >/dev/null 2>&1
  local rc=$?
  rm -rf "$tmp"
  return $rc
}
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "fuzz.sh: installing $*" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2; }
  else
    echo "fuzz.sh: missing $* (install as root: apt-get install -y $*)" >&2
    exit 1
  fi
}
command -v "$CXX" >/dev/null || apt_install clang
[ -f /usr/include/nlohmann/json.hpp ] || apt_install nlohmann-json3-dev
have_fuzzer_runtime || apt_install libclang-rt-14-dev
have_fuzzer_runtime || { echo "fuzz.sh: $CXX -fsanitize=fuzzer does not link" >&2; exit 1; }
command -v node >/dev/null || { echo "fuzz.sh: node is needed to seed the corpora" >&2; exit 1; }

# ---- build ----
FLAGS=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I"$ROOT/src")
mkdir -p "$OUT/obj"

# True when the object is missing or older than its source or any header it included (-MMD file).
stale() {
  local obj="$1" src="$2" dep="${1%.o}.d"
  [ -f "$obj" ] && [ -f "$dep" ] || return 0
  [ "$src" -nt "$obj" ] && return 0
  local f
  for f in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$dep"); do
    [ "$f" -nt "$obj" ] && return 0
  done
  return 1
}

compile_one() {  # src obj
  "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer-no-link -MMD -c "$1" -o "$2"
}

CORE_OBJS=()
EXCLUDED=()
PIDS=()
FAILED_LIST="$OUT/obj/failed.txt"
: >"$FAILED_LIST"
for src in "$ROOT"/src/*/*.cpp; do
  name="$(basename "$src")"
  if [[ " ${EBW_FUZZ_EXCLUDE:-} " == *" $name "* ]]; then
    EXCLUDED+=("$name")
    continue
  fi
  obj="$OUT/obj/$(basename "$(dirname "$src")")__${name%.cpp}.o"
  CORE_OBJS+=("$obj")
  if stale "$obj" "$src"; then
    # Two compiles at a time: the machine is shared.
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
    ( compile_one "$src" "$obj" 2>"$obj.log" || { echo "$name" >>"$FAILED_LIST"; rm -f "$obj"; } ) &
  fi
done
wait
if [ -s "$FAILED_LIST" ]; then
  echo "fuzz.sh: these core sources do not compile (rerun with EBW_FUZZ_EXCLUDE=\"...\" to leave" \
       "them out):" >&2
  while read -r f; do
    echo "  $f" >&2
    sed -n '1,20p' "$OUT/obj/"*"__${f%.cpp}.o.log" >&2
  done <"$FAILED_LIST"
  exit 1
fi
[ ${#EXCLUDED[@]} -gt 0 ] && echo "fuzz.sh: excluded from the build: ${EXCLUDED[*]}"

# Each tests/fuzz/<target>.cpp is a target; fuzz_dispatcher.cpp is built a second time with
# EBW_FUZZ_STATEFUL=1 as fuzz_dispatcher_stateful (one Dispatcher kept across runs).
build_target() {  # target source [defines...]
  local target="$1" src="$2"
  shift 2
  local obj="$OUT/obj/target__$target.o"
  if stale "$obj" "$src" || [ ! -x "$OUT/$target" ]; then
    "$CXX" "${FLAGS[@]}" -DEBW_SHARED_DIR="\"$ROOT/../shared\"" "$@" -MMD -c "$src" -o "$obj" || return 1
  fi
  local newest=0 o
  for o in "${CORE_OBJS[@]}" "$obj"; do
    [ "$o" -nt "$OUT/$target" ] && newest=1
  done
  if [ $newest = 1 ] || [ ! -x "$OUT/$target" ]; then
    "$CXX" "${FLAGS[@]}" "$obj" "${CORE_OBJS[@]}" -o "$OUT/$target" || return 1
  fi
}

TARGETS=()
for src in "$ROOT"/tests/fuzz/*.cpp; do
  t="$(basename "$src" .cpp)"
  build_target "$t" "$src" || { echo "fuzz.sh: building $t failed" >&2; exit 1; }
  TARGETS+=("$t")
  if [ "$t" = fuzz_dispatcher ]; then
    build_target fuzz_dispatcher_stateful "$src" -DEBW_FUZZ_STATEFUL=1 ||
      { echo "fuzz.sh: building fuzz_dispatcher_stateful failed" >&2; exit 1; }
    TARGETS+=(fuzz_dispatcher_stateful)
  fi
done
echo "fuzz.sh: built ${TARGETS[*]} in $OUT"

# ---- seed corpora from ../shared/conformance (generated, never committed) ----
# Seed files are named by their SHA-1, so reseeding never duplicates; libFuzzer adds what it finds.
# The dispatcher's first byte picks the operation: keep this list in step with kOperations in
# tests/fuzz/fuzz_dispatcher.cpp.
if [ -d "$SHARED" ]; then
  node - "$SHARED" "$OUT/corpus" <<'EOF' || exit 1
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const [shared, out] = process.argv.slice(2);
const OPS = ['PutRule', 'DescribeRule', 'DeleteRule', 'EnableRule', 'DisableRule', 'ListRules',
  'TestEventPattern', 'PutTargets', 'RemoveTargets', 'ListTargetsByRule', 'ListRuleNamesByTarget',
  'CreateEventBus', 'UpdateEventBus', 'DeleteEventBus', 'DescribeEventBus', 'ListEventBuses',
  'PutPermission', 'RemovePermission', 'TagResource', 'UntagResource', 'ListTagsForResource',
  'PutEvents', '_Emulator.PutEvents',
  'CreateArchive', 'DescribeArchive', 'UpdateArchive', 'DeleteArchive', 'ListArchives',
  'StartReplay', 'DescribeReplay', 'CancelReplay', 'ListReplays', '_Emulator.StepReplay',
  '_Emulator.ListUnfinishedReplays', 'CreateConnection', 'DescribeConnection',
  'UpdateConnection', 'DeleteConnection', 'ListConnections', 'DeauthorizeConnection',
  '_Emulator.SetConnectionAuthorization', 'CreateApiDestination', 'DescribeApiDestination',
  'UpdateApiDestination', 'DeleteApiDestination', 'ListApiDestinations',
  '_Emulator.ResolveApiDestination'];
const counts = {};
function seed(target, data) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const dir = path.join(out, target);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'seed-' + crypto.createHash('sha1').update(buf).digest('hex'));
  if (!fs.existsSync(file)) fs.writeFileSync(file, buf);
  counts[target] = (counts[target] || 0) + 1;
}
function records(name) {
  const f = path.join(shared, name);
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}
const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
const defaultEvent = JSON.stringify({ version: '0', id: '1', 'detail-type': 't', source: 's',
  account: '123456789012', time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [],
  detail: { a: 1, b: 'x', c: [1, 2], d: { e: null } } });
const schedules = new Set(['rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(2 days)',
  'cron(0 12 * * ? *)', 'cron(15 10 ? * 6L 2022-2030)', 'cron(0/5 8-17 ? * MON-FRI *)',
  'cron(0 0 L * ? *)', 'cron(0 0 LW * ? *)', 'cron(0 0 15W * ? *)', 'cron(0 0 ? * 3#2 *)',
  'cron(30 2 29 2 ? 2024,2028)', 'cron(0 0 30 2 ? *)', 'cron(* * * * ? 2199)']);
for (const file of ['patterns.jsonl', 'patterns_moto.jsonl']) {
  for (const r of records(file)) {
    const pattern = r.pattern_json ?? (r.pattern !== undefined ? text(r.pattern) : null);
    const event = r.event_json ?? (r.event ? text(r.event) : null);
    if (pattern !== null) seed('fuzz_pattern_compile', pattern);
    if (event !== null) seed('fuzz_event_match', event);
    if (pattern !== null && event !== null) {
      const req = { EventPattern: pattern, Event: event };
      seed('fuzz_dispatcher', Buffer.concat([Buffer.from([OPS.indexOf('TestEventPattern')]),
        Buffer.from(JSON.stringify(req))]));
    }
  }
}
for (const file of ['transforms.jsonl', 'transforms_moto.jsonl']) {
  for (const r of records(file)) {
    if (!r.target) continue;
    const event = r.event ? text(r.event) : defaultEvent;
    seed('fuzz_transform', JSON.stringify(r.target) + '\0' + event);
    if (r.event) seed('fuzz_event_match', event);
    seed('fuzz_dispatcher', Buffer.concat([Buffer.from([OPS.indexOf('PutTargets')]),
      Buffer.from(JSON.stringify({ Rule: 'r', Targets: [Object.assign({ Arn:
        'arn:aws:sqs:us-east-1:123456789012:q' }, r.target)] }))]));
  }
}
for (const file of ['api_accepted.jsonl', 'api_errors.jsonl', 'api_errors_moto.jsonl']) {
  for (const r of records(file)) {
    const op = OPS.indexOf(r.operation);
    const req = r.request ?? {};
    if (op >= 0) seed('fuzz_dispatcher', Buffer.concat([Buffer.from([op]),
      Buffer.from(JSON.stringify(req))]));
    if (typeof req.ScheduleExpression === 'string') schedules.add(req.ScheduleExpression);
    if (typeof req.EventPattern === 'string') seed('fuzz_pattern_compile', req.EventPattern);
    for (const t of Array.isArray(req.Targets) ? req.Targets : []) {
      seed('fuzz_transform', JSON.stringify(t) + '\0' + defaultEvent);
    }
  }
}
for (const s of schedules) seed('fuzz_schedule', s);
// The stateful dispatcher starts from the same requests.
const dd = path.join(out, 'fuzz_dispatcher');
if (fs.existsSync(dd)) {
  for (const f of fs.readdirSync(dd)) if (f.startsWith('seed-')) {
    seed('fuzz_dispatcher_stateful', fs.readFileSync(path.join(dd, f)));
  }
}
console.log('fuzz.sh: seeds ' + Object.entries(counts).map(([t, n]) => t + '=' + n).join(' '));
EOF
else
  echo "fuzz.sh: $SHARED not found; starting from empty corpora" >&2
fi
# Reproducers of earlier findings start every run (and must keep passing).
for dir in "$ROOT"/tests/fuzz/regressions/*/; do
  [ -d "$dir" ] || continue
  t="$(basename "$dir")"
  for into in "$t" $([ "$t" = fuzz_dispatcher ] && echo fuzz_dispatcher_stateful); do
    mkdir -p "$OUT/corpus/$into"
    for f in "$dir"*; do [ -f "$f" ] && cp -f "$f" "$OUT/corpus/$into/regression-$(basename "$f")"; done
  done
done
[ $BUILD_ONLY = 1 ] && exit 0

# ---- run ----
max_len() {
  case "$1" in
    fuzz_pattern_compile) echo 6000 ;;   # EventPattern: at most 4096 characters, a little beyond
    fuzz_schedule) echo 320 ;;           # ScheduleExpression: 256 characters + separator + 16 bytes
    fuzz_event_match) echo 16384 ;;
    fuzz_transform) echo 16384 ;;
    fuzz_dispatcher*) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

SUMMARY=()
FOUND=0
for t in "${TARGETS[@]}"; do
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$t,"* ]]; then continue; fi
  corpus="$OUT/corpus/$t"
  art="$OUT/artifacts/$t"
  mkdir -p "$corpus" "$art"
  log="$OUT/$t.log"
  runs=()
  [ -n "$RUNS" ] && runs=(-runs="$RUNS")
  echo "fuzz.sh: running $t for ${SECONDS_PER_TARGET}s${RUNS:+ or $RUNS inputs} (log: $log)"
  started=$(date +%s)
  "$OUT/$t" "$corpus" -max_total_time="$SECONDS_PER_TARGET" "${runs[@]}" -max_len="$(max_len "$t")" \
    -rss_limit_mb=2048 -timeout="$TIMEOUT" -print_final_stats=1 -artifact_prefix="$art/" \
    "${EXTRA_FLAGS[@]}" >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - started ))
  execs="$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  if [ -z "$execs" ]; then
    execs="$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
  fi
  crash="$(grep -aoE 'Test unit written to .*' "$log" | sed 's/Test unit written to //' | tail -1)"
  line="$t: ${execs:-?} executions in ${elapsed}s ($(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) )) exec/s), exit $rc"
  if [ -n "$crash" ]; then
    FOUND=1
    line="$line, CRASH FILE: $crash"
    grep -a -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|EBW_FUZZ_FAIL' "$log" \
      | sed 's/^/    /'
  elif [ $rc -ne 0 ]; then
    FOUND=1
    line="$line (see $log)"
  fi
  echo "$line"
  SUMMARY+=("$line")
done

echo
echo "fuzz.sh summary (at most ${SECONDS_PER_TARGET}s${RUNS:+ or $RUNS inputs} per target):"
printf '  %s\n' "${SUMMARY[@]}"
exit $FOUND
