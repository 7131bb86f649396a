/* make_random_model: writes a model file with random weights and the exact shape of a public
   Mamba-2 checkpoint, directly in the mamba2.h format (no checkpoint or converter needed).

     make_random_model SHAPE DTYPE OUT.bin      SHAPE: 130m 370m 780m 1.3b 2.7b; DTYPE: f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k

   Speed does not depend on the weights' values, so these models serve the benchmarks. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include <stdlib.h>
#include "random_model.h"
#include <sys/statvfs.h>

int main(int argc, char **argv) {
    rm_shape s;
    rm_tensor *t;
    int nt;
    uint64_t dir_size, data_off, size;
    struct statvfs vfs;
    char dir[1024], *slash;
    FILE *f;
    if (argc != 4 || !rm_named_shape(argv[1], &s)) {
        fprintf(stderr, "usage: make_random_model 130m|370m|780m|1.3b|2.7b f32|f16|bf16|q8_0|q4_0|q4_1|q5_0|q5_1|q4_k|q5_k|q6_k OUT.bin\n");
        return 2;
    }
    if (!rm_dtype_from_name(argv[2], &s.dtype)) { fprintf(stderr, "error: unknown dtype %s\n", argv[2]); return 2; }
    nt = rm_tensors(&s, NULL, 0);
    t = (rm_tensor *)calloc((size_t)nt, sizeof *t);
    if (!t) return 1;
    rm_tensors(&s, t, nt);
    size = rm_file_size(&s, t, nt, &dir_size, &data_off);
    free(t);
    snprintf(dir, sizeof dir, "%s", argv[3]);
    slash = strrchr(dir, '/');
    if (slash) *slash = 0; else snprintf(dir, sizeof dir, ".");
    if (statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < size + (256u << 20)) {
        fprintf(stderr, "error: %s needs %.1f GB but only %.1f GB are free in %s\n", argv[3], (double)size / 1e9,
                (double)vfs.f_bavail * vfs.f_frsize / 1e9, dir);
        return 1;
    }
    f = fopen(argv[3], "wb");
    if (!f) { fprintf(stderr, "error: cannot write %s\n", argv[3]); return 1; }
    if (rm_write(&s, 1, rm_file_sink, f) != 0 || fclose(f) != 0) {
        fprintf(stderr, "error: writing %s failed\n", argv[3]);
        remove(argv[3]);
        return 1;
    }
    fprintf(stderr, "wrote %s: %s shape, %s, %.1f MB\n", argv[3], argv[1], argv[2], (double)size / 1e6);
    return 0;
}
