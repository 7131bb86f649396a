#!/usr/bin/env bash
# The kernel section of mamba2.h (from "// >>kernels" to "#endif /* the kernel section */") is
# compiled once per instruction-set level, so every static function it defines must be renamed per
# pass (a "#define m2__x M2__KNAME(m2__x)" line, one per line, in alphabetical order) and every
# macro it defines must be #undef'd at its end. Prints what is missing; exit 1 if anything is.
# Usage: tests/kernel_lists.sh [mamba2.h]
h=${1:-mamba2.h}
LC_ALL=C
export LC_ALL
sec=$(awk '/^\/\/ >>kernels/{on=1} on{print} /^#endif \/\* the kernel section \*\//{exit}' "$h")
if [ -z "$sec" ]; then echo "kernel_lists: no kernel section in $h"; exit 1; fi
bad=0
# the function each definition or declaration line names: the identifier before its first "("
funcs=$(printf '%s\n' "$sec" | grep -E '^(static|M2__REF_KERNEL)[^=;(]*[^A-Za-z0-9_(]m2__[a-z0-9_]+\(' |
        sed -E 's/^[^(]*[^A-Za-z0-9_](m2__[a-z0-9_]+)\(.*/\1/' | sort -u)
renames=$(grep -E '^#define (m2__[a-z0-9_]+) M2__KNAME\(\1\)$' "$h" | awk '{print $2}')
missing=$(comm -23 <(printf '%s\n' "$funcs") <(printf '%s\n' "$renames" | sort -u))
if [ -n "$missing" ]; then
    bad=1
    for f in $missing; do echo "kernel_lists: $f is defined in the kernel section but has no '#define $f M2__KNAME($f)'"; done
fi
if [ "$(printf '%s\n' "$renames")" != "$(printf '%s\n' "$renames" | sort)" ]; then
    bad=1
    echo "kernel_lists: the M2__KNAME rename list is not in alphabetical order"
fi
defs=$(printf '%s\n' "$sec" | grep -oE '^#[[:space:]]*define[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' | awk '{print $NF}' | sort -u)
undefs=$(printf '%s\n' "$sec" | grep -oE '^#[[:space:]]*undef[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' | awk '{print $NF}' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$defs") <(printf '%s\n' "$undefs"))
if [ -n "$missing" ]; then
    bad=1
    for m in $missing; do echo "kernel_lists: the kernel section defines $m but never #undefs it"; done
fi
exit $bad
