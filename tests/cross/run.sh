#!/usr/bin/env bash
# tests/cross/run.sh [--no-install] [--keep] [TARGET...]
#
# Builds the test runner (tests/test_main.c) and every examples/example_*.c for other targets and
# runs them there, emulated where needed. Targets (default: all, in this order):
#   m32           gcc -m32 -march=native -fopenmp (32-bit x86, x87 scalar maths), run natively; on a
#                 kernel that runs no 32-bit programs, -march=haswell under qemu-i386
#   aarch64       clang --target=aarch64-linux-gnu (NEON path, no OpenMP), run under qemu-aarch64
#   mingw         x86_64-w64-mingw32-gcc -fopenmp -static (kernel dispatch; no mmap: reads the file
#                 into memory), run under wine; also builds the shared library ./mamba2.dll
#   wasm          clang --target=wasm32-wasi (no SIMD, no OpenMP, no mmap), run under Node's WASI
#   wasm-simd128  the same with -msimd128: the WebAssembly SIMD128 kernel level (the browser's)
#   nosimd-noomp  the host compiler with -DMAMBA2_NO_SIMD and no -fopenmp, run natively
# Each build is -std=c99 -Wall -Wextra -pedantic -Werror (CROSS_WERROR=0 drops -Werror). Missing
# Debian packages are installed with apt-get unless --no-install (never removing a package).
#
# Where the runner cannot call python3 (wasm has no system(); wine's shell finds no python3), it
# runs with --no-external and reads the models that the converter tests need from a directory
# made beforehand by a host build (`run_tests --prepare DIR`, then M2_TEST_MODELS=DIR). Each
# target also runs the examples on those models: tokenize/decode round trip (ids equal to the
# host's), example_logits against the golden logits, generate, prefix_cache, game_loop.
#
# Prints one line per target and a closing "N passed, N failed, N skipped" over targets: a
# target is skipped when its toolchain or emulator cannot be had here (the reason is printed),
# failed when it does not build cleanly or any test or example check fails.
# Env: M2_SHARED_DIR (golden data; default ../shared), CROSS_TIMEOUT (seconds per program run,
# default 1200), CROSS_EXTERNAL=0 (no python3 from the runner on any target), PYTHON.
set -u
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)

ALL_TARGETS="m32 aarch64 mingw wasm wasm-simd128 nosimd-noomp"
install=1 keep=0 targets=""
for a in "$@"; do
    case $a in
        --no-install) install=0 ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,/^set -u/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $a" >&2; exit 2 ;;
        *) case " $ALL_TARGETS " in *" $a "*) targets="$targets $a" ;; *) echo "unknown target $a (known: $ALL_TARGETS)" >&2; exit 2 ;; esac ;;
    esac
done
[ -n "$targets" ] || targets=$ALL_TARGETS

TIMEOUT=${CROSS_TIMEOUT:-1200}
PY=${PYTHON:-python3}
WARN="-std=c99 -Wall -Wextra -pedantic"
[ "${CROSS_WERROR:-1}" = 0 ] || WARN="$WARN -Werror"
shared=${M2_SHARED_DIR:-../shared}
if [ -d "$shared" ]; then shared=$(cd "$shared" && pwd); else shared=""; fi

work=$(mktemp -d /tmp/mamba2-cross.XXXXXX)
wineprefix="$work/wineprefix"
wineserver_bin=""
cleanup() {
    if [ -n "$wineserver_bin" ] && [ -d "$wineprefix" ]; then WINEPREFIX="$wineprefix" "$wineserver_bin" -k >/dev/null 2>&1; fi
    if [ "$keep" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

# ------------------------------------------------------------------ packages

apt_updated=0
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# ensure PKG...: installs those that are missing; returns 1 (and sets why) when it cannot
ensure() {
    local missing="" p
    command -v dpkg-query >/dev/null 2>&1 || { why="no dpkg here to install $*"; return 1; }
    for p in "$@"; do installed "$p" || missing="$missing $p"; done
    [ -z "$missing" ] && return 0
    if [ "$install" = 0 ]; then why="not installed:$missing (run without --no-install)"; return 1; fi
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then why="not installed:$missing (needs root and apt-get)"; return 1; fi
    export DEBIAN_FRONTEND=noninteractive
    # --no-remove: never take a package away (gcc-multilib conflicts with Debian's aarch64 gcc)
    if ! apt-get install -y -qq --no-install-recommends --no-remove $missing >"$work/apt.log" 2>&1; then
        if [ "$apt_updated" = 0 ]; then
            apt_updated=1
            apt-get update -qq >/dev/null 2>&1
            apt-get install -y -qq --no-install-recommends --no-remove $missing >"$work/apt.log" 2>&1 && return 0
        fi
        why="apt-get install$missing failed: $(grep -E '^E:' "$work/apt.log" | head -n 2 | tr '\n' ' ')"
        return 1
    fi
}

# ------------------------------------------------------------------ targets
# setup_T: sets pkgs, cc (array), flags, ext, run (array: the emulator, or empty), external (0/1),
# want_simd (the SIMD path that must be compiled in, or ""), want_omp (on/off/"")

setup_m32() {
    pkgs="gcc-multilib"; cc=(gcc -m32); flags="-O2 -march=native -fopenmp"; ext=""; run=()
    external=1; want_simd=""; want_omp="on"; emu="native"
}
setup_aarch64() {
    local v
    v=$(clang --version 2>/dev/null | sed -nE 's/.*clang version ([0-9]+).*/\1/p' | head -n 1)
    pkgs="clang lld libc6-dev-arm64-cross libgcc-${GCC_CROSS_VER:-$(gcc -dumpversion 2>/dev/null | cut -d. -f1)}-dev-arm64-cross qemu-user"
    cc=(clang --target=aarch64-linux-gnu -fuse-ld=lld); flags="-O2"; ext=""
    run=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
    command -v qemu-aarch64 >/dev/null 2>&1 || { command -v qemu-aarch64-static >/dev/null 2>&1 && run=(qemu-aarch64-static -L /usr/aarch64-linux-gnu); }
    external=1; want_simd="neon"; want_omp="off"; emu="qemu-aarch64${v:+, clang $v}"
}
setup_mingw() {
    pkgs="gcc-mingw-w64-x86-64"; cc=(x86_64-w64-mingw32-gcc); flags="-O2 -fopenmp -static"; ext=".exe"
    run=(); external=0; want_simd=""; want_omp="on"; emu="wine"
}
setup_wasm() {
    local v
    v=$(clang --version 2>/dev/null | sed -nE 's/.*clang version ([0-9]+).*/\1/p' | head -n 1)
    pkgs="clang lld wasi-libc${v:+ libclang-rt-$v-dev-wasm32}"
    # 256 MB of linear memory from the start (the suite peaks near 90 MB): growing it step by step,
    # Node 20's V8 died inside the garbage collection that a memory.grow starts ("Fatal error ...
    # unreachable code" in MarkCompactCollector under WasmMemoryObject::Grow, or a segfault) in a
    # tokenizer test run after the long-context attention test; the same binary with the memory
    # there from the start passes, and the suite passes natively under ASan and UBSan
    wasm_mem="-Wl,--initial-memory=268435456"
    cc=(clang --target=wasm32-wasi); flags="-O2 $wasm_mem"; ext=".wasm"
    run=(node --no-warnings "$root/tests/cross/wasi_run.mjs"); external=0; want_simd=""; want_omp="off"; emu="node WASI"
}
setup_wasm-simd128() {
    setup_wasm
    flags="-O2 -msimd128 $wasm_mem"; want_simd="wasm_simd128"; emu="$emu, SIMD128"
}
setup_nosimd-noomp() {
    pkgs=""; read -r -a cc <<<"${CC:-cc}"; flags="-O2 -march=native -DMAMBA2_NO_SIMD"; ext=""; run=()
    external=1; want_simd="scalar"; want_omp="off"; emu="native"
}

# the emulator for mingw (wine) and wasm (node), found or installed; sets run, or why
find_wine() {
    local w
    w=$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; })
    if [ -z "$w" ]; then ensure wine64 || return 1
        w=$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; })
    fi
    [ -n "$w" ] || { why="wine64 installed but no wine binary found"; return 1; }
    wineserver_bin=$(command -v wineserver || { [ -x /usr/lib/wine/wineserver64 ] && echo /usr/lib/wine/wineserver64; } || { [ -x /usr/lib/wine/wineserver ] && echo /usr/lib/wine/wineserver; })
    export WINEPREFIX="$wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=d"
    unset DISPLAY
    run=("$w")
}
find_node() {
    command -v node >/dev/null 2>&1 || ensure nodejs || return 1
    local major
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
    [ -n "$major" ] || { why="node does not run"; return 1; }
    # Node 20 has WASI without a flag; 18 and 19 need it (they ignore the 'version' option)
    [ "$major" -ge 20 ] || run=(node --experimental-wasi-unstable-preview1 --no-warnings "$root/tests/cross/wasi_run.mjs")
    [ "$major" -ge 18 ] || { why="node $major is too old for WASI preview1 (need >= 18)"; return 1; }
}

# ------------------------------------------------------------------ shared preparation

portable_runner=0
grep -q -- '--no-external' tests/test_main.c && grep -q 'M2_TEST_MODELS' tests/test_main.c && portable_runner=1
models=""
prepare_models() { # converted models for M2_TEST_MODELS and the example checks, made once by a host build
    [ -n "$models" ] && return 0
    models="-"
    [ "$portable_runner" = 1 ] || { echo "note: tests/test_main.c has no --no-external / M2_TEST_MODELS: models are not prepared"; return 0; }
    [ -n "$shared" ] || { echo "note: no golden data (M2_SHARED_DIR or ../shared): converter tests skip, examples are only built"; return 0; }
    mkdir -p "$work/host" "$work/models"
    if ${CC:-cc} $WARN -O1 -o "$work/host/run_tests" tests/test_main.c -lm >"$work/host/build.log" 2>&1 &&
       M2_SHARED_DIR="$shared" PYTHON="$PY" "$work/host/run_tests" --prepare "$work/models" >"$work/host/prepare.log" 2>&1; then
        models="$work/models"
        # the host's token ids for the example round trip
        if ! { ${CC:-cc} -std=c99 -O1 -o "$work/host/example_tokenize" examples/example_tokenize.c -lm >>"$work/host/build.log" 2>&1 &&
               "$work/host/example_tokenize" "$models/neox.bin" <"$work/tok_in.txt" >"$work/host/tok_ids.txt" 2>/dev/null; }; then
            rm -f "$work/host/tok_ids.txt"
        fi
    else
        echo "note: preparing the converted models failed (converter tests will skip on emulated targets):"
        cat "$work/host/build.log" "$work/host/prepare.log" 2>/dev/null | tail -n 15
    fi
}
# text for the tokenizer round trip: newlines, CRLF, tabs, UTF-8, a special token
printf 'Once upon a time,\nthere was a "model".\r\n\tIt said: caf\xc3\xa9 \xe2\x82\xac 42 \xf0\x9f\x99\x82<|endoftext|>end\n' >"$work/tok_in.txt"

# ------------------------------------------------------------------ one target

# trun DIR PROG ARGS...: runs a target program (emulated) from the repository root, with a timeout
trun() {
    local dir=$1; shift
    if [ "$target" = wasm ] || [ "$target" = wasm-simd128 ]; then
        local dirs="$dir${shared:+:$shared}"
        [ -d "$models" ] && dirs="$dirs:$models"
        WASI_DIRS="$dirs" \
        WASI_ENV="M2_SHARED_DIR,M2_TEST_MODELS,M2_TEST_TMPDIR,M2_TEST_NO_EXTERNAL" \
            timeout -k 10 "$TIMEOUT" "${run[@]}" "$@"
    else
        timeout -k 10 "$TIMEOUT" "${run[@]}" "$@"
    fi
}

# mingw: the shared library mamba2.dll (lib/mamba2_lib.c; libgcc, libgomp and winpthreads linked in,
# so it needs no other DLL) with its import library, copied to the repository root; its export
# table must be the header's MAMBA2_API functions (tests/check_exports.sh), and dll_user.exe, which
# reaches the library only through it, is built to run beside it. Sets why_dll on failure.
build_dll() {
    local d=$1
    why_dll=""
    echo "--- ${cc[*]} $WARN -O2 -fopenmp -shared -static -o mamba2.dll lib/mamba2_lib.c" >>"$d/build.log"
    if ! "${cc[@]}" $WARN -O2 -fopenmp -shared -static -o "$d/bin/mamba2.dll" lib/mamba2_lib.c \
            -Wl,--out-implib,"$d/bin/libmamba2.dll.a" -lm >>"$d/build.log" 2>&1; then
        why_dll="does not build"; return 1
    fi
    "${cc[@]}" $WARN -O2 -static -o "$d/bin/dll_user.exe" tests/cross/dll_user.c "$d/bin/libmamba2.dll.a" >>"$d/build.log" 2>&1 ||
        { why_dll="dll_user.c does not build against it"; return 1; }
    cp "$d/bin/mamba2.dll" "$root/mamba2.dll" || { why_dll="cannot copy it to the repository root"; return 1; }
    OBJDUMP=x86_64-w64-mingw32-objdump ./tests/check_exports.sh "$d/bin/mamba2.dll" >>"$d/build.log" 2>&1 ||
        { why_dll="its exports differ from the header's (build.log)"; grep -A40 '^check_exports' "$d/build.log" | head -n 20; return 1; }
}

# example checks: sets ex_ok, ex_n and ex_fail (names)
check_examples() {
    local d=$1 b=$1/bin m=$models g="$shared/golden/tiny" ids
    ex_ok=0 ex_n=0 ex_fail=""
    [ -n "$m" ] && [ "$m" != - ] || return 0
    ex() { # name, then the command (from the target's work directory)
        local name=$1; shift
        ex_n=$((ex_n + 1))
        if (cd "$d" && "$@") >>"$d/examples.log" 2>&1; then ex_ok=$((ex_ok + 1)); else ex_fail="$ex_fail $name"; echo "  ^ $name failed" >>"$d/examples.log"; fi
    }
    tok_run() { # in, out, args: one retry under wine, which once failed a run (status, no output) on a loaded machine
        local in=$1 out=$2 rc; shift 2
        trun "$d" "$b/example_tokenize$ext" "$@" <"$in" >"$out" && return 0
        rc=$?
        echo "example_tokenize $* exited with $rc"
        [ "$target" = mingw ] || return 1
        echo "retrying once under wine"
        trun "$d" "$b/example_tokenize$ext" "$@" <"$in" >"$out"
    }
    tok_round_trip() {
        tok_run "$work/tok_in.txt" "$d/ids.txt" "$m/neox.bin" || return 1
        if [ -f "$work/host/tok_ids.txt" ]; then diff <(tr -d '\r' <"$d/ids.txt") "$work/host/tok_ids.txt" || { echo "ids differ from the host's"; return 1; }; fi
        tok_run "$d/ids.txt" "$d/decoded.txt" "$m/neox.bin" --decode || return 1
        cmp "$d/decoded.txt" "$work/tok_in.txt" || { echo "decoded bytes differ from the input"; return 1; }
    }
    golden_logits() {
        ids=$(od -An -v -t d4 "$g/input_ids.i32" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
        trun "$d" "$b/example_logits$ext" "$m/tiny_hf.bin" --ids "$ids" --out "$d/logits.f32" || return 1
        "$PY" - "$d/logits.f32" "$g/logits.f32" "$g/meta.json" <<'PYEOF'
import array, json, sys
a, b = array.array('f'), array.array('f')
a.frombytes(open(sys.argv[1], 'rb').read()); b.frombytes(open(sys.argv[2], 'rb').read())
tol = json.load(open(sys.argv[3])).get('strict_logits_max_abs', 1e-5)
d = max(abs(x - y) for x, y in zip(a, b)) if len(a) == len(b) else float('inf')
print('example_logits vs golden: %d floats, max |diff| %.3g (tol %g)' % (len(a), d, tol))
sys.exit(0 if d <= tol else 1)
PYEOF
    }
    dll_check() {
        local a b2
        a=$(trun "$d" "$b/dll_user.exe" "$m/tiny_hf.bin" 8 | tr -d '\r') || return 1
        b2=$(trun "$d" "$b/example_generate$ext" "$m/tiny_hf.bin" --ids 0,1,2 -n 8 --temp 0 --print-ids --ignore-eos | tr -d '\r') || return 1
        echo "dll_user: $a; example_generate: $b2"
        [ -n "$a" ] && [ "$a" = "$b2" ]
    }
    ex tokenize_round_trip tok_round_trip
    [ -f "$g/logits.f32" ] && ex logits_vs_golden golden_logits
    ex generate trun "$d" "$b/example_generate$ext" "$m/neox.bin" "Once upon a time" -n 8 --temp 0
    [ -f "$b/example_prefix_cache$ext" ] && ex prefix_cache trun "$d" "$b/example_prefix_cache$ext" "$m/tiny_hf.bin" --prefix-tokens 100 --sessions 3
    # the DLL: a program using only it generates the ids the static example_generate does
    [ -f "$b/dll_user.exe" ] && ex dll_vs_static dll_check
    [ -f "$b/example_game_loop$ext" ] && ex game_loop trun "$d" "$b/example_game_loop$ext" "$m/neox.bin" --characters 3 --frames 150
    return 0
}

n_pass=0 n_fail=0 n_skip=0
summary=""
report() { # status, line
    case $1 in pass) n_pass=$((n_pass + 1)) ;; fail) n_fail=$((n_fail + 1)) ;; skip) n_skip=$((n_skip + 1)) ;; esac
    printf '%-5s %-13s %s\n' "$1" "$target" "$2"
    summary="$summary$(printf '%-5s %-13s %s' "$1" "$target" "$2")"$'\n'
}

run_target() {
    local d="$work/$target" t0 t1 t2 t3 tinst tbuild ttest src name simd omp line rc why_fail=""
    why=""
    mkdir -p "$d/bin" "$d/tmp"
    echo "=== $target"
    "setup_$target"
    t0=$(now)
    if [ -n "$pkgs" ]; then ensure $pkgs || { report skip "toolchain unavailable: $why"; return; }; fi
    case $target in
        mingw) find_wine || { why="wine: $why"; } ;;
        wasm|wasm-simd128) find_node || { report skip "node unavailable: $why"; return; } ;;
    esac
    t1=$(now); tinst=$(secs "$t0" "$t1")
    # the toolchain links a trivial program?
    printf '#include <stdio.h>\n#include <math.h>\nint main(void) { printf("%%g\\n", sqrt(2.0)); return 0; }\n' >"$d/probe.c"
    if ! "${cc[@]}" $flags -o "$d/probe$ext" "$d/probe.c" -lm >"$d/probe.log" 2>&1; then
        report skip "toolchain cannot link a trivial program: $(head -n 2 "$d/probe.log" | tr '\n' ' ')"; return
    fi
    # a kernel without 32-bit support (no IA32 emulation) cannot exec m32 programs: run them under
    # qemu-i386 instead, built for a CPU its TCG implements (AVX2, no AVX-512)
    if [ "$target" = m32 ] && ! "$d/probe" >/dev/null 2>&1; then
        ensure qemu-user || { report skip "this kernel runs no 32-bit programs and qemu-user is unavailable: $why"; return; }
        flags="-O2 -march=haswell -fopenmp"; run=(qemu-i386 -cpu max)
        emu="qemu-i386: this kernel runs no 32-bit programs"
        "${cc[@]}" $flags -o "$d/probe" "$d/probe.c" -lm >"$d/probe.log" 2>&1 && trun "$d" "$d/probe" >/dev/null 2>&1 ||
            { report skip "this kernel runs no 32-bit programs and qemu-i386 runs no probe either"; return; }
    fi
    # what the header will compile to: its first kernel level (x86-64 adds the higher ones and
    # picks at run time) and OpenMP, from the preprocessor
    simd=$("${cc[@]}" $flags -dM -E tests/test_main.c 2>/dev/null | sed -nE 's/^#define M2__BASE_ISA M2__ISA_([A-Z0-9_]+)$/\1/p' | tr 'A-Z' 'a-z')
    "${cc[@]}" $flags -dM -E tests/test_main.c 2>/dev/null | grep -q '^#define M2__DISPATCH' && simd="$simd+dispatch"
    omp=off; "${cc[@]}" $flags -dM -E tests/test_main.c 2>/dev/null | grep -q '^#define M2__OPENMP' && omp=on
    [ -z "$want_simd" ] || [ "$simd" = "$want_simd" ] || why_fail="SIMD path is '$simd', expected '$want_simd'; "
    [ -z "$want_omp" ] || [ "$omp" = "$want_omp" ] || why_fail="${why_fail}OpenMP is $omp, expected $want_omp; "
    # build the runner and every example
    : >"$d/build.log"
    for src in tests/test_main.c examples/example_*.c; do
        [ -f "$src" ] || continue
        name=$(basename "$src" .c); [ "$name" = test_main ] && name=run_tests
        libs=-lm; [ "$name" = example_pool ] && [ "$target" = mingw ] && libs="-lm -lpthread" # winpthreads
        echo "--- ${cc[*]} $WARN $flags -o $name$ext $src $libs" >>"$d/build.log"
        "${cc[@]}" $WARN $flags -o "$d/bin/$name$ext" "$src" $libs >>"$d/build.log" 2>&1 || why_fail="${why_fail}$src does not build; "
    done
    [ "$target" = mingw ] && { build_dll "$d" || why_fail="${why_fail}mamba2.dll: $why_dll; "; }
    t2=$(now); tbuild=$(secs "$t1" "$t2")
    if [ -n "$why_fail" ] && [ ! -f "$d/bin/run_tests$ext" ]; then
        sed -n '1,40p' "$d/build.log" | grep -v '^---' | head -n 30
        report fail "${why_fail}build ${tbuild}s"; return
    fi
    if [ "$target" = mingw ] && [ ${#run[@]} -eq 0 ]; then
        [ -z "$why_fail" ] || { grep -v '^---' "$d/build.log" | head -n 30; report fail "${why_fail}(not run: $why)"; return; }
        report skip "built (SIMD $simd, OpenMP $omp, ${tbuild}s), not run: $why"; return
    fi
    # run the tests
    [ "${CROSS_EXTERNAL:-1}" = 0 ] && external=0
    if [ "$portable_runner" = 1 ]; then
        prepare_models
        export M2_TEST_TMPDIR="$d/tmp"
        if [ "$target" != nosimd-noomp ] && [ "$models" != - ]; then export M2_TEST_MODELS="$models"; else unset M2_TEST_MODELS; fi
        if [ "$external" = 0 ]; then export M2_TEST_NO_EXTERNAL=1; else unset M2_TEST_NO_EXTERNAL; fi
    fi
    [ -n "$shared" ] && export M2_SHARED_DIR="$shared"
    export PYTHON="$PY"
    trun "$d" "$d/bin/run_tests$ext" >"$d/tests.log" 2>&1
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$d/tests.log" | tail -n 1)
    if [ -z "$line" ]; then why_fail="${why_fail}the runner printed no result (exit $rc); "; tail -n 20 "$d/tests.log"
    elif [ "$rc" -ne 0 ] || ! echo "$line" | grep -q ' 0 failed'; then
        why_fail="${why_fail}tests failed (exit $rc); "; grep -E '^\[  FAILED|^  [^ ].*:[0-9]+: ' "$d/tests.log" | head -n 30
    fi
    grep -E '^\[  SKIPPED' "$d/tests.log" | sed 's/^/  /'
    check_examples "$d"
    grep -h 'worst frame' "$d/examples.log" 2>/dev/null | sed 's/^/  example_game_loop: /'
    [ -z "$ex_fail" ] || { why_fail="${why_fail}examples failed:$ex_fail; "; tail -n 30 "$d/examples.log"; }
    t3=$(now); ttest=$(secs "$t2" "$t3")
    [ -n "$why_fail" ] && grep -v '^---' "$d/build.log" | head -n 30
    local detail="${line:-no result}; examples $ex_ok/$ex_n; SIMD $simd, OpenMP $omp; install ${tinst}s, build ${tbuild}s, run ${ttest}s ($emu)"
    if [ -n "$why_fail" ]; then report fail "$why_fail$detail"; else report pass "$detail"; fi
}

t_all=$(now)
for target in $targets; do
    run_target
done
echo "=== cross targets ($(secs "$t_all" "$(now)")s)"
printf '%s' "$summary"
echo "$n_pass passed, $n_fail failed, $n_skip skipped"
[ "$n_fail" -eq 0 ]
