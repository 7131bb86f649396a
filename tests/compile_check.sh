#!/usr/bin/env bash
# Compiles mamba2.h in every configuration we promise (STYLE.md §9): C99 and C11 with gcc and clang,
# C++11 and C++17, MAMBA2_STATIC, included twice, the shared library (MAMBA2_SHARED), no SIMD,
# no OpenMP, no stdio, without the tokenizer, the kernel dispatch from each x86-64 level and without it; and that the
# kernel section's rename and #undef lists are complete (tests/kernel_lists.sh). Warnings are errors.
# Prints one line per configuration and a closing "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

cat > "$tmp/impl.c" <<'C'
#include "mamba2.h"
#include "mamba2.h"
#define MAMBA2_IMPLEMENTATION
#include "mamba2.h"
#include "mamba2.h"
static char err[64];
int main(void) { m2_model *m = 0; return m2_model_open_memory(&m, err, 0, 0, err, sizeof err) == M2_OK; }
C
# the dispatch includes the header again by its own name: from a subdirectory too
mkdir -p "$tmp/inc/sub" && cp mamba2.h "$tmp/inc/sub/"
cat > "$tmp/inc/main.c" <<'C'
#define MAMBA2_IMPLEMENTATION
#include "sub/mamba2.h"
int main(void) { return m2_isa_available(M2_ISA_AUTO); }
C
cat > "$tmp/user.c" <<'C'
#include "mamba2.h"
int use_api(void) { return m2_result_str(M2_OK)[0]; }
C

check() { # name, then the command
    local name=$1; shift
    if out=$("$@" 2>&1) && [ -z "$out" ]; then pass=$((pass + 1)); echo "ok    $name"
    else fail=$((fail + 1)); echo "FAIL  $name"; echo "$out" | head -20; fi
}
W="-Wall -Wextra -Werror"
# the kernel section is compiled once per level: its functions renamed, its macros #undef'd
check "kernel rename and #undef lists" tests/kernel_lists.sh mamba2.h
for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    for std in c99 c11; do
        check "$cc -std=$std" $cc -std=$std -pedantic $W -I. -c "$tmp/impl.c" -o "$tmp/a.o"
        check "$cc -std=$std -march=native -fopenmp" $cc -std=$std -pedantic $W -march=native -fopenmp -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    done
    # the kernels' dispatch from each x86-64 starting level, and without it
    for march in x86-64-v3 skylake-avx512 icelake-server; do
        check "$cc -march=$march" $cc -std=c99 -pedantic $W -march=$march -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    done
    check "$cc MAMBA2_NO_DISPATCH" $cc -std=c99 -pedantic $W -DMAMBA2_NO_DISPATCH -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc header in a subdirectory" $cc -std=c99 -pedantic $W -c "$tmp/inc/main.c" -o "$tmp/a.o"
    check "$cc MAMBA2_STATIC" $cc -std=c99 -pedantic $W -DMAMBA2_STATIC -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc MAMBA2_NO_SIMD" $cc -std=c99 -pedantic $W -march=native -DMAMBA2_NO_SIMD -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc MAMBA2_NO_STDIO" $cc -std=c99 -pedantic $W -DMAMBA2_NO_STDIO -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc MAMBA2_NO_MMAP" $cc -std=c99 -pedantic $W -DMAMBA2_NO_MMAP -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc shared library and a user" sh -c "$cc -std=c99 -pedantic $W -fPIC -shared -fvisibility=hidden lib/mamba2_lib.c -o '$tmp/libm2.so' -lm && $cc -std=c99 -pedantic $W -DMAMBA2_SHARED -I. '$tmp/user.c' -c -o '$tmp/u.o' && $cc -shared '$tmp/u.o' -o '$tmp/libu.so' -L'$tmp' -lm2"
    check "$cc MAMBA2_NO_TOKENIZER" $cc -std=c99 -pedantic $W -DMAMBA2_NO_TOKENIZER -I. -c "$tmp/impl.c" -o "$tmp/a.o"
    check "$cc two units link" sh -c "$cc -std=c99 $W -I. -c '$tmp/impl.c' -o '$tmp/a.o' && $cc -std=c99 $W -I. -c '$tmp/user.c' -o '$tmp/b.o' && $cc '$tmp/a.o' '$tmp/b.o' -o '$tmp/ab' -lm"
done
cp "$tmp/impl.c" "$tmp/impl.cpp"
for cxx in g++ clang++; do
    command -v $cxx >/dev/null || continue
    for std in c++11 c++17; do
        check "$cxx -std=$std" $cxx -std=$std $W -I. -c "$tmp/impl.cpp" -o "$tmp/a.o"
        check "$cxx -std=$std -march=native" $cxx -std=$std $W -march=native -I. -c "$tmp/impl.cpp" -o "$tmp/a.o"
        check "$cxx -std=$std MAMBA2_NO_TOKENIZER" $cxx -std=$std $W -DMAMBA2_NO_TOKENIZER -I. -c "$tmp/impl.cpp" -o "$tmp/a.o"
    done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
