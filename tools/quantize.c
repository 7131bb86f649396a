/* quantize - f32 values on stdin to blocks of a mamba2.h block type on stdout (tools/quant.h).

   Usage: quantize TYPE       TYPE: q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k (or its dtype code)

   stdin holds little-endian f32 values, a whole number of blocks (32 values, 256 for the K
   types) that never straddle a row, e.g. whole rows of a matrix whose rows are a multiple of
   the block; stdout gets the blocks in order. tools/convert.py builds this on demand (cc -O2)
   and runs it on each piece of a tensor. Exit status 0 on success; 1 with one line on stderr
   for bad usage, a partial block, NaN or Inf in the input, or an I/O error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quant.h"

static int fail(const char *msg) {
    fprintf(stderr, "quantize: %s\n", msg);
    return 1;
}

int main(int argc, char **argv) {
    static const char *names[] = {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k", "q5_k", "q6_k"};
    enum { CHUNK = 1 << 16 }; /* values per read: a multiple of 256 */
    static float x[CHUNK];
    static unsigned char out[CHUNK / 32 * 34];
    int dtype = -1, i, bs;
    size_t got;
    if (argc != 2) return fail("usage: quantize q8_0|q4_0|q4_1|q5_0|q5_1|q4_k|q5_k|q6_k < f32 > blocks");
    for (i = 3; i <= MQ_Q6_K; i++)
        if (!strcmp(argv[1], names[i]) || atoi(argv[1]) == i) dtype = i;
    if (dtype < 0) return fail("unknown type (q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k)");
    bs = mq_block(dtype);
    while ((got = fread(x, sizeof(float), CHUNK, stdin)) > 0) {
        size_t n, k;
        if (got % (size_t)bs) return fail("the input is not a whole number of blocks");
        for (k = 0; k < got; k++) /* the file's values are little-endian, as this machine's */
            if (!(x[k] - x[k] == 0.0f)) return fail("the input holds NaN or Inf, which a block type cannot represent");
        n = mq_quantize_row(dtype, x, (int)got, out);
        if (fwrite(out, 1, n, stdout) != n) return fail("cannot write the output");
    }
    if (ferror(stdin)) return fail("cannot read the input");
    return fflush(stdout) == 0 ? 0 : fail("cannot write the output");
}
