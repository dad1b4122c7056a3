#!/usr/bin/env bash
# The release packages, built and checked as `cargo add` and `pip install`
# users get them (docs/packaging.md). Run from anywhere:
#
#   bash scripts/package.sh
#
# 1. crate: `cargo package -p tariffs` (which builds the packaged crate from
#    the .crate alone) and `cargo publish --dry-run`; the .crate must hold
#    the embedded data and none of the bindings, stay under crates.io's
#    10 MB, and every relative link of its README must point to a file of
#    the repository (those outside the .crate resolve on crates.io only
#    through `repository`, which is checked too);
# 2. sdist: `maturin sdist`; it must hold the core crate and its data
#    (bindings/python depends on the core by path);
# 3. wheel: built from the sdist by `pip wheel` in a temporary directory
#    (maturin's PEP 517 backend: `maturin build --release`, here with
#    `--zig --compatibility manylinux2014`): an abi3 (cp39) manylinux_2_17
#    wheel, which `auditwheel show` must confirm;
# 4. a fresh virtual environment, with no Rust toolchain on PATH, installs
#    the wheel (with its `pandas` extra, binary wheels only) and runs the
#    Python example of README.md (its first ```python block after
#    "## Python"), whose figures are checked against amounts worked out by
#    hand, and its quote_many rows against schedule.quote one by one.
#
# Artifacts go to $TARGET_DIR/dist (crate/, wheels/, sdist/); the wheel is
# compiled in $TARGET_DIR/zig. The build tools (maturin, auditwheel, ziglang)
# go into .venv, the environment of tests/python/run.sh.
# PACKAGE_ALLOW_DIRTY=1 packages uncommitted changes (local work only: CI
# packages a clean clone).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
export CARGO_TARGET_DIR="$TARGET_DIR"
DIST="$TARGET_DIR/dist"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PYTHON="${PYTHON:-python3}"
CRATES_IO_LIMIT=$((10 * 1024 * 1024))
ALLOW_DIRTY=()
[ "${PACKAGE_ALLOW_DIRTY:-0}" = 1 ] && ALLOW_DIRTY=(--allow-dirty)

step() { printf '\n== package: %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
size() { stat -c %s "$1"; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.1f MiB", b / 1048576; else printf "%.0f KiB", b / 1024 }'; }

VERSION="$(cargo pkgid -p tariffs | sed 's/.*[#@]//')"
for pkg in tariffs-c tariffs-python; do
  v="$(cargo pkgid -p "$pkg" | sed 's/.*[#@]//')"
  [ "$v" = "$VERSION" ] || fail "$pkg is version $v, tariffs $VERSION: they share the workspace version"
done
echo "version $VERSION"
rm -rf "$DIST"
mkdir -p "$DIST/crate" "$DIST/wheels" "$DIST/sdist"

# ---------------------------------------------------------------- 1. crate
step "cargo package -p tariffs (builds the packaged crate)"
cargo package -p tariffs "${ALLOW_DIRTY[@]}"
CRATE="$TARGET_DIR/package/tariffs-$VERSION.crate"
[ -f "$CRATE" ] || fail "$CRATE was not written"
cp "$CRATE" "$DIST/crate/"
tar -tzf "$CRATE" | sed "s|^tariffs-$VERSION/||" | sort >"$WORK/crate.list"
# The data build.rs embeds, the doc tests' fixture, the README.
for f in build.rs README.md data/us/hts_base.json data/hts/ch99_2026_rev21.tsv tests/fixtures/schedule.json src/lib.rs; do
  grep -qxF "$f" "$WORK/crate.list" || fail "the .crate lacks $f"
done
# Every data file of the repository is in the .crate.
git ls-files data | sort | comm -23 - "$WORK/crate.list" >"$WORK/missing"
[ ! -s "$WORK/missing" ] || fail "data files missing from the .crate: $(tr '\n' ' ' <"$WORK/missing")"
# Nothing of the bindings, their tests, the scripts or the CI.
if grep -E '^(bindings|python|include|scripts|fuzz|\.ci|tests/c|tests/python|examples/c|examples/python)/|^pyproject\.toml$' "$WORK/crate.list"; then
  fail "the .crate holds the files above, which belong to the bindings or the tooling (Cargo.toml include)"
fi
CRATE_SIZE="$(size "$CRATE")"
[ "$CRATE_SIZE" -lt "$CRATES_IO_LIMIT" ] || fail "the .crate is $(human "$CRATE_SIZE"), over crates.io's 10 MB"
echo "crate: $(basename "$CRATE") $(human "$CRATE_SIZE") ($(wc -l <"$WORK/crate.list") files), under crates.io's 10 MB"

# The README's relative links: to a file of the .crate, or of the repository
# (resolved by crates.io against `repository`).
REPOSITORY="$(sed -n 's/^repository = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
grep -o '](\([^)#]*\)\(#[^)]*\)\?)' README.md | sed 's/^](//; s/)$//; s/#.*//' \
  | grep -v -e '^[a-z]*:' -e '^$' | sort -u >"$WORK/links"
outside=()
while read -r link; do
  [ -e "$link" ] || fail "README.md links to $link, which does not exist"
  grep -qxF "$link" "$WORK/crate.list" || outside+=("$link")
done <"$WORK/links"
echo "README.md: $(wc -l <"$WORK/links") relative links, $((${#outside[@]})) to files outside the .crate ${outside[*]}"
if [ "${#outside[@]}" -gt 0 ] && [ -z "$REPOSITORY" ]; then
  echo "WARNING: Cargo.toml has no \`repository\`: on crates.io these links stay broken (docs/packaging.md, release checklist)"
fi

step "cargo publish --dry-run -p tariffs"
cargo publish --dry-run -p tariffs "${ALLOW_DIRTY[@]}"

# -------------------------------------------------------- build tools
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || fail "cannot create .venv: install Python's venv module"
fi
BPY="$ROOT/.venv/bin/python"
# maturin, auditwheel, and zig (PyPI's ziglang) to link against glibc 2.17.
"$BPY" -m pip install --quiet --disable-pip-version-check 'maturin>=1.5,<2' auditwheel 'ziglang>=0.13'

# ---------------------------------------------------------------- 2. sdist
step "maturin sdist"
"$BPY" -m maturin sdist --out "$DIST/sdist"
SDIST="$DIST/sdist/tariffs-$VERSION.tar.gz"
[ -f "$SDIST" ] || fail "$SDIST was not written"
tar -tzf "$SDIST" | sed "s|^tariffs-$VERSION/||" | sort >"$WORK/sdist.list"
# bindings/python depends on the core by path: the sdist needs the core crate
# and the data its build.rs embeds.
for f in pyproject.toml Cargo.toml Cargo.lock build.rs src/lib.rs data/us/hts_base.json \
  data/hts/ch99_2026_rev21.tsv bindings/python/Cargo.toml python/tariffs/__init__.py python/tariffs/_tariffs.pyi; do
  grep -qxF "$f" "$WORK/sdist.list" || fail "the sdist lacks $f"
done
git ls-files data | sort | comm -23 - "$WORK/sdist.list" >"$WORK/missing"
[ ! -s "$WORK/missing" ] || fail "data files missing from the sdist: $(tr '\n' ' ' <"$WORK/missing")"
SDIST_SIZE="$(size "$SDIST")"
echo "sdist: $(basename "$SDIST") $(human "$SDIST_SIZE") ($(wc -l <"$WORK/sdist.list") files)"

# ---------------------------------------------------------------- 3. wheel
# The release wheel is built FROM the sdist, by pip (maturin's PEP 517
# backend, that is `maturin build --release`, in an isolated environment
# with maturin from PyPI), in a temporary directory: nothing of this checkout
# is read, so this also shows the sdist builds. Linked by zig against glibc
# 2.17, the wheel is manylinux2014 (manylinux_2_17): a native link on this
# machine's glibc would need manylinux_2_34. Its own target directory: zig
# as the linker would otherwise rebuild the native builds' dependencies.
step "pip wheel from the sdist: maturin build --release --zig --compatibility manylinux2014"
# maturin looks for `python3 -m ziglang`, then `zig` on PATH. pip's isolated
# build environment hides every other site-packages from Python (ziglang
# included), so the zig executable of .venv's ziglang goes on PATH.
ZIG_DIR="$("$BPY" -c 'import os, ziglang; print(os.path.dirname(ziglang.__file__))')"
[ -x "$ZIG_DIR/zig" ] || fail "no zig executable in $ZIG_DIR (pip package ziglang)"
(cd "$WORK" && PATH="$ZIG_DIR:$PATH" CARGO_TARGET_DIR="$TARGET_DIR/zig" \
  MATURIN_PEP517_ARGS="--zig --compatibility manylinux2014" \
  "$BPY" -m pip wheel --disable-pip-version-check --no-deps "$SDIST" -w "$DIST/wheels")
wheels=("$DIST/wheels"/*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in $DIST/wheels: ${wheels[*]}"
WHEEL="${wheels[0]}"
case "$(basename "$WHEEL")" in
  "tariffs-$VERSION-cp39-abi3-"*"manylinux_2_17_$(uname -m)"*.whl) ;;
  *) fail "$(basename "$WHEEL") is not an abi3 (cp39) manylinux_2_17 wheel of tariffs $VERSION" ;;
esac
"$BPY" -m auditwheel show "$WHEEL" | tee "$WORK/auditwheel.txt"
tr -s ' \n' ' ' <"$WORK/auditwheel.txt" | grep -q "consistent with the following platform tag: \"manylinux_2_17_$(uname -m)\"" \
  || fail "auditwheel does not find $(basename "$WHEEL") consistent with manylinux_2_17"
"$BPY" -m zipfile -l "$WHEEL" | awk 'NR > 1 { print $1 }' | sort >"$WORK/wheel.list"
for f in tariffs/__init__.py tariffs/_batch.py tariffs/_tariffs.abi3.so tariffs/_tariffs.pyi tariffs/py.typed; do
  grep -qxF "$f" "$WORK/wheel.list" || fail "the wheel lacks $f"
done
WHEEL_SIZE="$(size "$WHEEL")"
echo "wheel: $(basename "$WHEEL") $(human "$WHEEL_SIZE")"

# ------------------------------------------------- 4. install, no Rust on PATH
step "fresh virtual environment, no Rust toolchain on PATH: the README's Python example"
NORUST_PATH=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [ -n "$d" ] || continue
  if [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ]; then continue; fi
  NORUST_PATH="${NORUST_PATH:+$NORUST_PATH:}$d"
done
norust() { env -u CARGO -u RUSTC -u RUSTUP_TOOLCHAIN PATH="$NORUST_PATH" "$@"; }
for tool in cargo rustc rustup; do
  if norust bash -c "command -v $tool" >/dev/null 2>&1; then fail "$tool is still on the PATH meant to have no Rust"; fi
done
PYTHON_EXE="$("$PYTHON" -c "import sys; print(sys.executable)")"
norust "$PYTHON_EXE" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
norust "$VPY" -m pip install --quiet --disable-pip-version-check --only-binary :all: "$WHEEL[pandas]"
# The Python example of the README: the first ```python block after "## Python".
awk '/^## Python$/ { s = 1 } s && /^```python$/ { f = 1; next } f && /^```$/ { exit } f { print }' \
  README.md >"$WORK/readme_example.py"
[ -s "$WORK/readme_example.py" ] || fail "no \`\`\`python block after \"## Python\" in README.md"
grep -q 'Schedule.builtin()' "$WORK/readme_example.py" || fail "the README's Python example does not use Schedule.builtin()"
# Then, in the same process, its quote_many rows against schedule.quote one by one.
cat "$WORK/readme_example.py" - >"$WORK/example.py" <<'EOF'

# ---- appended by scripts/package.sh: each quote_many row is the one-by-one quote
assert len(out) == len(rows), (len(out), len(rows))
for i in range(len(rows)):
    r = rows.iloc[i]
    one = schedule.quote(r["hts"], r["origin"], r["value"], r["date"], mode=r["mode"])
    assert out["error"].iloc[i] is None or out["error"].isna().iloc[i], out["error"].iloc[i]
    for col in ("duty", "fees", "total"):
        assert Decimal(str(out[col].iloc[i])) == getattr(one, col), (i, col, out[col].iloc[i], getattr(one, col))
print("quote_many rows:", len(out), "each equal to schedule.quote")
EOF
(cd "$WORK" && norust "$VPY" example.py) | tee "$WORK/example.out"
# 54 USD of cotton T-shirts from CN on 2025-05-02 by express: MFN 16.5% 8.91,
# Section 301 list 4A 7.5% 4.05, IEEPA fentanyl 20% 10.80, IEEPA reciprocal
# 125% 67.50: duty 91.26; MPF informal entry flat 2.62; total 93.88.
for expect in "mfn 8.91" "section_301 4.05" "ieepa_fentanyl 10.80" "ieepa_reciprocal 67.50" "mpf 2.62"; do
  authority="${expect% *}" amount="${expect#* }"
  grep -E "^[a-z]+ $authority .* $amount( |$)" "$WORK/example.out" >/dev/null \
    || fail "the README example printed no $authority line of $amount"
done
grep -qxF "91.26 2.62 93.88" "$WORK/example.out" || fail "the README example did not print: 91.26 2.62 93.88"
grep -qxF "quote_many rows: 2 each equal to schedule.quote" "$WORK/example.out" || fail "the quote_many check did not run"
echo "the README's Python example runs from the wheel, without Rust"

printf '\n== package: all checks passed (version %s)\n' "$VERSION"
printf '  %-40s %s\n' "$(basename "$CRATE")" "$(human "$CRATE_SIZE")" \
  "$(basename "$WHEEL")" "$(human "$WHEEL_SIZE")" \
  "$(basename "$SDIST")" "$(human "$SDIST_SIZE")"
echo "  in $DIST"
