#!/usr/bin/env bash
# The C interface, end to end. Run from anywhere (it moves to the repo root):
#
#   bash tests/c/run.sh
#
# 1. builds libtariffs (crate bindings/c, release) and rejects output-name
#    collisions;
# 2. regenerates include/tariffs.h with cbindgen (installing the pinned
#    version when missing) and fails if the committed header differs;
# 3. builds the C tests with -std=c11 -Wall -Wextra -Werror against the
#    static and the shared library and runs them;
# 4. runs them again under valgrind (installed with apt-get when missing):
#    no definite leak, no invalid access;
# 5. builds the example against both libraries and runs it: against the
#    core's fixture schedule it must succeed; against the builtin schedule it
#    must succeed or report a library status cleanly (exit 1), never crash;
#    compiles each C example of bindings/c/README.md (and links the ones
#    with a main);
# 6. checks the versioned SONAME of libtariffs.so (readelf), installs into a
#    temporary prefix (libtariffs.so -> libtariffs.so.SOVERSION ->
#    libtariffs.so.VERSION), and builds the example through pkg-config, whose
#    version must be Cargo's; the program must load the library by its
#    SONAME.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

CBINDGEN_VERSION="0.29.4"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
LIBDIR="$TARGET_DIR/release"
BUILD="$TARGET_DIR/c"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
MAKEVARS=(LIBDIR="$LIBDIR" BUILD="$BUILD" TARGET_DIR="$TARGET_DIR")

step() { printf '\n== C: %s\n' "$*"; }

step "cargo build --release -p tariffs-c"
cargo build --release -p tariffs-c 2>&1 | tee "$WORK/build.log"
if grep -qi "output filename collision" "$WORK/build.log"; then
  echo "FAIL: cargo reports an output filename collision (see above)" >&2
  exit 1
fi
for lib in libtariffs.a libtariffs.so; do
  [ -f "$LIBDIR/$lib" ] || { echo "FAIL: $LIBDIR/$lib was not built" >&2; exit 1; }
done

step "include/tariffs.h is what cbindgen $CBINDGEN_VERSION generates"
if ! command -v cbindgen >/dev/null 2>&1 || [ "$(cbindgen --version)" != "cbindgen $CBINDGEN_VERSION" ]; then
  cargo install cbindgen --locked --version "$CBINDGEN_VERSION"
fi
# The quote handle and the Arrow stream are declared by hand in the header
# (see cbindgen.toml), so cbindgen warns that it cannot find their Rust
# types; other warnings show.
cbindgen --config bindings/c/cbindgen.toml --crate tariffs-c --output "$WORK/tariffs.h" bindings/c \
  2> >(grep -v -e "Can't find QuoteHandle" -e "Can't find FFI_ArrowArrayStream" >&2 || true)
if ! diff -u include/tariffs.h "$WORK/tariffs.h"; then
  echo "FAIL: include/tariffs.h is stale; regenerate it with:" >&2
  echo "  cbindgen --config bindings/c/cbindgen.toml --crate tariffs-c --output include/tariffs.h bindings/c" >&2
  exit 1
fi
echo "header up to date"

step "C tests (static and shared)"
make -C tests/c "${MAKEVARS[@]}" check

step "C tests under valgrind"
if ! command -v valgrind >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq valgrind
fi
make -C tests/c "${MAKEVARS[@]}" valgrind

step "example: examples/c/quote.c"
make -C examples/c "${MAKEVARS[@]}"
for variant in static shared; do
  bin="$BUILD/quote-$variant"
  echo "-- $bin tests/fixtures/schedule.json"
  "$bin" tests/fixtures/schedule.json
  echo "-- $bin (builtin schedule)"
  status=0
  "$bin" >"$WORK/example.out" 2>&1 || status=$?
  cat "$WORK/example.out"
  # 2025-05-02: MFN 8.91 + fentanyl 10.80 + reciprocal 67.50 + 301 4.05 + MPF 2.62 (tests/golden_ieepa.rs).
  grep -q "93.88" "$WORK/example.out" || { echo "FAIL: expected the 2025-05-02 total 93.88" >&2; exit 1; }
  if [ "$status" -ne 0 ]; then
    echo "FAIL: the example exited with status $status" >&2
    exit 1
  fi
done
valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --quiet \
  "$BUILD/quote-static" tests/fixtures/schedule.json >/dev/null
# The README's examples compile as printed, each on its own; a complete
# program (one with a main) also links.
awk -v dir="$WORK" '/^```c$/{n++; f=1; next} /^```$/{f=0} f{print > (dir "/readme-" n ".c")}' \
  bindings/c/README.md
readme_examples=("$WORK"/readme-*.c)
[ -f "${readme_examples[0]}" ] || { echo "FAIL: no C example in bindings/c/README.md" >&2; exit 1; }
for src in "${readme_examples[@]}"; do
  if grep -q '^int main' "$src"; then
    cc -std=c11 -Wall -Wextra -Werror -Iinclude "$src" "$LIBDIR/libtariffs.a" \
      -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o "${src%.c}"
  else
    cc -std=c11 -Wall -Wextra -Werror -Iinclude -c "$src" -o "${src%.c}.o"
  fi
done
echo "bindings/c/README.md: ${#readme_examples[@]} C examples compile"
# The Arrow C data and stream structs of tariffs.h are declared under the
# specification's guards, so that the header coexists with Arrow's abi.h or
# nanoarrow's, included before or after it: another header's copy (here the
# same declarations, as those headers carry them) must not be redefined.
sed -n '/^#ifndef ARROW_C_DATA_INTERFACE$/,/^#endif \/\* ARROW_C_STREAM_INTERFACE \*\/$/p' \
  include/tariffs.h >"$WORK/arrow_abi.h"
grep -q "struct ArrowArrayStream {" "$WORK/arrow_abi.h" \
  || { echo "FAIL: no guarded Arrow declarations in include/tariffs.h" >&2; exit 1; }
sed -i '1i #include <stdint.h>' "$WORK/arrow_abi.h"
printf '#include "arrow_abi.h"\n#include <tariffs.h>\nint main(void) { struct ArrowArrayStream s = {0}; return s.release != NULL; }\n' \
  >"$WORK/abi_first.c"
printf '#include <tariffs.h>\n#include "arrow_abi.h"\nint main(void) { struct ArrowSchema s = {0}; return s.release != NULL; }\n' \
  >"$WORK/abi_after.c"
for src in "$WORK/abi_first.c" "$WORK/abi_after.c"; do
  cc -std=c11 -Wall -Wextra -Werror -Iinclude -I"$WORK" -fsyntax-only "$src"
done
echo "include/tariffs.h coexists with another declaration of the Arrow C interfaces"

step "SONAME of libtariffs.so"
# The scheme of bindings/c/build.rs (docs/packaging.md): 0.MINOR before 1.0, MAJOR after.
VERSION="$(cargo pkgid -p tariffs-c | sed 's/.*[#@]//')"
case "$VERSION" in
  0.*) SOVERSION="0.$(echo "$VERSION" | cut -d. -f2)" ;;
  *) SOVERSION="$(echo "$VERSION" | cut -d. -f1)" ;;
esac
SONAME="libtariffs.so.$SOVERSION"
soname_of() { readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'; }
needed_of() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(libtariffs[^]]*\)\]/\1/p'; }
[ "$(soname_of "$LIBDIR/libtariffs.so")" = "$SONAME" ] \
  || { echo "FAIL: SONAME of $LIBDIR/libtariffs.so is '$(soname_of "$LIBDIR/libtariffs.so")', expected $SONAME (version $VERSION)" >&2; exit 1; }
echo "libtariffs.so $VERSION: SONAME $SONAME"
[ "$(needed_of "$BUILD/quote-shared")" = "$SONAME" ] \
  || { echo "FAIL: $BUILD/quote-shared needs '$(needed_of "$BUILD/quote-shared")', expected $SONAME" >&2; exit 1; }

step "install into a temporary prefix and build through pkg-config"
make -C examples/c "${MAKEVARS[@]}" install PREFIX="$WORK/prefix" >/dev/null
for link in "libtariffs.so:$SONAME" "$SONAME:libtariffs.so.$VERSION"; do
  [ "$(readlink "$WORK/prefix/lib/${link%%:*}")" = "${link#*:}" ] \
    || { echo "FAIL: installed ${link%%:*} should link to ${link#*:}" >&2; ls -l "$WORK/prefix/lib" >&2; exit 1; }
done
[ -f "$WORK/prefix/lib/libtariffs.so.$VERSION" ] && [ ! -L "$WORK/prefix/lib/libtariffs.so.$VERSION" ] \
  || { echo "FAIL: libtariffs.so.$VERSION is not installed as a file" >&2; exit 1; }
echo "installed: libtariffs.so -> $SONAME -> libtariffs.so.$VERSION"
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
pkg-config --exists tariffs
[ "$(pkg-config --modversion tariffs)" = "$VERSION" ] \
  || { echo "FAIL: pkg-config says version $(pkg-config --modversion tariffs), Cargo $VERSION" >&2; exit 1; }
echo "pkg-config: tariffs $(pkg-config --modversion tariffs): $(pkg-config --cflags --libs tariffs)"
# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
cc -std=c11 -Wall -Wextra -Werror examples/c/quote.c $(pkg-config --cflags --libs tariffs) \
  -Wl,-rpath,"$(pkg-config --variable=libdir tariffs)" -o "$WORK/quote-pc"
[ "$(needed_of "$WORK/quote-pc")" = "$SONAME" ] \
  || { echo "FAIL: $WORK/quote-pc needs '$(needed_of "$WORK/quote-pc")', expected $SONAME" >&2; exit 1; }
# It runs from the prefix, by its SONAME: the build tree's library is out of reach.
env -u LD_LIBRARY_PATH "$WORK/quote-pc" tests/fixtures/schedule.json >/dev/null
ldd "$WORK/quote-pc" | grep -qF "$SONAME => $WORK/prefix/lib/$SONAME " \
  || { echo "FAIL: $WORK/quote-pc does not load $WORK/prefix/lib/$SONAME:" >&2; ldd "$WORK/quote-pc" >&2; exit 1; }
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror examples/c/quote.c $(pkg-config --cflags tariffs) \
  "$(pkg-config --variable=libdir tariffs)/libtariffs.a" $(pkg-config --libs-only-l --static tariffs | sed 's/-ltariffs//') \
  -o "$WORK/quote-pc-static"
"$WORK/quote-pc-static" tests/fixtures/schedule.json >/dev/null
echo "installed library builds and runs through pkg-config"

printf '\n== C: all checks passed\n'
