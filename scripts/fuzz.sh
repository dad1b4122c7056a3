#!/usr/bin/env bash
# Coverage-guided fuzzing of tariffs (docs/reliability.md).
#
#   scripts/fuzz.sh TARGET SECONDS   run one target (rate, entry, schedule, overlay,
#                                    hts, batch, capi, arrow) for SECONDS with libFuzzer
#   scripts/fuzz.sh all SECONDS      each target in turn, SECONDS each
#   scripts/fuzz.sh --replay         every corpus and regression input, no fuzzer
#                                    (a plain `cargo test`; what .ci/run calls)
#   scripts/fuzz.sh --lint           rustfmt and clippy of the fuzz crate
#   scripts/fuzz.sh --ci SECONDS     each target for SECONDS, failing at the first
#                                    crash (what .ci/run calls, with 30)
#   scripts/fuzz.sh --list           the targets
#
# Runs on the stable toolchain: cargo-fuzz with `--sanitizer none` (libFuzzer
# with SanitizerCoverage, no AddressSanitizer: the code under test is safe
# Rust and the C API's own pointer handling). Installs cargo-fuzz if missing.
# New inputs go to fuzz/target/work/TARGET (not committed); crashes to
# fuzz/artifacts/TARGET/. The run goes on after a crash (libFuzzer fork mode),
# so one run counts every crash; each is listed at the end. The last lines are
# a summary to paste:
#
#   fuzz summary: target=rate seconds=600 execs=1234567 exec/s=2057 cov=3120 ft=9876 corpus=812 crashes=0 timeouts=0 ooms=0
#
# Environment: FUZZ_JOBS (default 1) parallel fuzzing processes;
# FUZZ_ARGS extra libFuzzer flags; FUZZ_NO_FORK=1 stops at the first crash.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS="rate entry schedule overlay hts batch capi arrow"
CARGO_FUZZ_VERSION=0.13.2

# The fuzz crate links the Python binding (tariffs-python), so it embeds the
# Python the bindings build against: its library and its standard library
# (a shared libpython; pyenv's or Debian's).
python_env() {
  local py=${PYTHON:-python3}
  if command -v "$py" >/dev/null 2>&1; then
    local libdir home
    libdir=$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
    home=$("$py" -c 'import sys; print(sys.base_prefix)')
    export PYO3_PYTHON=${PYO3_PYTHON:-$(command -v "$py")}
    export PYTHONHOME=${PYTHONHOME:-$home}
    export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
}

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

replay() {
  python_env
  cargo test --manifest-path fuzz/Cargo.toml --no-default-features --test replay "$@"
}

ensure_cargo_fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
  fi
}

# The summary of a libFuzzer log: the last status line (`#N ... cov: C ft: F
# corp: K ...`), the crash count, the artifacts.
summary() {
  local target=$1 seconds=$2 log=$3 status=$4
  python3 - "$target" "$seconds" "$log" "$status" <<'PY'
import os, re, sys
target, seconds, log, status = sys.argv[1:5]
text = open(log, errors="replace").read()
lines = [l for l in text.splitlines() if re.match(r"#\d+", l)]
last = lines[-1] if lines else ""
def field(pat, s=last, default="?"):
    m = re.search(pat, s)
    return m.group(1) if m else default
execs = field(r"#(\d+)")
m = re.search(r"stat::number_of_executed_units:\s*(\d+)", text)
if m:
    execs = m.group(1)
cov, ft, corp = field(r"cov: (\d+)"), field(r"ft: (\d+)"), field(r"corp: (\d+)")
rate = field(r"exec/s: (\d+)")
if rate == "?":
    m = re.search(r"stat::average_exec_per_sec:\s*(\d+)", text)
    rate = m.group(1) if m else "?"
oom, timeout, crash = "0", "0", "0"
m = re.search(r"oom/timeout/crash: (\d+)/(\d+)/(\d+)", last)
if m:
    oom, timeout, crash = m.groups()
art = os.path.join("fuzz", "artifacts", target)
arts = sorted(os.listdir(art)) if os.path.isdir(art) else []
start = os.path.getmtime(log + ".start")
new = [a for a in arts if os.path.getmtime(os.path.join(art, a)) >= start]
if crash == "0" and not m:
    crash = str(sum(1 for a in new if a.startswith("crash-")))
    timeout = str(sum(1 for a in new if a.startswith("timeout-")))
    oom = str(sum(1 for a in new if a.startswith("oom-")))
# Each new artifact run once more, alone, for its panic (fork mode keeps
# the children's output to itself); grouped by place and message shape.
import subprocess
binary = os.path.join("fuzz", "target", "x86_64-unknown-linux-gnu", "release", target)
groups = {}
for a in new[:100]:
    path = os.path.join(art, a)
    try:
        out = subprocess.run([binary, path], capture_output=True, timeout=60,
                             env=dict(os.environ, RUST_BACKTRACE="0")).stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        out = "panicked at (timeout):\nruns over 60 s"
    m = re.search(r"panicked at ([^\n]*):\n([^\n]*)", out)
    where, msg = m.groups() if m else ("(no panic)", out.strip().splitlines()[-1] if out.strip() else "")
    # The message's first two and last six words name its kind (the middle
    # often quotes the input), numbers aside.
    words = re.sub(r"[0-9]+", "N", msg).split()
    key = (where, " ".join(words[:2] + ["..."] + words[-6:]) if len(words) > 8 else " ".join(words))
    groups.setdefault(key, []).append((path, msg))
print()
print("== %s: %d new artifacts, %d kinds" % (target, len(new), len(groups)))
for (where, _), items in groups.items():
    path, msg = min(items, key=lambda i: os.path.getsize(i[0]))
    print("   %d x panic at %s: %s" % (len(items), where, msg[:300]))
    print("      smallest: %s (%d bytes)" % (path, os.path.getsize(path)))
print("fuzz summary: target=%s seconds=%s execs=%s exec/s=%s cov=%s ft=%s corpus=%s crashes=%s timeouts=%s ooms=%s exit=%s"
      % (target, seconds, execs, rate, cov, ft, corp, crash, timeout, oom, status))
bad = sum(int(x) for x in (crash, timeout, oom) if x.isdigit())
sys.exit(1 if bad or status != "0" else 0)
PY
}

run_target() {
  local target=$1 seconds=$2
  case " $TARGETS " in *" $target "*) ;; *) echo "no target $target (targets: $TARGETS)" >&2; exit 2;; esac
  python_env
  ensure_cargo_fuzz
  cargo fuzz build --sanitizer none "$target"
  local work=fuzz/target/work/$target logs=fuzz/target/logs
  mkdir -p "$work" "$logs" "fuzz/artifacts/$target"
  local log
  log=$logs/$target-$(date +%Y%m%d-%H%M%S).log
  local mode=(-fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  if [ "${FUZZ_NO_FORK:-0}" = 1 ]; then mode=(); fi
  # A dictionary of the target's tokens, when it has one.
  if [ -f "fuzz/dict/$target.dict" ]; then mode+=(-dict="fuzz/dict/$target.dict"); fi
  touch "$log.start"
  echo "== fuzzing $target for ${seconds}s (log $log)"
  local status=0
  # shellcheck disable=SC2086
  cargo fuzz run --sanitizer none "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    "${mode[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  tail -n 5 "$log"
  # Non-zero when the run found a crash, a timeout or an out-of-memory.
  summary "$target" "$seconds" "$log" "$status"
}

lint() {
  python_env
  cargo fmt --manifest-path fuzz/Cargo.toml -p tariffs-fuzz -- --check
  cargo clippy --manifest-path fuzz/Cargo.toml -p tariffs-fuzz --all-targets --no-default-features -- -D warnings
  cargo clippy --manifest-path fuzz/Cargo.toml -p tariffs-fuzz --all-targets -- -D warnings
}

ci() {
  local seconds=$1 failed=""
  if [ "$seconds" = 0 ]; then
    echo "== fuzzing skipped (FUZZ_CI_SECONDS=0)"
    return 0
  fi
  for t in $TARGETS; do
    FUZZ_NO_FORK=1 run_target "$t" "$seconds" || failed="$failed $t"
  done
  if [ -n "$failed" ]; then
    echo "fuzzing found crashes in:$failed (see fuzz/artifacts/)" >&2
    exit 1
  fi
}

case "${1:-}" in
  --replay) shift; replay "$@" ;;
  --lint) lint ;;
  --ci) [ $# -eq 2 ] || usage; ci "$2" ;;
  --list) echo "$TARGETS" ;;
  all) [ $# -eq 2 ] || usage; rc=0; for t in $TARGETS; do run_target "$t" "$2" || rc=1; done; exit $rc ;;
  ""|-h|--help) usage ;;
  *) [ $# -eq 2 ] || usage; run_target "$1" "$2" ;;
esac
