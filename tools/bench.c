/* bench: how fast mamba2.h runs, and how close that is to what the machine allows.

     bench [--shape 130m[,370m,...]] [--dtype f32[,f16,bf16,q8_0]] [--threads 2[,1]] [--prompts 128,512]
           [--gen 128] [--positions 0,2048] [--runs 5] [--chunk N] [--dir DIR] [--model FILE] [--no-probe] [--f32-activations]
           [--isa scalar|avx2|avx512|avx512vnni|avx512bf16|neon] [--load N]

   For each model it reports prompt tokens/s per prompt length, generated tokens/s over --gen steps
   after prompts of each --positions length (decode cost must not grow with position), time to first
   token, load time and peak RSS, as medians of --runs with min-max. Models with random weights and
   the exact shapes of the public checkpoints are made in DIR on first use (tools/random_model.h).
   A STREAM-like triad, a read-only sweep and an FMA-throughput probe give this machine's limits, so
   each figure is also shown as a fraction of its ceiling (decode against both bandwidths). --batch 1,4,16 measures m2_step_batch: several sessions
   advanced together, every weight read once per step for all of them (tokens/s over all
   sessions). --tok MODEL[,MODEL...] --tok-text FILE measures the tokenizer's encode
   throughput on a text (MB/s, single thread, the work area reused as an application would).
   --f32-activations keeps f32 activations in the prefill of BF16 models (m2_session_opts.f32_activations).
   --isa runs the kernels of that instruction-set level instead of the best the CPU has
   (m2_session_opts.isa). The probes use what this program was compiled for (make: -march=native).
   --load N runs N busy threads of its own beside every measurement (not the probes), to see how
   the thread counts share a CPU that something else is also using. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <pthread.h>
#include "random_model.h"
#include "../examples/example_common.h" /* the command line, as every example reads it */


/* The probes' own vectors: the compiler's target, as for the whole program */
#if defined(__AVX512F__)
#include <immintrin.h>
#define PV __m512
#define PV_W 16
#define PV_SET1(x) _mm512_set1_ps(x)
#define PV_LOAD(p) _mm512_loadu_ps(p)
#define PV_ADD(a, b) _mm512_add_ps((a), (b))
#define PV_FMA(acc, a, b) _mm512_fmadd_ps((a), (b), (acc))
#define PV_MUL(a, b) _mm512_mul_ps((a), (b))
#define PV_STREAM(p, v) _mm512_stream_ps((p), (v))
#define PV_FENCE() _mm_sfence()
static float pv_sum(PV v) { float t[16], s = 0; int i; _mm512_storeu_ps(t, v); for (i = 0; i < 16; i++) s += t[i]; return s; }
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define PV __m256
#define PV_W 8
#define PV_SET1(x) _mm256_set1_ps(x)
#define PV_LOAD(p) _mm256_loadu_ps(p)
#define PV_ADD(a, b) _mm256_add_ps((a), (b))
#define PV_FMA(acc, a, b) _mm256_fmadd_ps((a), (b), (acc))
#define PV_MUL(a, b) _mm256_mul_ps((a), (b))
#define PV_STREAM(p, v) _mm256_stream_ps((p), (v))
#define PV_FENCE() _mm_sfence()
static float pv_sum(PV v) { float t[8], s = 0; int i; _mm256_storeu_ps(t, v); for (i = 0; i < 8; i++) s += t[i]; return s; }
#endif

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
typedef struct stat3 { double med, lo, hi; } stat3;
static stat3 summarize(double *v, int n) {
    stat3 s;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    s.lo = v[0]; s.hi = v[n - 1];
    s.med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    return s;
}

/* ---- machine limits ---- */
/* The bandwidth probes stream buffers far beyond the last-level cache (Zen 3: 32 MB per CCX), each
   thread its own contiguous slice, as the decode's row tasks are; every pass is timed and the best
   one kept (the first pass also faults the pages in, so it is untimed). Several accumulators keep
   the adds off one dependency chain, so the loads, not the adds, set the pace. */
#define PROBE_PASSES 8
typedef struct probe_bufs { float *a, *b, *c; } probe_bufs;

/* STREAM's triad a = b + 3c on [lo, hi). The stores bypass the cache where the compiler lets us
   (non-temporal): a cached store would first read its line in, moving 16 bytes per element where
   12 are counted. */
static double triad_slice(probe_bufs *p, size_t lo, size_t hi) {
    size_t k = lo;
#ifdef PV
    for (; k + PV_W <= hi; k += PV_W) PV_STREAM(p->a + k, PV_ADD(PV_LOAD(p->b + k), PV_MUL(PV_SET1(3.0f), PV_LOAD(p->c + k))));
#endif
    for (; k < hi; k++) p->a[k] = p->b[k] + 3.0f * p->c[k];
    return 0;
}

/* The sum of a[lo, hi): four accumulators, a cache line or more per step */
static double read_slice(probe_bufs *p, size_t lo, size_t hi) {
    const float *a = p->a;
    size_t k = lo;
    double total = 0;
#ifdef PV
    PV v0 = PV_SET1(0.0f), v1 = v0, v2 = v0, v3 = v0;
    for (; k + 4 * PV_W <= hi; k += 4 * PV_W) {
        v0 = PV_ADD(v0, PV_LOAD(a + k)); v1 = PV_ADD(v1, PV_LOAD(a + k + PV_W));
        v2 = PV_ADD(v2, PV_LOAD(a + k + 2 * PV_W)); v3 = PV_ADD(v3, PV_LOAD(a + k + 3 * PV_W));
    }
    total = pv_sum(PV_ADD(PV_ADD(v0, v1), PV_ADD(v2, v3)));
#endif
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; k + 4 <= hi; k += 4) { s0 += a[k]; s1 += a[k + 1]; s2 += a[k + 2]; s3 += a[k + 3]; }
        for (; k < hi; k++) s0 += a[k];
        return total + s0 + s1 + s2 + s3;
    }
}

/* The best GB/s of PROBE_PASSES timed passes of `slice` over n elements (the first pass, which
   also faults the pages in, is not timed), `bytes` moved per element. Each thread streams its own
   contiguous slice of whole cache lines, as the decode's row tasks do. *sum: the last pass's
   results added up (it keeps the reads alive) */
static double probe_passes(int threads, size_t n, double (*slice)(probe_bufs *, size_t, size_t), probe_bufs *p, double bytes, double *sum) {
    size_t per = (n / (size_t)threads + 63) & ~(size_t)63;
    double best = 0;
    int rep;
    for (rep = 0; rep <= PROBE_PASSES; rep++) {
        double t0 = now(), dt, total = 0;
        int t;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static, 1) reduction(+ : total)
#endif
        for (t = 0; t < threads; t++) {
            size_t lo = per * (size_t)t < n ? per * (size_t)t : n;
            total += slice(p, lo, lo + per < n ? lo + per : n);
        }
#ifdef PV
        PV_FENCE(); /* the streaming stores are done */
#endif
        dt = now() - t0;
        if (rep > 0 && bytes * (double)n / dt / 1e9 > best) best = bytes * (double)n / dt / 1e9;
        *sum = total;
    }
    return best;
}

/* 3 x 256 MB */
static double probe_triad_gbs(int threads) {
    size_t n = (size_t)64 << 20, i;
    float *raw = (float *)malloc(n * 4 + 64);
    probe_bufs p;
    double best = 0, sum;
    p.a = raw ? (float *)(void *)(((uintptr_t)raw + 63) & ~(uintptr_t)63) : NULL; /* aligned for the streaming stores */
    p.b = (float *)malloc(n * 4);
    p.c = (float *)malloc(n * 4);
    if (raw && p.b && p.c) {
        for (i = 0; i < n; i++) { p.a[i] = 0.0f; p.b[i] = 1.0f; p.c[i] = 2.0f; }
        best = probe_passes(threads, n, triad_slice, &p, 12.0, &sum);
        if (p.a[n / 2] != 7.0f) best = 0;
    }
    free(raw); free(p.b); free(p.c);
    return best;
}

/* Read-only bandwidth (a sum over 512 MB): what decoding does, streaming weights. On this kind of
   machine it reads above the triad, which also writes. */
static double probe_read_gbs(int threads) {
    size_t n = (size_t)128 << 20, i;
    probe_bufs p;
    double best = 0, sum = 0;
    p.a = (float *)malloc(n * 4);
    p.b = p.c = NULL;
    if (!p.a) return 0;
    for (i = 0; i < n; i++) p.a[i] = 1.0f;
    best = probe_passes(threads, n, read_slice, &p, 4.0, &sum);
    free(p.a);
    return fabs(sum - (double)n) < 1e-3 * (double)n ? best : 0; /* (every value is 1) */
}

static double probe_fma_gflops(int threads) {
    double best = 0;
    int rep;
    for (rep = 0; rep < 3; rep++) {
        long iters = 20000000;
        double t0 = now(), dt, sink = 0;
        int th;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) reduction(+ : sink)
#endif
        for (th = 0; th < threads; th++) {
            long it;
#ifdef PV
            PV a0 = PV_SET1(1.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
            PV m = PV_SET1(0.999999f), k = PV_SET1(1e-7f);
            for (it = 0; it < iters; it++) {
                a0 = PV_FMA(k, a0, m); a1 = PV_FMA(k, a1, m); a2 = PV_FMA(k, a2, m); a3 = PV_FMA(k, a3, m);
                a4 = PV_FMA(k, a4, m); a5 = PV_FMA(k, a5, m); a6 = PV_FMA(k, a6, m); a7 = PV_FMA(k, a7, m);
                a8 = PV_FMA(k, a8, m); a9 = PV_FMA(k, a9, m); a10 = PV_FMA(k, a10, m); a11 = PV_FMA(k, a11, m);
            }
            sink += pv_sum(PV_ADD(PV_ADD(PV_ADD(a0, a1), PV_ADD(a2, a3)), PV_ADD(PV_ADD(a4, a5), PV_ADD(PV_ADD(a6, a7), PV_ADD(PV_ADD(a8, a9), PV_ADD(a10, a11))))));
#else
            float a[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
            int q;
            for (it = 0; it < iters; it++)
                for (q = 0; q < 12; q++) a[q] = a[q] * 0.999999f + 1e-7f;
            for (q = 0; q < 12; q++) sink += a[q];
#endif
        }
        dt = now() - t0;
#ifdef PV
        if (2.0 * 12 * PV_W * (double)iters * threads / dt / 1e9 > best) best = 2.0 * 12 * PV_W * (double)iters * threads / dt / 1e9;
#else
        if (2.0 * 12 * (double)iters * threads / dt / 1e9 > best) best = 2.0 * 12 * (double)iters * threads / dt / 1e9;
#endif
        if (sink == 12345.0) best = 0; /* keeps the loop alive */
    }
    return best;
}

/* ---- --load N: busy threads of the bench's own, sharing the CPU as an engine's render and physics
   threads (or a build) would. They run through the measured runs of a thread count, not its probes. */
#define MAX_LOAD 64
typedef struct busy_load { pthread_t th[MAX_LOAD]; int n; volatile int stop; } busy_load;
static void *busy_spin(void *arg) {
    busy_load *L = (busy_load *)arg;
    volatile unsigned long x = 0;
    while (!L->stop) x++;
    return NULL;
}
static void busy_start(busy_load *L, int n) {
    int k;
    L->stop = 0;
    for (L->n = 0, k = 0; k < n; k++)
        if (pthread_create(&L->th[L->n], NULL, busy_spin, L) == 0) L->n++;
    if (L->n < n) fprintf(stderr, "bench: --load %d: only %d busy threads started\n", n, L->n);
}
static void busy_stop(busy_load *L) {
    int k;
    L->stop = 1;
    for (k = 0; k < L->n; k++) pthread_join(L->th[k], NULL);
    L->n = 0;
}

/* ---- per-model cost model: bytes read and FLOPs per token ---- */
/* Bytes read and multiply-adds per decoded token: every matrix a token uses (for MoE layers the
   top-k experts, not all of them), the recurrent state read and written, and at depth `pos` the
   KV cache rows read. */
static double mat_bytes(const m2__mat *W) { return W->data ? (double)W->row_bytes * W->rows : 0.0; }
static double mat_macs(const m2__mat *W) { return W->data ? (double)W->rows * W->cols : 0.0; }
static void per_token_cost(const m2_model *m, int pos, double *bytes, double *flops) {
    const m2_config *c = m2_model_config(m);
    double mat = 0, macs = 0, k = c->n_expert ? (double)c->n_expert_used : 0.0;
    int l, i;
    for (l = 0; l < c->n_layer; l++) {
        const m2__layer *Ly = &m->layers[l];
        const m2__mat *dense[13];
        dense[0] = &Ly->in_proj; dense[1] = &Ly->out_proj; dense[2] = &Ly->x_proj; dense[3] = &Ly->dt_proj;
        dense[4] = &Ly->wq; dense[5] = &Ly->wk; dense[6] = &Ly->wv; dense[7] = &Ly->wo;
        dense[8] = &Ly->w_gate; dense[9] = &Ly->w_up; dense[10] = &Ly->w_down; dense[11] = &Ly->router; dense[12] = &Ly->sh_up;
        for (i = 0; i < 13; i++) { mat += mat_bytes(dense[i]); macs += mat_macs(dense[i]); }
        mat += mat_bytes(&Ly->sh_gate) + mat_bytes(&Ly->sh_down);
        macs += mat_macs(&Ly->sh_gate) + mat_macs(&Ly->sh_down);
        /* an expert's matrices are one of the stack (m2__expert) */
        mat += k * (mat_bytes(&Ly->ex_gate) + mat_bytes(&Ly->ex_up) + mat_bytes(&Ly->ex_down));
        macs += k * (mat_macs(&Ly->ex_gate) + mat_macs(&Ly->ex_up) + mat_macs(&Ly->ex_down));
    }
    mat += (double)m->lm_head.row_bytes * c->vocab_rows;
    macs += (double)c->vocab_rows * c->d_model;
    /* SSM and conv state read and written; K and V rows of every attention layer read */
    *bytes = mat + 2.0 * 4.0 * ((double)m->ssm_floats + (double)m->conv_floats) +
             4.0 * 2.0 * (double)pos * c->n_attn_layers * c->n_kv_head * c->head_dim;
    *flops = 2.0 * macs + 4.0 * (double)pos * c->n_attn_layers * c->n_head * c->head_dim;
}

#define USAGE \
    "usage: bench [--shape 130m[,370m,...]] [--dtype f32[,f16,bf16,q8_0]] [--threads 2[,1]] [--prompts 128,512]\n" \
    "             [--gen 128] [--positions 0,2048] [--batch 1,4,16] [--runs 5] [--chunk N] [--dir DIR] [--model FILE]\n" \
    "             [--no-probe] [--f32-activations] [--isa scalar|avx2|avx512|avx512vnni|avx512bf16|neon]\n" \
    "             [--tok MODEL --tok-text FILE] [--load N]\n" \
    "lists hold at most 8 items; prompts 1 to 1048576 tokens, positions 0 to 1048576\n"

/* Splits a comma list into items; returns the count, 0 on an empty or too long list (after saying why) */
static int parse_list(const char *s, char items[][32], int cap) {
    int n = 0;
    if (!*s) { fprintf(stderr, "error: an empty list\n"); return 0; }
    while (*s) {
        size_t len = strcspn(s, ",");
        if (n == cap) { fprintf(stderr, "error: at most %d items in a list\n", cap); return 0; }
        if (len == 0 || len >= 32) { fprintf(stderr, "error: list item \"%.*s\": 1 to 31 characters\n", (int)len, s); return 0; }
        memcpy(items[n], s, len);
        items[n][len] = 0;
        n++;
        s += len;
        if (*s == ',' && !*++s) { fprintf(stderr, "error: a list ends with a comma\n"); return 0; }
    }
    return n;
}

/* Every item an integer in [lo, hi]; the largest in *max. 0 (after saying why) otherwise. */
static int check_ints(const char *name, char items[][32], int n, long lo, long hi, long *max) {
    int k;
    *max = lo;
    for (k = 0; k < n; k++) {
        long v;
        if (!ex_parse_long(items[k], &v)) { fprintf(stderr, "error: %s %s: not an integer\n", name, items[k]); return 0; }
        if (v < lo || v > hi) { fprintf(stderr, "error: %s %s: %s %ld\n", name, items[k], v < lo ? "at least" : "at most", v < lo ? lo : hi); return 0; }
        if (v > *max) *max = v;
    }
    return 1;
}

static const char *ensure_model(const char *dir, const char *shape, const char *dtype, char *path, size_t cap) {
    rm_shape s;
    struct stat st;
    FILE *f;
    snprintf(path, cap, "%s/random-%s-%s.bin", dir, shape, dtype);
    if (stat(path, &st) == 0) return path;
    if (!rm_named_shape(shape, &s) && !rm_named_v2_shape(shape, &s)) { fprintf(stderr, "bench: unknown shape %s\n", shape); return NULL; }
    if (!rm_dtype_from_name(dtype, &s.dtype)) s.dtype = M2_F32;
    {
        int nt = rm_tensors(&s, NULL, 0);
        rm_tensor *t = (rm_tensor *)calloc((size_t)nt, sizeof *t);
        uint64_t ds, doff, size;
        struct statvfs vfs;
        rm_tensors(&s, t, nt);
        size = rm_file_size(&s, t, nt, &ds, &doff);
        free(t);
        if (statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < size + (512u << 20)) {
            fprintf(stderr, "bench: not enough free disk in %s for %s (%.1f GB)\n", dir, path, (double)size / 1e9);
            return NULL;
        }
        fprintf(stderr, "bench: writing %s (%.0f MB)...\n", path, (double)size / 1e6);
    }
    f = fopen(path, "wb");
    if (!f || rm_write(&s, 1, rm_file_sink, f) != 0 || fclose(f) != 0) { fprintf(stderr, "bench: cannot write %s\n", path); remove(path); return NULL; }
    return path;
}

int main(int argc, char **argv) {
    char shapes[8][32], dtypes[8][32], threads_s[8][32], prompts_s[8][32], positions_s[8][32];
    char batches_s[8][32];
    int n_shapes, n_dtypes, n_threads, n_prompts, n_positions, n_batches = 0, runs = 5, load = 0, gen = 128, chunk = 0, probe = 1, no_probe = 0, f32_activations = 0, isa = M2_ISA_AUTO, i;
    long max_ids = 8192; /* the token buffer: the longest prompt or position asked for, at least 8192 */
    ex_cli cli;
    const char *a;
    const char *dir = "build/bench-models", *model_file = NULL, *tok_model = NULL, *tok_text = NULL;
    n_shapes = parse_list("130m", shapes, 8);
    n_dtypes = parse_list("f32,q8_0", dtypes, 8);
    n_threads = parse_list("2", threads_s, 8);
    n_prompts = parse_list("128,512", prompts_s, 8);
    n_positions = parse_list("0,512", positions_s, 8);
    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        const char *v = NULL;
        long x = 0;
        char (*list)[32] = NULL;
        int *count = NULL;
        if (ex_opt_flag(&cli, a, "--no-probe", &no_probe)) continue;
        if (ex_opt_flag(&cli, a, "--f32-activations", &f32_activations)) continue;
        if (ex_opt_long(&cli, a, "--gen", &x, 1, 1L << 20)) { gen = (int)x; continue; }
        if (ex_opt_long(&cli, a, "--runs", &x, 1, 100)) { runs = (int)x; continue; }
        if (ex_opt_long(&cli, a, "--load", &x, 0, MAX_LOAD)) { load = (int)x; continue; }
        if (ex_opt_long(&cli, a, "--chunk", &x, 0, M2__MAX_CHUNK)) { chunk = (int)x; continue; }
        if (ex_opt_str(&cli, a, "--dir", &dir) || ex_opt_str(&cli, a, "--model", &model_file) || ex_opt_str(&cli, a, "--tok", &tok_model) ||
            ex_opt_str(&cli, a, "--tok-text", &tok_text)) continue;
        if (ex_opt_str(&cli, a, "--isa", &v)) {
            static const char *names[] = {"scalar", "avx2", "avx512", "avx512vnni", "avx512bf16", "neon"};
            int k;
            if (cli.done) continue;
            for (k = 0; k < 6 && strcmp(v, names[k]) != 0; k++) {}
            if (k == 6) { ex_cli_error(&cli, "--isa %s: one of scalar, avx2, avx512, avx512vnni, avx512bf16, neon", v); continue; }
            isa = k + M2_ISA_SCALAR;
            if (!m2_isa_available(isa)) { fprintf(stderr, "error: --isa %s: not in this build or not run by this CPU\n", v); return 2; }
            continue;
        }
        if (ex_opt_str(&cli, a, "--shape", &v)) { list = shapes; count = &n_shapes; }
        else if (ex_opt_str(&cli, a, "--dtype", &v)) { list = dtypes; count = &n_dtypes; }
        else if (ex_opt_str(&cli, a, "--threads", &v)) { list = threads_s; count = &n_threads; }
        else if (ex_opt_str(&cli, a, "--prompts", &v)) { list = prompts_s; count = &n_prompts; }
        else if (ex_opt_str(&cli, a, "--positions", &v)) { list = positions_s; count = &n_positions; }
        else if (ex_opt_str(&cli, a, "--batch", &v)) { list = batches_s; count = &n_batches; }
        else { ex_positional(&cli, a, (const char **)NULL); continue; }
        if (cli.done) continue;
        if (!(*count = parse_list(v, list, 8))) { fprintf(stderr, "(in %s %s)\n", a, v); return 2; }
    }
    if (cli.done) return cli.status;
    probe = !no_probe;
    {   /* the numeric lists: refused here with their limits, never skipped later without a word */
        long mx;
        if (!check_ints("--threads", threads_s, n_threads, 1, 1024, &mx) || !check_ints("--prompts", prompts_s, n_prompts, 1, 1L << 20, &mx)) return 2;
        max_ids = mx;
        if (!check_ints("--positions", positions_s, n_positions, 0, 1L << 20, &mx)) return 2;
        if (mx > max_ids) max_ids = mx;
        if (!check_ints("--batch", batches_s, n_batches, 1, 64, &mx)) return 2;
        if ((tok_model == NULL) != (tok_text == NULL)) { fprintf(stderr, "error: --tok and --tok-text go together\n"); return 2; }
    }
    mkdir("build", 0755);
    mkdir(dir, 0755);
    printf("mamba2.h %d.%d.%d bench, kernels: %s, OpenMP: %s\n", MAMBA2_VERSION_MAJOR, MAMBA2_VERSION_MINOR, MAMBA2_VERSION_PATCH, m2_isa_name(isa),
#ifdef _OPENMP
           "yes"
#else
           "no"
#endif
    );
    if (load) printf("load: %d busy thread(s) of the bench's own beside every measurement (not the probes)\n", load);
    {
        int ti;
        busy_load busy;
        for (ti = 0; ti < n_threads; ti++) {
            int th = atoi(threads_s[ti]);
            double bw = probe ? probe_triad_gbs(th) : 0, rd = probe ? probe_read_gbs(th) : 0, fl = probe ? probe_fma_gflops(th) : 0;
            int si, di;
            if (probe) printf("\nmachine, %d thread(s): triad %.1f GB/s, read %.1f GB/s, FMA peak %.0f GFLOP/s\n", th, bw, rd, fl);
            busy_start(&busy, load);
            for (si = 0; si < (model_file ? 1 : n_shapes); si++)
                for (di = 0; di < (model_file ? 1 : n_dtypes); di++) {
                    char path[1024];
                    const char *mp = model_file ? model_file : ensure_model(dir, shapes[si], dtypes[di], path, sizeof path);
                    double *v = (double *)malloc((size_t)runs * sizeof(double)), bytes, flops;
                    m2_model *m = NULL;
                    char err[256];
                    int pi, r, V;
                    int32_t *ids;
                    stat3 st;
                    if (!mp) continue;
                    for (r = 0; r < runs; r++) { /* load time: open + validate (checksum, directory, tokenizer) */
                        double t0 = now();
                        if (m2_model_open(&m, mp, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "bench: %s\n", err); return 1; }
                        v[r] = now() - t0;
                        if (r + 1 < runs) m2_model_close(m);
                    }
                    st = summarize(v, runs);
                    per_token_cost(m, 0, &bytes, &flops);
                    V = m2_model_config(m)->vocab_size;
                    printf("\n%s (%s, %.0f MB weights read per token), %d thread(s), chunk %d", model_file ? model_file : shapes[si], model_file ? "file" : dtypes[di],
                           bytes / 1e6, th, chunk ? chunk : M2__DEFAULT_CHUNK);
                    if (busy.n) printf(", %d busy thread(s) beside", busy.n);
                    printf("\n");
                    printf("  %-26s %10.1f ms  (%.1f-%.1f)\n", "load", st.med * 1e3, st.lo * 1e3, st.hi * 1e3);
                    if (max_ids < 8192) max_ids = 8192; /* (the batch runs index ids modulo 8192) */
                    ids = (int32_t *)malloc((size_t)max_ids * sizeof(int32_t));
                    if (!ids) { fprintf(stderr, "bench: out of memory\n"); return 1; }
                    for (r = 0; r < (int)max_ids; r++) ids[r] = (int32_t)((r * 7919u + 13u) % (unsigned)V);
                    for (pi = 0; pi < n_prompts; pi++) {
                        int n = atoi(prompts_s[pi]);
                        m2_session_opts so;
                        m2_session *s;
                        /* (every n is in [1, max_ids]: checked with the command line) */
                        memset(&so, 0, sizeof so);
                        so.n_threads = th;
                        so.chunk_size = chunk;
                        so.f32_activations = f32_activations;
                        so.isa = isa;
                        so.n_ctx = n + 1;
                        if (m2_session_create(&s, m, &so) != M2_OK) return 1;
                        for (r = 0; r < runs; r++) {
                            double t0;
                            m2_session_reset(s);
                            t0 = now();
                            m2_prefill(s, ids, (size_t)n, NULL);
                            v[r] = (double)n / (now() - t0);
                        }
                        st = summarize(v, runs);
                        printf("  prompt %-19d %10.1f tok/s (%.1f-%.1f)  %5.1f%% of FMA peak\n", n, st.med, st.lo, st.hi,
                               fl > 0 ? 100.0 * st.med * flops / (fl * 1e9) : 0.0);
                        m2_session_destroy(s);
                    }
                    for (pi = 0; pi < n_positions; pi++) {
                        int pos = atoi(positions_s[pi]);
                        m2_session_opts so;
                        m2_session *s;
                        m2_sampler smp;
                        double pbytes, pflops;
                        /* (every pos is in [0, max_ids]: checked with the command line) */
                        per_token_cost(m, pos, &pbytes, &pflops);
                        memset(&so, 0, sizeof so);
                        so.n_ctx = pos + gen + 1; /* attention: room for the prompt and what follows */
                        so.n_threads = th;
                        so.chunk_size = chunk;
                        so.f32_activations = f32_activations;
                        so.isa = isa;
                        if (m2_session_create(&s, m, &so) != M2_OK) return 1;
                        m2_sampler_init(&smp, NULL);
                        for (r = 0; r < runs; r++) {
                            double t0;
                            int k;
                            int32_t id = 1;
                            m2_session_reset(s);
                            if (pos) m2_prefill(s, ids, (size_t)pos, NULL);
                            else m2_step(s, 1);
                            t0 = now();
                            for (k = 0; k < gen; k++) { m2_sample(s, &smp, &id); m2_step(s, id); }
                            v[r] = (double)gen / (now() - t0);
                        }
                        st = summarize(v, runs);
                        printf("  generate %d after %-7d %10.1f tok/s (%.1f-%.1f)  %5.1f%% of the triad ceiling (%.0f tok/s), %5.1f%% of the read ceiling (%.0f)\n", gen, pos, st.med, st.lo, st.hi,
                               bw > 0 ? 100.0 * st.med * pbytes / (bw * 1e9) : 0.0, bw > 0 ? bw * 1e9 / pbytes : 0.0,
                               rd > 0 ? 100.0 * st.med * pbytes / (rd * 1e9) : 0.0, rd > 0 ? rd * 1e9 / pbytes : 0.0);
                        m2_session_destroy(s);
                    }
                    for (pi = 0; pi < n_batches; pi++) { /* many sessions, one model: m2_step_batch */
                        int nb = atoi(batches_s[pi]), b, k;
                        m2_session *ss[64];
                        int32_t next[64];
                        m2_session_opts so;
                        /* (every nb is in [1, 64]: checked with the command line) */
                        memset(&so, 0, sizeof so);
                        so.n_threads = th;
                        so.chunk_size = chunk;
                        so.f32_activations = f32_activations;
                        so.isa = isa;
                        for (b = 0; b < nb; b++) if (m2_session_create(&ss[b], m, &so) != M2_OK) return 1;
                        for (b = 0; b < nb; b++) next[b] = ids[b];
                        for (r = 0; r < runs; r++) {
                            double t0 = now();
                            for (k = 0; k < 32; k++) {
                                if (m2_step_batch(ss, next, nb) != M2_OK) return 1;
                                for (b = 0; b < nb; b++) next[b] = ids[(k * 64 + b) % 8192];
                            }
                            v[r] = 32.0 * nb / (now() - t0);
                        }
                        st = summarize(v, runs);
                        printf("  batched step, %2d sessions %8.1f tok/s (%.1f-%.1f) in all\n", nb, st.med, st.lo, st.hi);
                        for (b = 0; b < nb; b++) m2_session_destroy(ss[b]);
                    }
                    {   /* time to first token: open the model, prefill 128 tokens, sample */
                        for (r = 0; r < runs; r++) {
                            m2_model *m2 = NULL;
                            m2_session *s;
                            m2_session_opts so;
                            m2_sampler smp;
                            int32_t id;
                            double t0 = now();
                            memset(&so, 0, sizeof so);
                            so.n_threads = th;
                            so.chunk_size = chunk;
                        so.f32_activations = f32_activations;
                        so.isa = isa;
                            if (m2_model_open(&m2, mp, NULL, err, sizeof err) != M2_OK || m2_session_create(&s, m2, &so) != M2_OK) return 1;
                            m2_sampler_init(&smp, NULL);
                            m2_prefill(s, ids, 128, NULL);
                            m2_sample(s, &smp, &id);
                            v[r] = now() - t0;
                            m2_session_destroy(s);
                            m2_model_close(m2);
                        }
                        st = summarize(v, runs);
                        printf("  %-26s %10.1f ms  (%.1f-%.1f)\n", "time to first token (128)", st.med * 1e3, st.lo * 1e3, st.hi * 1e3);
                    }
                    m2_model_close(m);
                    free(ids);
                    free(v);
                }
            busy_stop(&busy);
        }
    }
    while (tok_model && *tok_model && tok_text) { /* --tok takes a comma-separated list of models */
        m2_model *m = NULL;
        m2_tokenize_work *w = NULL;
        char err[256], path[1024];
        const char *comma = strchr(tok_model, ',');
        size_t pl = comma ? (size_t)(comma - tok_model) : strlen(tok_model);
        FILE *f = fopen(tok_text, "rb");
        long len = 0;
        char *text = NULL;
        int32_t *ids = NULL;
        size_t n = 0;
        double *v = (double *)malloc((size_t)runs * sizeof(double));
        if (pl >= sizeof path) pl = sizeof path - 1;
        memcpy(path, tok_model, pl);
        path[pl] = 0;
        tok_model = comma ? comma + 1 : NULL;
        if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 && (text = (char *)malloc((size_t)len)) != NULL &&
            fread(text, 1, (size_t)len, f) == (size_t)len && m2_model_open(&m, path, NULL, err, sizeof err) == M2_OK &&
            m2_tokenize_work_create(&w, m, NULL) == M2_OK &&
            m2_tokenize(m, w, text, (ptrdiff_t)len, NULL, 0, &n, 0) != M2_ERR_INVALID_ARGUMENT && /* the count; warms the work area */
            (ids = (int32_t *)malloc((n ? n : 1) * sizeof(int32_t))) != NULL) {
            stat3 st;
            size_t cap = n;
            for (i = 0; i < runs; i++) {
                double t0 = now();
                m2_tokenize(m, w, text, (ptrdiff_t)len, ids, cap, &n, 0);
                v[i] = (double)len / (now() - t0) / 1e6;
            }
            st = summarize(v, runs);
            printf("\ntokenizer %s: %s (%.2f MB, %lu tokens): encode %.1f MB/s (%.1f-%.1f), 1 thread\n", path, tok_text, (double)len / 1e6, (unsigned long)n, st.med, st.lo, st.hi);
        } else {
            fprintf(stderr, "bench: cannot run the tokenizer benchmark on %s with %s\n", tok_text, path);
        }
        if (f) fclose(f);
        free(text); free(ids); free(v);
        m2_tokenize_work_destroy(w);
        m2_model_close(m);
    }
    {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("\npeak RSS %.0f MB (the whole run; mapped model pages count once touched)\n", (double)ru.ru_maxrss / 1024.0);
    }
    return 0;
}
