#!/usr/bin/env bash
# Build the libFuzzer harnesses of tests/fuzz/ under ASan + UBSan and run each for a bounded time.
#
#   tests/fuzz/run_fuzz.sh [SECONDS] [HARNESS...]      (default 60 s each; all six harnesses)
#
#   HARNESS: load, tokenizer, session, sampler, api, chat
#   env  CC=clang             a clang with libFuzzer (Debian: apt-get install clang libclang-rt-14-dev)
#        FUZZ_OUT=build/fuzz  binaries, seeds (make_seeds.py), the growing corpora (work/NAME),
#                             crash artifacts (artifacts/NAME/) and logs (logs/NAME.log)
#        FUZZ_HEADER_DIR=.    the directory whose mamba2.h is fuzzed (e.g. a patched copy)
#        FUZZ_JOBS=1          harnesses run at the same time (each is one process)
#        FUZZ_ICU=auto        auto | 0 | 1: the tokenizer harness checks NFC against ICU (libicu-dev)
#
# Prints one line per harness (executions, coverage, corpus, verdict) and ends with
# "N passed, N failed, N skipped". A harness fails when it crashes, trips a sanitizer or one of its
# invariants, times out on one input (10 s), runs out of memory (2 GB) or does not build. Exits
# non-zero if any failed. The tokenizer harness is skipped while mamba2.h has no tokenizer.
set -u
cd "$(dirname "$0")/../.." || exit 1

SECONDS_EACH=${1:-60}
shift 2>/dev/null || true
HARNESSES=${*:-load tokenizer session sampler api chat}
CC=${CC:-clang}
OUT=${FUZZ_OUT:-build/fuzz}
HDR=${FUZZ_HEADER_DIR:-.}
JOBS=${FUZZ_JOBS:-1}
ICU=${FUZZ_ICU:-auto}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT/bin" "$OUT/logs" "$OUT/work"

passed=0 failed=0 skipped=0

# libFuzzer present?
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$probe/p.c"
if ! $CC -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    echo "fuzz: $CC cannot build libFuzzer targets (Debian: apt-get install clang libclang-rt-14-dev)"
    n=0; for h in $HARNESSES; do n=$((n + 1)); done
    echo "0 passed, $n failed, 0 skipped"
    exit 1
fi

ICU_FLAGS="" ICU_LIBS=""
if [ "$ICU" != 0 ] && pkg-config --exists icu-uc 2>/dev/null; then
    ICU_FLAGS="-DFUZZ_WITH_ICU $(pkg-config --cflags icu-uc)"
    ICU_LIBS=$(pkg-config --libs icu-uc)
elif [ "$ICU" = 1 ]; then
    echo "fuzz: FUZZ_ICU=1 but pkg-config finds no icu-uc (apt-get install libicu-dev pkg-config)"
    exit 1
fi

echo "fuzz: seeds -> $OUT/corpus ($PYTHON tests/fuzz/make_seeds.py)"
$PYTHON tests/fuzz/make_seeds.py "$OUT" || { echo "fuzz: make_seeds.py failed"; }

has_tokenizer=1
if [ "$(grep -c 'm2__tok' "$HDR/mamba2.h")" -lt 50 ]; then has_tokenizer=0; fi

tok_model=""
for f in "$OUT/neox_tok.bin" "$OUT/tiny_tok.bin"; do
    if [ -f "$f" ]; then tok_model=$(cd "$(dirname "$f")" && pwd)/$(basename "$f"); break; fi
done

CFLAGS_FUZZ="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

build() { # NAME
    local extra="" libs=""
    if [ "$1" = tokenizer ]; then extra=$ICU_FLAGS; libs=$ICU_LIBS; fi
    # shellcheck disable=SC2086
    $CC $CFLAGS_FUZZ $extra -I"$HDR" -I. "tests/fuzz/fuzz_$1.c" -lm $libs -o "$OUT/bin/fuzz_$1" >"$OUT/logs/$1.build.log" 2>&1
}

run_one() { # NAME -> writes $OUT/logs/NAME.log and NAME.result
    local h=$1 log="$OUT/logs/$1.log" extra_env="" opts=""
    local seeds="$OUT/corpus/$h" work="$OUT/work/$h" art="$OUT/artifacts/$h/"
    mkdir -p "$work" "$art" "$seeds"
    case $h in
        session) opts="-max_len=8192"
                 mkdir -p "$probe/empty"
                 FUZZ_WRITE_SEEDS="$seeds" "$OUT/bin/fuzz_session" -runs=0 "$probe/empty" >/dev/null 2>&1 ;;
        tokenizer) extra_env="FUZZ_TOK_MODEL=$tok_model" ;;
        chat) mkdir -p "$probe/empty"
              FUZZ_WRITE_SEEDS="$seeds" "$OUT/bin/fuzz_chat" -runs=0 "$probe/empty" >/dev/null 2>&1 ;;
    esac
    # shellcheck disable=SC2086
    env $extra_env ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" UBSAN_OPTIONS="print_stacktrace=1" \
        "$OUT/bin/fuzz_$h" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art" $opts "$work" "$seeds" >"$log" 2>&1
    echo $? > "$OUT/logs/$h.rc"
}

summarize() { # NAME
    local h=$1 log="$OUT/logs/$1.log" rc execs cov ft corp art
    rc=$(cat "$OUT/logs/$h.rc" 2>/dev/null || echo 99)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    corp=$(grep -oE 'corp: [0-9]+/[0-9]+[bKM]?b?' "$log" | tail -1 | awk '{print $2}')
    if [ "$rc" = 0 ] && ! grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error:|FUZZ INVARIANT FAILED' "$log"; then
        printf 'fuzz_%-10s %10s execs  cov %-6s ft %-7s corpus %-12s ok\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
        passed=$((passed + 1))
    else
        art=$(grep -oE 'Test unit written to .*' "$log" | tail -1 | sed 's/Test unit written to //')
        printf 'fuzz_%-10s %10s execs  cov %-6s ft %-7s corpus %-12s FAILED (exit %s)\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$rc"
        grep -E 'FUZZ INVARIANT FAILED|ERROR: |SUMMARY: |runtime error:' "$log" | head -5 | sed 's/^/    /'
        [ -n "$art" ] && echo "    reproduce: $OUT/bin/fuzz_$h $art   (log: $log)"
        failed=$((failed + 1))
    fi
}

to_run=()
for h in $HARNESSES; do
    if [ ! -f "tests/fuzz/fuzz_$h.c" ]; then
        echo "fuzz: no harness tests/fuzz/fuzz_$h.c"; failed=$((failed + 1)); continue
    fi
    if [ "$h" = tokenizer ] && [ "$has_tokenizer" = 0 ]; then
        echo "fuzz_tokenizer  skipped: $HDR/mamba2.h has no tokenizer yet"; skipped=$((skipped + 1)); continue
    fi
    if [ "$h" = tokenizer ] && [ -z "$tok_model" ]; then
        echo "fuzz_tokenizer  skipped: no model with a tokenizer (make_seeds.py writes $OUT/neox_tok.bin or tiny_tok.bin)"
        skipped=$((skipped + 1)); continue
    fi
    if ! build "$h"; then
        echo "fuzz_$h build FAILED:"; head -20 "$OUT/logs/$h.build.log" | sed 's/^/    /'
        failed=$((failed + 1)); continue
    fi
    to_run+=("$h")
done

echo "fuzz: ${#to_run[@]} harness(es), ${SECONDS_EACH} s each, $JOBS at a time, header $HDR/mamba2.h$([ -n "$ICU_FLAGS" ] && echo ', NFC checked against ICU')"
running=0
for h in "${to_run[@]}"; do
    run_one "$h" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait -n 2>/dev/null || wait; running=$((running - 1)); fi
done
wait
for h in "${to_run[@]}"; do summarize "$h"; done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
