/* test_threads.c - one model, many sessions on many threads: the results must be bit-identical to
   running the same sessions one after another, and the run must be clean under ThreadSanitizer.

   Build and run (plain pthreads; libgomp gives TSan false reports, so OpenMP stays off):
       clang -std=c99 -g -O1 -fsanitize=thread -DMAMBA2_NO_OPENMP tests/test_threads.c -lm -lpthread -o tests/run_threads
       TSAN_OPTIONS=halt_on_error=1 ./tests/run_threads
   Ends with "N passed, N failed, N skipped" (harness.h). The tokenizer test needs python3 and the
   GPT-NeoX tokenizer.json in ../shared (or $M2_SHARED_DIR); without them it is skipped.

   Tests
   - threads.sessions_8x1000: 8 threads, each its own session on one shared m2_model, each a
     different prompt (prefill, so the chunked scan runs concurrently too) then 1000 steps whose
     tokens are sampled (temperature, top-k, a repetition penalty, a per-thread seed), so every
     stream is different and depends on every logit. Per thread: the sampled ids, a hash of every
     logits row and the final snapshot must equal those of the same session run alone.
   - threads.open_close_shared_buffer: 8 threads open the same (read-only) model buffer at once,
     run a few tokens, close; same logits as a serial run.
   - threads.parallel_for_hook: one session whose parallel loops run on 4 threads through the
     m2_session_opts.parallel_for hook: bit-identical to n_threads = 1, and TSan checks that the
     tasks of a loop never touch the same memory.
   - threads.snapshots_across_threads: sessions saved on one thread and restored on another
     continue exactly as the original.
   - threads.tokenizer_8_threads: 8 threads tokenize and detokenize with their own work areas on
     one model: same ids and text as a serial run. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "harness.h"
#include "../tools/random_model.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>

#define N_THREADS 8
#define N_STEPS 1000

static unsigned char *g_model_buf;
static size_t g_model_size;
static m2_model *g_model;

static unsigned char *aligned_copy(const void *p, size_t n) {
    void *q = NULL;
    if (posix_memalign(&q, 64, n ? n : 1) != 0) return NULL;
    memcpy(q, p, n);
    return (unsigned char *)q;
}

/* small dims so that 8000 steps take seconds under TSan; two groups, biases, untied, f16 */
static int make_model(void) {
    rm_shape s;
    rm_membuf mb = {NULL, 0, 0};
    char err[256];
    if (g_model) return 1;
    memset(&s, 0, sizeof s);
    s.d_model = 32; s.n_layer = 2; s.vocab_rows = 128; s.vocab_size = 120; s.d_state = 16; s.d_conv = 4;
    s.headdim = 16; s.nheads = 4; s.ngroups = 2; s.chunk_size = 16; s.tied = 0; s.dtype = M2_F16;
    if (rm_write(&s, 4242, rm_mem_sink, &mb) != 0) return 0;
    g_model_buf = aligned_copy(mb.data, mb.size);
    g_model_size = mb.size;
    free(mb.data);
    if (!g_model_buf) return 0;
    if (m2_model_open_memory(&g_model, g_model_buf, g_model_size, NULL, err, sizeof err) != M2_OK) {
        fprintf(stderr, "  cannot open the synthetic model: %s\n", err);
        return 0;
    }
    return 1;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001b3ull; }
    return h;
}

/* ------------------------------------------------------------------ one session's whole run */

typedef struct run_result {
    int thread;
    const m2_model *model;
    int n_steps;
    m2_session_opts opts;
    int32_t ids[N_STEPS];
    uint64_t logits_hash;
    unsigned char *snapshot;
    size_t snapshot_size;
    int error; /* nonzero: what failed (line number) */
} run_result;

static void *run_session(void *arg) {
    run_result *r = (run_result *)arg;
    const m2_config *c = m2_model_config(r->model);
    m2_session *s = NULL;
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t prompt[64];
    int n_prompt = 5 + 7 * r->thread, i;
    uint64_t h = 0xcbf29ce484222325ull;
#define RUN_CHECK(cond) do { if (!(cond)) { r->error = __LINE__; goto done; } } while (0)
    RUN_CHECK(m2_session_create(&s, r->model, &r->opts) == M2_OK);
    if (r->opts.parallel_for) s->par_min_work = 0; /* split every loop of this small model over the pool */
    for (i = 0; i < n_prompt; i++) prompt[i] = (int32_t)((i * 13 + r->thread * 29 + 3) % c->vocab_size);
    RUN_CHECK(m2_prefill(s, prompt, (size_t)n_prompt, NULL) == M2_OK);
    memset(&so, 0, sizeof so);
    so.temperature = 0.9f;
    so.top_k = 20;
    so.top_p = 0.95f;
    so.repeat_penalty = 1.1f;
    so.seed = 1000 + (uint64_t)r->thread;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < r->n_steps; i++) {
        int32_t id;
        RUN_CHECK(m2_sample(s, &smp, &id) == M2_OK);
        RUN_CHECK(id >= 0 && id < c->vocab_size);
        r->ids[i] = id;
        RUN_CHECK(m2_step(s, id) == M2_OK);
        h = hash_bytes(h, m2_session_logits(s), (size_t)c->vocab_rows * sizeof(float));
    }
    r->logits_hash = h;
    r->snapshot_size = m2_session_state_size(s);
    r->snapshot = (unsigned char *)malloc(r->snapshot_size);
    RUN_CHECK(r->snapshot != NULL);
    RUN_CHECK(m2_session_save(s, r->snapshot, r->snapshot_size) == M2_OK);
done:
    m2_session_destroy(s);
    return NULL;
#undef RUN_CHECK
}

static void compare_runs(const run_result *a, const run_result *b, int n_steps) {
    EXPECT_EQ(a->error, 0);
    EXPECT_EQ(b->error, 0);
    if (a->error || b->error) return;
    EXPECT_TRUE(memcmp(a->ids, b->ids, (size_t)n_steps * sizeof a->ids[0]) == 0);
    EXPECT_TRUE(a->logits_hash == b->logits_hash);
    EXPECT_TRUE(a->snapshot_size == b->snapshot_size && memcmp(a->snapshot, b->snapshot, a->snapshot_size) == 0);
}

TEST(threads, sessions_8x1000) {
    static run_result serial[N_THREADS], conc[N_THREADS];
    pthread_t th[N_THREADS];
    int t, distinct = 0;
    ASSERT_TRUE(make_model());
    for (t = 0; t < N_THREADS; t++) {
        memset(&serial[t], 0, sizeof serial[t]);
        serial[t].thread = t;
        serial[t].model = g_model;
        serial[t].n_steps = N_STEPS;
        serial[t].opts.n_threads = 1;
        serial[t].opts.chunk_size = t % 2 ? 8 : 0; /* chunked prefill with two chunk lengths */
        conc[t] = serial[t];
    }
    for (t = 0; t < N_THREADS; t++) run_session(&serial[t]);
    for (t = 0; t < N_THREADS; t++) ASSERT_TRUE(pthread_create(&th[t], NULL, run_session, &conc[t]) == 0);
    for (t = 0; t < N_THREADS; t++) pthread_join(th[t], NULL);
    for (t = 0; t < N_THREADS; t++) {
        compare_runs(&serial[t], &conc[t], N_STEPS);
        if (t && memcmp(serial[t].ids, serial[0].ids, sizeof serial[0].ids) != 0) distinct++;
    }
    EXPECT_EQ(distinct, N_THREADS - 1); /* the streams really differ */
    for (t = 0; t < N_THREADS; t++) { free(serial[t].snapshot); free(conc[t].snapshot); }
}

/* ------------------------------------------------------------------ open / close concurrently */

typedef struct open_job { float logits[128]; int error; } open_job;

static void *open_run_close(void *arg) {
    open_job *j = (open_job *)arg;
    m2_model *m = NULL;
    m2_session *s = NULL;
    char err[256];
    int32_t ids[5] = {1, 2, 3, 4, 5};
    if (m2_model_open_memory(&m, g_model_buf, g_model_size, NULL, err, sizeof err) != M2_OK) { j->error = 1; return NULL; }
    if (m2_session_create(&s, m, NULL) != M2_OK) { j->error = 2; m2_model_close(m); return NULL; }
    if (m2_prefill(s, ids, 5, NULL) != M2_OK || m2_step(s, 7) != M2_OK) j->error = 3;
    else memcpy(j->logits, m2_session_logits(s), sizeof j->logits);
    m2_session_destroy(s);
    m2_model_close(m);
    return NULL;
}

TEST(threads, open_close_shared_buffer) {
    static open_job ref, jobs[N_THREADS];
    pthread_t th[N_THREADS];
    int t;
    ASSERT_TRUE(make_model());
    memset(&ref, 0, sizeof ref);
    open_run_close(&ref);
    ASSERT_EQ(ref.error, 0);
    for (t = 0; t < N_THREADS; t++) memset(&jobs[t], 0, sizeof jobs[t]);
    for (t = 0; t < N_THREADS; t++) ASSERT_TRUE(pthread_create(&th[t], NULL, open_run_close, &jobs[t]) == 0);
    for (t = 0; t < N_THREADS; t++) pthread_join(th[t], NULL);
    for (t = 0; t < N_THREADS; t++) {
        EXPECT_EQ(jobs[t].error, 0);
        EXPECT_TRUE(memcmp(jobs[t].logits, ref.logits, sizeof ref.logits) == 0);
    }
}

/* ------------------------------------------------------------------ a caller's parallel-for */

#define POOL_THREADS 4
typedef struct pf_slice { void (*task)(void *, int); void *ctx; int first, step, n; } pf_slice;
static void *pf_worker(void *arg) {
    pf_slice *sl = (pf_slice *)arg;
    int i;
    for (i = sl->first; i < sl->n; i += sl->step) sl->task(sl->ctx, i);
    return NULL;
}
/* task i runs on thread i % POOL_THREADS (the caller's thread takes slice 0) */
static void pthread_parallel_for(void *pool_ctx, void (*task)(void *, int), void *task_ctx, int n_tasks) {
    pthread_t th[POOL_THREADS];
    pf_slice sl[POOL_THREADS];
    int t, started[POOL_THREADS] = {0};
    int *calls = (int *)pool_ctx;
    __atomic_fetch_add(calls, 1, __ATOMIC_RELAXED);
    for (t = 0; t < POOL_THREADS; t++) {
        sl[t].task = task; sl[t].ctx = task_ctx; sl[t].first = t; sl[t].step = POOL_THREADS; sl[t].n = n_tasks;
    }
    for (t = 1; t < POOL_THREADS; t++) started[t] = pthread_create(&th[t], NULL, pf_worker, &sl[t]) == 0;
    pf_worker(&sl[0]);
    for (t = 1; t < POOL_THREADS; t++) {
        if (started[t]) pthread_join(th[t], NULL);
        else pf_worker(&sl[t]); /* could not start a thread: do its share here */
    }
}

TEST(threads, parallel_for_hook) {
    static run_result serial, hooked;
    int calls = 0;
    ASSERT_TRUE(make_model());
    memset(&serial, 0, sizeof serial);
    serial.thread = 3;
    serial.model = g_model;
    serial.n_steps = 200;
    serial.opts.n_threads = 1;
    serial.opts.chunk_size = 16;
    hooked = serial;
    hooked.opts.n_threads = POOL_THREADS;
    hooked.opts.parallel_for = pthread_parallel_for;
    hooked.opts.parallel_ctx = &calls;
    run_session(&serial);
    run_session(&hooked);
    compare_runs(&serial, &hooked, 200);
    EXPECT_TRUE(calls > 0); /* the hook was used */
    free(serial.snapshot);
    free(hooked.snapshot);
}

/* ------------------------------------------------------------------ snapshots between threads */

typedef struct snap_job {
    const unsigned char *snap;
    size_t size;
    int32_t ids[50];
    int error;
} snap_job;

static void *restore_and_continue(void *arg) {
    snap_job *j = (snap_job *)arg;
    m2_session *s = NULL;
    m2_sampler smp;
    int i;
    if (m2_session_create(&s, g_model, NULL) != M2_OK) { j->error = 1; return NULL; }
    if (m2_session_load(s, j->snap, j->size) != M2_OK) { j->error = 2; m2_session_destroy(s); return NULL; }
    m2_sampler_init(&smp, NULL);
    for (i = 0; i < 50; i++) {
        if (m2_sample(s, &smp, &j->ids[i]) != M2_OK || m2_step(s, j->ids[i]) != M2_OK) { j->error = 3; break; }
    }
    m2_session_destroy(s);
    return NULL;
}

TEST(threads, snapshots_across_threads) {
    static snap_job ref, jobs[N_THREADS];
    pthread_t th[N_THREADS];
    m2_session *s = NULL;
    unsigned char *snap;
    size_t n;
    int32_t prompt[9] = {5, 6, 7, 8, 9, 10, 11, 12, 13};
    int t;
    ASSERT_TRUE(make_model());
    ASSERT_TRUE(m2_session_create(&s, g_model, NULL) == M2_OK);
    ASSERT_TRUE(m2_prefill(s, prompt, 9, NULL) == M2_OK);
    n = m2_session_state_size(s);
    snap = (unsigned char *)malloc(n);
    ASSERT_TRUE(snap && m2_session_save(s, snap, n) == M2_OK);
    m2_session_destroy(s);
    memset(&ref, 0, sizeof ref);
    ref.snap = snap;
    ref.size = n;
    restore_and_continue(&ref);
    ASSERT_EQ(ref.error, 0);
    for (t = 0; t < N_THREADS; t++) jobs[t] = ref;
    for (t = 0; t < N_THREADS; t++) ASSERT_TRUE(pthread_create(&th[t], NULL, restore_and_continue, &jobs[t]) == 0);
    for (t = 0; t < N_THREADS; t++) pthread_join(th[t], NULL);
    for (t = 0; t < N_THREADS; t++) {
        EXPECT_EQ(jobs[t].error, 0);
        EXPECT_TRUE(memcmp(jobs[t].ids, ref.ids, sizeof ref.ids) == 0);
    }
    free(snap);
}

/* ------------------------------------------------------------------ the tokenizer */

static m2_model *g_tok_model;
static unsigned char *g_tok_buf;

static const char *shared_dir(void) {
    static char path[1024];
    const char *env = getenv("M2_SHARED_DIR");
    struct stat st;
    snprintf(path, sizeof path - 64, "%s", env && *env ? env : "../shared");
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return path;
}

/* a 1-layer random model with the GPT-NeoX tokenizer, through the real converter */
static const char *tok_model(void) {
    static char why[1200];
    char cmd[4096], tj[1100], dir[] = "/tmp/m2threadsXXXXXX";
    const char *sh = shared_dir(), *py = getenv("PYTHON");
    FILE *f;
    long len;
    if (g_tok_model) return NULL;
    if (!sh) return "no shared data (../shared or M2_SHARED_DIR)";
    snprintf(tj, sizeof tj, "%s/data/gpt-neox-20b/tokenizer.json", sh);
    if (!(f = fopen(tj, "rb"))) { snprintf(why, sizeof why, "no %s", tj); return why; }
    fclose(f);
    if (!mkdtemp(dir)) return "mkdtemp failed";
    if (!py || !*py) py = "python3";
    snprintf(cmd, sizeof cmd,
             "%s tools/make_random_checkpoint.py %s/ck --d-model 16 --n-layer 1 --d-state 8 --headdim 8 >/dev/null 2>&1 && "
             "%s tools/convert.py %s/ck %s/m.bin -q --tokenizer '%s' >/dev/null 2>&1",
             py, dir, py, dir, dir, tj);
    if (system(cmd) != 0) return "could not build a model with the NeoX tokenizer (python3 tools/convert.py failed)";
    snprintf(cmd, sizeof cmd, "%s/m.bin", dir);
    if (!(f = fopen(cmd, "rb"))) return "converter wrote nothing";
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len <= 0 || posix_memalign((void **)&g_tok_buf, 64, (size_t)len) != 0 || fread(g_tok_buf, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        return "cannot read the converted model";
    }
    fclose(f);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) { /* a leftover temp dir is harmless */ }
    if (m2_model_open_memory(&g_tok_model, g_tok_buf, (size_t)len, NULL, why, sizeof why) != M2_OK) return why;
    return NULL;
}

static const char *const tok_texts[] = {
    "The quick brown fox jumps over the lazy dog. ",
    "Once upon a time, there was a little girl named Lily who loved to play outside.",
    "caf\xc3\xa9 cafe\xcc\x81 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 <|endoftext|>   indented\n\n",
    "def f(x):\n    return x * 2  # it's 12345 or 6.02e23\n",
    "\xff\xfe invalid \xe2\x82 utf-8 \xc3",
};
#define N_TOK_TEXTS (int)(sizeof tok_texts / sizeof tok_texts[0])

typedef struct tok_job { int thread; uint64_t hash; int error; } tok_job;

static void *tokenize_many(void *arg) {
    tok_job *j = (tok_job *)arg;
    m2_tokenize_work *w = NULL;
    int32_t ids[4096];
    char out[16384];
    int round, k;
    uint64_t h = 0xcbf29ce484222325ull;
    if (m2_tokenize_work_create(&w, g_tok_model, NULL) != M2_OK) { j->error = 1; return NULL; }
    for (round = 0; round < 40; round++) {
        char text[2048];
        size_t tl = 0, n = 0, ol = 0;
        /* different texts per thread and round, built from the pieces above */
        for (k = 0; k < 5; k++) {
            const char *piece = tok_texts[(round + k * (j->thread + 1)) % N_TOK_TEXTS];
            size_t pl = strlen(piece);
            if (tl + pl < sizeof text) { memcpy(text + tl, piece, pl); tl += pl; }
        }
        if (m2_tokenize(g_tok_model, w, text, (ptrdiff_t)tl, ids, 4096, &n, round % 3 == 2 ? M2_TOKENIZE_NO_SPECIAL : 0) != M2_OK) { j->error = 2; break; }
        if (m2_detokenize(g_tok_model, ids, n, out, sizeof out, &ol) != M2_OK) { j->error = 3; break; }
        h = hash_bytes(h, ids, n * sizeof ids[0]);
        h = hash_bytes(h, out, ol);
    }
    j->hash = h;
    m2_tokenize_work_destroy(w);
    return NULL;
}

TEST(threads, tokenizer_8_threads) {
    static tok_job serial[N_THREADS], conc[N_THREADS];
    pthread_t th[N_THREADS];
    const char *why = tok_model();
    int t;
    if (why) SKIP("%s", why);
    for (t = 0; t < N_THREADS; t++) {
        memset(&serial[t], 0, sizeof serial[t]);
        serial[t].thread = t;
        conc[t] = serial[t];
        tokenize_many(&serial[t]);
    }
    for (t = 0; t < N_THREADS; t++) ASSERT_TRUE(pthread_create(&th[t], NULL, tokenize_many, &conc[t]) == 0);
    for (t = 0; t < N_THREADS; t++) pthread_join(th[t], NULL);
    for (t = 0; t < N_THREADS; t++) {
        EXPECT_EQ(serial[t].error, 0);
        EXPECT_EQ(conc[t].error, 0);
        EXPECT_TRUE(serial[t].hash == conc[t].hash);
    }
}

int main(int argc, char **argv) {
    static const harness_test tests[] = {
        TEST_ENTRY(threads, sessions_8x1000),
        TEST_ENTRY(threads, open_close_shared_buffer),
        TEST_ENTRY(threads, parallel_for_hook),
        TEST_ENTRY(threads, snapshots_across_threads),
        TEST_ENTRY(threads, tokenizer_8_threads),
    };
    int rc = harness_run(tests, (int)(sizeof tests / sizeof tests[0]), argc, argv);
    if (g_tok_model) m2_model_close(g_tok_model);
    free(g_tok_buf);
    if (g_model) m2_model_close(g_model);
    free(g_model_buf);
    return rc;
}
