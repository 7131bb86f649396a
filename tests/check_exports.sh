#!/bin/sh
# tests/check_exports.sh [LIBRARY]: the dynamic symbols a shared build defines (default
# ./libmamba2.so; for a .dll its export table, read with $OBJDUMP) must be exactly the functions
# the header declares with MAMBA2_API: nothing internal leaks (-fvisibility=hidden), nothing
# public is missing. Prints the differences.
cd "$(dirname "$0")/.." || exit 2
lib=${1:-libmamba2.so}
[ -f "$lib" ] || { echo "check_exports: $lib not found (make lib)"; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# the public part of the header (up to its include guard's end), declarations joined on one line
# (preprocessor lines, where MAMBA2_API itself is defined, left out)
sed -n '1,/^#endif \/\* MAMBA2_H \*\//p' mamba2.h | grep -v '^ *#' | tr '\n' ' ' | tr ';' '\n' |
    sed -nE 's/.*MAMBA2_API [^(]*[ *]([a-z0-9_]+) *\(.*/\1/p' | sort -u >"$tmp/header"
case $lib in
    *.dll) # the PE export table ("[   0] m2_decode_stream" lines) of a mingw build
        ${OBJDUMP:-objdump} -p "$lib" | sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/p' |
            sed -nE 's/^[[:space:]]*\[ *[0-9]+\] ([A-Za-z0-9_]+)$/\1/p' | sort -u >"$tmp/lib" ;;
    *) nm -D --defined-only "$lib" | awk '{ print $NF }' | sort -u >"$tmp/lib" ;;
esac
n=$(wc -l <"$tmp/header")
if [ "$n" -lt 10 ]; then echo "check_exports: found only $n MAMBA2_API functions in mamba2.h"; exit 1; fi
if cmp -s "$tmp/header" "$tmp/lib"; then
    echo "check_exports: $lib exports exactly the $n MAMBA2_API functions"
    exit 0
fi
echo "check_exports: $lib differs from mamba2.h (< header only, > library only):"
diff "$tmp/header" "$tmp/lib" | grep '^[<>]'
exit 1
