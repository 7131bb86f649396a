/* The mamba2.h test runner: `make test` builds and runs it. Tests that need the golden data in
   ../shared (or $M2_SHARED_DIR) skip, counted as skipped, when it is absent.

   Cross targets (tests/cross/run.sh): the converter tests run python3 through system(), which
   WASI lacks and Windows cannot run (the commands are POSIX shell). `--no-external` (or
   M2_TEST_NO_EXTERNAL=1; always on under WASI and Windows) runs no command and skips what needs
   one; `run_tests --prepare DIR`, on a machine with python3, converts the models those tests use
   into DIR, and M2_TEST_MODELS=DIR makes any build use them instead of converting.
   M2_TEST_TMPDIR=DIR: use DIR (existing, kept) as the scratch directory instead of a new one. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "harness.h"
#include "../tools/random_model.h"
#include "json_mini.h"
#include <stdint.h>
#include <unistd.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <direct.h> /* _mkdir */
#include <io.h>     /* _mktemp */
#endif

/* ------------------------------------------------------------------ helpers */

static char tmp_dir[256];
static char models_dir[256];  /* M2_TEST_MODELS: converted models made by --prepare, or "" */
#if defined(__wasi__) || defined(_WIN32)
static int no_external = 1;   /* WASI has no system(); the commands are POSIX shell, not cmd.exe */
#else
static int no_external = 0;   /* --no-external or M2_TEST_NO_EXTERNAL=1 */
#endif

/* system(), unless external commands are off: then -1, as if the command failed */
static int run_command(const char *cmd) {
#ifdef __wasi__
    (void)cmd;
    return -1;
#else
    return no_external ? -1 : system(cmd);
#endif
}

static int file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* For tests whose model comes from the converter: skip, rather than fail, when it cannot run. */
#define NEED_CONVERTED(path) do { if (!(path) && no_external) SKIP("needs the converter (python3): external commands are off and M2_TEST_MODELS has no such model"); } while (0)

static const char *shared_dir(void) {
    static char path[1024];
    const char *env = getenv("M2_SHARED_DIR");
    struct stat st;
    snprintf(path, sizeof path, "%s", env && *env ? env : "../shared");
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return path;
}

static void *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    long len;
    void *buf;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return NULL; }
    buf = malloc((size_t)len + 1);
    if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) { free(buf); buf = NULL; }
    if (buf) ((char *)buf)[len] = 0; /* so that text files can be used as strings */
    fclose(f);
    if (buf && size) *size = (size_t)len;
    return buf;
}

static int write_file(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    int ok;
    if (!f) return 0;
    ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

/* a number from meta.json, found by key (the files are ours; no general JSON parser is needed) */
static double json_number(const char *json, const char *key, double fallback) {
    char pat[128];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(json, pat);
    if (!p) return fallback;
    return strtod(p + strlen(pat), NULL);
}

static const char *python(void) {
    const char *env = getenv("PYTHON");
    return env && *env ? env : "python3";
}

/* Runs the real converter; returns its exit status. */
static int convert(const char *src, const char *out, const char *extra) {
    char cmd[4096];
    int rc;
    snprintf(cmd, sizeof cmd, "%s tools/convert.py '%s' '%s' -q %s 2>%s/convert.err", python(), src, out, extra ? extra : "", tmp_dir);
    rc = run_command(cmd);
    if (rc != 0 && !no_external) {
        char errp[512];
        char *msg;
        snprintf(errp, sizeof errp, "%s/convert.err", tmp_dir);
        msg = (char *)read_file(errp, NULL);
        fprintf(stderr, "  converter failed on %s: %s\n", src, msg ? msg : "?");
        free(msg);
    }
    return rc;
}

static double max_abs_diff(const float *a, const float *b, size_t n) {
    double m = 0.0;
    size_t i;
    for (i = 0; i < n; i++) {
        double d = fabs((double)a[i] - (double)b[i]);
        if (!(d <= m)) m = d; /* NaN propagates as a failure */
    }
    return m;
}

static int argmax_n(const float *v, int n) {
    int i, b = 0;
    for (i = 1; i < n; i++) if (v[i] > v[b]) b = i;
    return b;
}

/* The session state in the golden layout: per layer ssm [H,P,N] then conv [conv_dim, K-1]. */
/* (the golden files of hybrid models hold the layers that have an SSM, in layer order) */
static float *session_state_golden_layout(const m2_session *s, size_t *n_out) {
    const m2_config *c = m2_model_config(s->model);
    size_t n = s->model->ssm_floats + s->model->conv_floats, l;
    float *out = (float *)malloc(n * sizeof(float) + 1), *p = out;
    for (l = 0; l < (size_t)c->n_layer; l++) {
        const m2__layer *Ly = &s->model->layers[l];
        memcpy(p, s->ssm + Ly->ssm_off, Ly->ssm_n * 4); p += Ly->ssm_n;
        memcpy(p, s->conv + Ly->conv_off, Ly->conv_n * 4); p += Ly->conv_n;
    }
    *n_out = n;
    return out;
}

static m2_model *open_model(const char *path) {
    m2_model *m = NULL;
    char err[512];
    if (m2_model_open(&m, path, NULL, err, sizeof err) != M2_OK) {
        fprintf(stderr, "  cannot open %s: %s\n", path, err);
        return NULL;
    }
    return m;
}

/* exact = 1: f32 activations in prefill also for BF16 weights (m2_session_opts.f32_activations) */
static int test_isa = M2_ISA_AUTO; /* the kernels' level for sessions the tests make */
static m2_session *new_session_ex(const m2_model *m, int chunk, int threads, int exact) {
    m2_session *s = NULL;
    m2_session_opts o;
    memset(&o, 0, sizeof o);
    o.isa = test_isa;
    o.chunk_size = chunk;
    o.n_threads = threads;
    o.f32_activations = exact;
    if (m2_session_create(&s, m, &o) != M2_OK) return NULL;
    return s;
}
static m2_session *new_session(const m2_model *m, int chunk, int threads) {
    return new_session_ex(m, chunk, threads, 0);
}

/* Converted golden models, made once per run. */
enum { CASE_TINY, CASE_GROUPS, CASE_GRANITE, CASE_NEMOTRON, CASE_FALCON_H1, CASE_MAMBA1, CASE_FALCON_MAMBA, N_CASES };
static const char *case_names[N_CASES] = {"tiny", "groups", "granite-h-tiny", "nemotron-h-tiny", "falcon-h1-tiny", "mamba1-tiny",
                                          "falcon-mamba-tiny"};

static const char *golden_model(int c, const char *layout) {
    static char paths[N_CASES][3][512];
    int li = !strcmp(layout, "mamba_ssm") ? 0 : !strcmp(layout, "hf") ? 1 : 2;
    char src[1024];
    const char *sh = shared_dir();
    if (!sh) return NULL;
    if (paths[c][li][0]) return paths[c][li][0] == '!' ? NULL : paths[c][li];
    if (models_dir[0]) {
        snprintf(paths[c][li], sizeof paths[c][li], "%s/%s_%s.bin", models_dir, case_names[c], layout);
        if (file_exists(paths[c][li])) return paths[c][li];
    }
    snprintf(src, sizeof src, "%s/golden/%s/%s", sh, case_names[c], layout);
    snprintf(paths[c][li], sizeof paths[c][li], "%s/%s_%s.bin", tmp_dir, case_names[c], layout);
    if (convert(src, paths[c][li], li == 2 ? "--dtype bf16" : NULL) != 0) {
        paths[c][li][0] = '!';
        return NULL;
    }
    return paths[c][li];
}

/* The f32 golden hf checkpoints converted to a reduced weight dtype (--dtype f16|bf16|q8_0), made
   once per run as CASE_hf_to_DTYPE.bin beside golden_model()'s files, or taken from M2_TEST_MODELS
   (not CASE_hf_bf16.bin: that name is golden_model()'s for the hf_bf16 checkpoint). */
enum { DT_F16, DT_BF16, DT_Q8_0, N_DTYPES };
static const char *dtype_names[N_DTYPES] = {"f16", "bf16", "q8_0"};

static const char *golden_model_dtype(int c, int dt) {
    static char paths[N_CASES][N_DTYPES][512];
    char src[1024], extra[32];
    const char *sh = shared_dir();
    if (!sh) return NULL;
    if (paths[c][dt][0]) return paths[c][dt][0] == '!' ? NULL : paths[c][dt];
    if (models_dir[0]) {
        snprintf(paths[c][dt], sizeof paths[c][dt], "%s/%s_hf_to_%s.bin", models_dir, case_names[c], dtype_names[dt]);
        if (file_exists(paths[c][dt])) return paths[c][dt];
    }
    snprintf(src, sizeof src, "%s/golden/%s/hf", sh, case_names[c]);
    snprintf(paths[c][dt], sizeof paths[c][dt], "%s/%s_hf_to_%s.bin", tmp_dir, case_names[c], dtype_names[dt]);
    snprintf(extra, sizeof extra, "--dtype %s", dtype_names[dt]);
    if (convert(src, paths[c][dt], extra) != 0) {
        paths[c][dt][0] = '!';
        return NULL;
    }
    return paths[c][dt];
}

#define NEED_SHARED() do { if (!shared_dir()) SKIP("golden data not found: set M2_SHARED_DIR or put shared/ beside the repository"); } while (0)

/* ------------------------------------------------------------------ golden cases */

typedef struct golden {
    char dir[1024];
    char *meta;
    int32_t *ids, *greedy;
    size_t T, n_greedy;
    float *logits, *state, *greedy_logits;
    size_t n_logits, n_state, n_greedy_logits;
    double tol_logits, tol_state;
} golden;

static void golden_free(golden *g) {
    free(g->meta); free(g->ids); free(g->greedy); free(g->logits); free(g->state); free(g->greedy_logits);
}

/* ref = "" for the fp32 references, "bf16_ref/" for those of the BF16-rounded weights */
static int golden_load(golden *g, int c, const char *ref) {
    char p[1200];
    size_t sz;
    memset(g, 0, sizeof *g);
    snprintf(g->dir, sizeof g->dir, "%s/golden/%s", shared_dir(), case_names[c]);
    snprintf(p, sizeof p, "%s/meta.json", g->dir);
    if (!(g->meta = (char *)read_file(p, &sz))) return 0;
    g->meta[sz] = 0;
    g->tol_logits = json_number(g->meta, "strict_logits_max_abs", 1e-5);
    g->tol_state = json_number(g->meta, "strict_final_state_max_abs", 1e-5);
    snprintf(p, sizeof p, "%s/input_ids.i32", g->dir);
    if (!(g->ids = (int32_t *)read_file(p, &sz))) return 0;
    g->T = sz / 4;
    snprintf(p, sizeof p, "%s/%sgreedy.i32", g->dir, ref);
    if (!(g->greedy = (int32_t *)read_file(p, &sz))) return 0;
    g->n_greedy = sz / 4;
    snprintf(p, sizeof p, "%s/%slogits.f32", g->dir, ref);
    if (!(g->logits = (float *)read_file(p, &sz))) return 0;
    g->n_logits = sz / 4;
    snprintf(p, sizeof p, "%s/%sfinal_state.f32", g->dir, ref);
    if (!(g->state = (float *)read_file(p, &sz))) return 0;
    g->n_state = sz / 4;
    snprintf(p, sizeof p, "%s/%sgreedy_logits.f32", g->dir, ref);
    if (!(g->greedy_logits = (float *)read_file(p, &sz))) return 0;
    g->n_greedy_logits = sz / 4;
    return 1;
}

/* Everything issue 2 asks of one converted golden model: prompt logits and final state by prefill
   and by step, the greedy continuation (ids exact, logits close) by step and by prefill. */
static void check_golden(int c, const char *layout, const char *ref) {
    golden g;
    const char *path;
    m2_model *m;
    m2_session *s;
    const m2_config *cfg;
    float *logits, *state;
    size_t n_state, i, V;
    double d, worst_logit = 0, worst_state = 0;
    int mode;
    if (!golden_load(&g, c, ref)) { FAIL_AT("cannot read golden data for %s", case_names[c]); golden_free(&g); return; }
    path = golden_model(c, layout);
    if (!path && no_external) { golden_free(&g); NEED_CONVERTED(path); }
    if (!path || !(m = open_model(path))) { FAIL_AT("conversion/load of %s/%s failed", case_names[c], layout); golden_free(&g); return; }
    cfg = m2_model_config(m);
    V = (size_t)cfg->vocab_rows;
    if (g.n_logits != g.T * V) { FAIL_AT("golden logits have %lu floats, expected %lu x %lu", (unsigned long)g.n_logits, (unsigned long)g.T, (unsigned long)V); goto out_model; }
    logits = (float *)malloc((g.T + g.n_greedy) * V * sizeof(float));
    for (mode = 0; mode < 2; mode++) { /* 0: chunked prefill, 1: recurrent step */
        s = new_session_ex(m, 0, 0, 1);
        ASSERT_TRUE(s != NULL);
        if (mode == 0) {
            EXPECT_EQ(m2_prefill(s, g.ids, g.T, logits), M2_OK);
        } else {
            for (i = 0; i < g.T; i++) {
                EXPECT_EQ(m2_step(s, g.ids[i]), M2_OK);
                memcpy(logits + i * V, m2_session_logits(s), V * 4);
            }
        }
        d = max_abs_diff(logits, g.logits, g.T * V);
        if (d > worst_logit) worst_logit = d;
        if (!(d <= g.tol_logits)) FAIL_AT("%s/%s %s: prompt logits differ by %g (tol %g)", case_names[c], layout, mode ? "step" : "prefill", d, g.tol_logits);
        state = session_state_golden_layout(s, &n_state);
        EXPECT_EQ(n_state, g.n_state);
        if (n_state == g.n_state) {
            d = max_abs_diff(state, g.state, n_state);
            if (d > worst_state) worst_state = d;
            if (!(d <= g.tol_state)) FAIL_AT("%s/%s %s: final state differs by %g (tol %g)", case_names[c], layout, mode ? "step" : "prefill", d, g.tol_state);
        }
        free(state);
        /* greedy continuation by step: g[0] = argmax(last prompt logits), then feed and repeat */
        for (i = 0; i < g.n_greedy; i++) {
            int id = argmax_n(m2_session_logits(s), cfg->vocab_size);
            if (id != g.greedy[i]) { FAIL_AT("%s/%s: greedy id %lu is %d, expected %d", case_names[c], layout, (unsigned long)i, id, g.greedy[i]); break; }
            EXPECT_EQ(m2_step(s, id), M2_OK);
            d = max_abs_diff(m2_session_logits(s), g.greedy_logits + i * V, V);
            if (d > worst_logit) worst_logit = d;
            if (!(d <= g.tol_logits)) { FAIL_AT("%s/%s: greedy logits %lu differ by %g", case_names[c], layout, (unsigned long)i, d); break; }
        }
        m2_session_destroy(s);
    }
    /* the greedy path by one prefill of prompt ++ greedy ids: rows T.. are the greedy logits */
    {
        int32_t *all = (int32_t *)malloc((g.T + g.n_greedy) * sizeof(int32_t));
        memcpy(all, g.ids, g.T * 4);
        memcpy(all + g.T, g.greedy, g.n_greedy * 4);
        s = new_session_ex(m, 0, 0, 1);
        EXPECT_EQ(m2_prefill(s, all, g.T + g.n_greedy, logits), M2_OK);
        for (i = 0; i < g.n_greedy; i++) {
            EXPECT_EQ(argmax_n(logits + (g.T - 1 + i) * V, cfg->vocab_size), g.greedy[i]);
            d = max_abs_diff(logits + (g.T + i) * V, g.greedy_logits + i * V, V);
            if (d > worst_logit) worst_logit = d;
            if (!(d <= g.tol_logits)) { FAIL_AT("%s/%s: greedy logits %lu by prefill differ by %g", case_names[c], layout, (unsigned long)i, d); break; }
        }
        m2_session_destroy(s);
        free(all);
    }
    printf("  %s/%s%s: max |logit diff| %.3g, max |state diff| %.3g\n", case_names[c], layout, ref[0] ? " vs bf16_ref" : "", worst_logit, worst_state);
    if (cfg->weight_dtype == M2_BF16) {
        /* the default prefill rounds activations to bf16 where the CPU has BF16 dot products: report
           what that costs (README "Precision"); with f32_activations it was held to the strict tolerance above */
        s = new_session(m, 0, 0);
        EXPECT_EQ(m2_prefill(s, g.ids, g.T, logits), M2_OK);
        d = max_abs_diff(logits, g.logits, g.T * V);
        printf("  %s/%s default prefill (bf16 activations where available): max |logit diff| %.3g\n", case_names[c], layout, d);
        if (!(d <= 0.05)) FAIL_AT("%s/%s: default prefill logits differ by %g", case_names[c], layout, d);
        EXPECT_EQ(argmax_n(logits + (g.T - 1) * V, cfg->vocab_size), g.greedy[0]);
        m2_session_destroy(s);
    }
    free(logits);
out_model:
    m2_model_close(m);
    golden_free(&g);
}

TEST(golden, tiny_mamba_ssm) { NEED_SHARED(); check_golden(CASE_TINY, "mamba_ssm", ""); }
TEST(golden, tiny_hf) { NEED_SHARED(); check_golden(CASE_TINY, "hf", ""); }
TEST(golden, groups_mamba_ssm) { NEED_SHARED(); check_golden(CASE_GROUPS, "mamba_ssm", ""); }
TEST(golden, groups_hf) { NEED_SHARED(); check_golden(CASE_GROUPS, "hf", ""); }
TEST(golden, groups_hf_bf16) { NEED_SHARED(); check_golden(CASE_GROUPS, "hf_bf16", "bf16_ref/"); }
TEST(golden, granite_hybrid_hf) { NEED_SHARED(); check_golden(CASE_GRANITE, "hf", ""); }
TEST(golden, granite_hybrid_hf_bf16) { NEED_SHARED(); check_golden(CASE_GRANITE, "hf_bf16", "bf16_ref/"); }
TEST(golden, nemotron_h_hf) { NEED_SHARED(); check_golden(CASE_NEMOTRON, "hf", ""); }
TEST(golden, falcon_h1_hf) { NEED_SHARED(); check_golden(CASE_FALCON_H1, "hf", ""); }
TEST(golden, mamba1_mamba_ssm) { NEED_SHARED(); check_golden(CASE_MAMBA1, "mamba_ssm", ""); }
TEST(golden, mamba1_hf) { NEED_SHARED(); check_golden(CASE_MAMBA1, "hf", ""); }
TEST(golden, falcon_mamba_hf) { NEED_SHARED(); check_golden(CASE_FALCON_MAMBA, "hf", ""); }
/* Every instruction-set level this build and CPU run, not only the best, against the references */
TEST(golden, every_isa_level) {
    int isa, levels = 0;
    NEED_SHARED();
    for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++) {
        if (!m2_isa_available(isa)) continue;
        printf("  level %s:\n", m2_isa_name(isa));
        test_isa = isa;
        check_golden(CASE_TINY, "mamba_ssm", "");
        check_golden(CASE_GROUPS, "hf", "");
        check_golden(CASE_GROUPS, "hf_bf16", "bf16_ref/");
        check_golden(CASE_GRANITE, "hf", "");
        check_golden(CASE_NEMOTRON, "hf", "");
        check_golden(CASE_FALCON_H1, "hf", "");
        check_golden(CASE_MAMBA1, "hf", "");
        check_golden(CASE_FALCON_MAMBA, "hf", "");
        test_isa = M2_ISA_AUTO;
        levels++;
    }
    EXPECT_TRUE(levels >= 1);
}

/* Fidelity per weight dtype: the f32 golden hf checkpoint converted with --dtype f16, bf16 and q8_0,
   against the f32 references (not against references of the rounded weights: this measures what
   the rounding costs). Per dtype: max |dlogit| over every prompt position by the chunked prefill
   and by the recurrent step, then the greedy continuation by step, counted up to the first id
   that differs from greedy.i32. Bounds on every logit (prompt by prefill and by step, and the
   greedy path while the ids agree; README.md, "Fidelity per weight dtype"): q8_0 0.1, as required;
   f16 and bf16 3-4x the largest measured (f16 8.1e-4 -> 3e-3; bf16 6.9e-3 by step and 9.2e-3 by
   the default prefill, which rounds activations to bf16 on CPUs with BF16 dot products -> 3e-2; by
   step their ratio is 7-8.5, about that of the formats' unit roundoffs, 2^-8 / 2^-11). f16 and bf16
   must reproduce the greedy ids exactly unless the golden top-1/top-2 margin at the first differing
   position is smaller than our deviation on that row (a near tie), which is printed; q8_0 ids are
   reported only. */
static const double dtype_logit_bound[N_DTYPES] = {3e-3, 3e-2, 0.1};
/* how many of f16, bf16, q8_0 each case's shapes allow (Falcon-H1's FFN width 112 and
   Falcon-Mamba's d_model 80 are no whole Q8_0 blocks) */
static const int case_dtypes[N_CASES] = {N_DTYPES, N_DTYPES, N_DTYPES, N_DTYPES, DT_Q8_0, N_DTYPES, DT_Q8_0};

static void check_dtype_fidelity_n(int c, int n_dtypes);
static void check_dtype_fidelity(int c) { check_dtype_fidelity_n(c, N_DTYPES); }

/* top-1 minus top-2 over the first n entries */
static double top2_margin(const float *v, int n) {
    int i, b = argmax_n(v, n);
    double second = -HUGE_VAL;
    for (i = 0; i < n; i++) if (i != b && v[i] > second) second = v[i];
    return (double)v[b] - second;
}

/* n_dtypes: how many of f16, bf16, q8_0 to check (a case whose rows are not whole Q8_0 blocks
   cannot be converted to q8_0). The bounds above were set on the Mamba-2 cases, whose logits have
   an RMS of 0.17-0.21; rounding errors scale with the logits, so other cases' bounds grow by their
   RMS over 0.2 (granite 4.9x, nemotron 12.6x, mamba1 13.9x). */
static void check_dtype_fidelity_n(int c, int n_dtypes) {
    const char *paths[N_DTYPES];
    golden g;
    int dt;
    double scale = 1.0;
    for (dt = 0; dt < n_dtypes; dt++) {
        paths[dt] = golden_model_dtype(c, dt);
        NEED_CONVERTED(paths[dt]);
        if (!paths[dt]) { FAIL_AT("conversion of %s/hf with --dtype %s failed", case_names[c], dtype_names[dt]); return; }
    }
    if (!golden_load(&g, c, "")) { FAIL_AT("cannot read golden data for %s", case_names[c]); golden_free(&g); return; }
    {
        double ss = 0.0;
        size_t i;
        for (i = 0; i < g.n_logits; i++) ss += (double)g.logits[i] * g.logits[i];
        if (g.n_logits && sqrt(ss / (double)g.n_logits) > 0.2) scale = sqrt(ss / (double)g.n_logits) / 0.2;
    }
    for (dt = 0; dt < n_dtypes; dt++) {
        const double bound = dtype_logit_bound[dt] * scale;
        m2_model *m = open_model(paths[dt]);
        m2_session *s;
        const m2_config *cfg;
        float *logits;
        size_t V, i, agree = 0;
        double d_prefill, d_step, d_greedy = 0.0, d;
        char why[256] = "";
        if (!m) { FAIL_AT("cannot load %s", paths[dt]); continue; }
        cfg = m2_model_config(m);
        V = (size_t)cfg->vocab_rows;
        if (g.n_logits != g.T * V || g.n_greedy_logits != g.n_greedy * V) {
            FAIL_AT("golden logits have %lu + %lu floats, expected (%lu + %lu) x %lu", (unsigned long)g.n_logits, (unsigned long)g.n_greedy_logits,
                    (unsigned long)g.T, (unsigned long)g.n_greedy, (unsigned long)V);
            m2_model_close(m);
            continue;
        }
        logits = (float *)malloc(g.T * V * sizeof(float));
        if (!logits) { FAIL_AT("out of memory"); m2_model_close(m); break; }
        /* chunked prefill over the prompt */
        s = new_session(m, 0, 0);
        if (!s) { FAIL_AT("cannot create a session"); free(logits); m2_model_close(m); continue; }
        EXPECT_EQ(m2_prefill(s, g.ids, g.T, logits), M2_OK);
        d_prefill = max_abs_diff(logits, g.logits, g.T * V);
        m2_session_destroy(s);
        /* the recurrent step over the prompt, then greedy generation by step */
        s = new_session(m, 0, 0);
        if (!s) { FAIL_AT("cannot create a session"); free(logits); m2_model_close(m); continue; }
        for (i = 0; i < g.T; i++) {
            EXPECT_EQ(m2_step(s, g.ids[i]), M2_OK);
            memcpy(logits + i * V, m2_session_logits(s), V * sizeof(float));
        }
        d_step = max_abs_diff(logits, g.logits, g.T * V);
        for (i = 0; i < g.n_greedy; i++) {
            const float *ours = m2_session_logits(s);
            /* the golden logits this id was chosen from: the last prompt row, then greedy row i-1 */
            const float *gold = i == 0 ? g.logits + (g.T - 1) * V : g.greedy_logits + (i - 1) * V;
            int id = argmax_n(ours, cfg->vocab_size);
            if (id != g.greedy[i]) {
                double margin = top2_margin(gold, cfg->vocab_size), dev = max_abs_diff(ours, gold, V);
                snprintf(why, sizeof why, "greedy id %lu is %d, golden %d: golden top-1/top-2 margin %.2g %s our |dlogit| %.2g on that row",
                         (unsigned long)i, id, g.greedy[i], margin, margin < dev ? "<" : ">=", dev);
                if (dt != DT_Q8_0 && !(margin < dev && dev <= bound))
                    FAIL_AT("%s %s: %s (not a near tie)", case_names[c], dtype_names[dt], why);
                break;
            }
            agree++;
            EXPECT_EQ(m2_step(s, id), M2_OK);
            d = max_abs_diff(m2_session_logits(s), g.greedy_logits + i * V, V);
            if (!(d <= d_greedy)) d_greedy = d;
        }
        m2_session_destroy(s);
        printf("  %s %s: prefill max |dlogit| %.1e, step max %.1e, greedy %lu/%lu (greedy-path max %.1e, bound %.0e)\n",
               case_names[c], dtype_names[dt], d_prefill, d_step, (unsigned long)agree, (unsigned long)g.n_greedy, d_greedy, bound);
        if (why[0]) printf("    %s: %s\n", dt == DT_Q8_0 ? "q8_0 (ids not required)" : "allowed, near tie", why);
        if (!(d_prefill <= bound)) FAIL_AT("%s %s: prefill logits deviate by %g (bound %g)", case_names[c], dtype_names[dt], d_prefill, bound);
        if (!(d_step <= bound)) FAIL_AT("%s %s: step logits deviate by %g (bound %g)", case_names[c], dtype_names[dt], d_step, bound);
        if (!(d_greedy <= bound)) FAIL_AT("%s %s: greedy-path logits deviate by %g (bound %g)", case_names[c], dtype_names[dt], d_greedy, bound);
        free(logits);
        m2_model_close(m);
    }
    golden_free(&g);
}

TEST(golden, dtype_fidelity_tiny) { NEED_SHARED(); check_dtype_fidelity(CASE_TINY); }
TEST(golden, dtype_fidelity_groups) { NEED_SHARED(); check_dtype_fidelity(CASE_GROUPS); }
TEST(golden, dtype_fidelity_hybrids) {
    NEED_SHARED();
    check_dtype_fidelity(CASE_GRANITE);
    check_dtype_fidelity(CASE_NEMOTRON);
    check_dtype_fidelity_n(CASE_FALCON_H1, case_dtypes[CASE_FALCON_H1]);
    check_dtype_fidelity(CASE_MAMBA1);
    check_dtype_fidelity_n(CASE_FALCON_MAMBA, case_dtypes[CASE_FALCON_MAMBA]);
}

/* Both layouts of one model must convert to the same directory, tensor bytes and forward config. */
static void check_layouts_agree(int c) {
    const char *a = golden_model(c, "mamba_ssm"), *b;
    m2_model *ma, *mb;
    const m2_config *ca, *cb;
    size_t sa, sb;
    unsigned char *fa, *fb;
    uint64_t da, db;
    NEED_CONVERTED(a);
    ASSERT_TRUE(a != NULL);
    b = golden_model(c, "hf");
    NEED_CONVERTED(b);
    ASSERT_TRUE(b != NULL);
    fa = (unsigned char *)read_file(a, &sa);
    fb = (unsigned char *)read_file(b, &sb);
    ASSERT_TRUE(fa && fb);
    da = m2__rd64(fa + 56);
    db = m2__rd64(fb + 56);
    /* the directory and the tensor data; the tokenizer-dependent parts are allowed to differ */
    EXPECT_EQ(m2__rd64(fa + 32), m2__rd64(fb + 32));
    EXPECT_TRUE(m2__rd64(fa + 32) == m2__rd64(fb + 32) && memcmp(fa + m2__rd64(fa + 24), fb + m2__rd64(fb + 24), (size_t)m2__rd64(fa + 32)) == 0);
    EXPECT_TRUE(sa - da == sb - db && memcmp(fa + da, fb + db, sa - (size_t)da) == 0);
    ma = open_model(a);
    mb = open_model(b);
    ASSERT_TRUE(ma && mb);
    ca = m2_model_config(ma);
    cb = m2_model_config(mb);
    EXPECT_EQ(ca->d_model, cb->d_model); EXPECT_EQ(ca->n_layer, cb->n_layer); EXPECT_EQ(ca->vocab_rows, cb->vocab_rows);
    EXPECT_EQ(ca->d_state, cb->d_state); EXPECT_EQ(ca->d_conv, cb->d_conv); EXPECT_EQ(ca->d_inner, cb->d_inner);
    EXPECT_EQ(ca->headdim, cb->headdim); EXPECT_EQ(ca->nheads, cb->nheads); EXPECT_EQ(ca->ngroups, cb->ngroups);
    EXPECT_EQ(ca->chunk_size, cb->chunk_size); EXPECT_EQ(ca->tied_embeddings, cb->tied_embeddings);
    EXPECT_EQ(ca->norm_before_gate, cb->norm_before_gate); EXPECT_EQ(ca->has_conv_bias, cb->has_conv_bias);
    EXPECT_TRUE(ca->norm_eps == cb->norm_eps && ca->gated_norm_eps == cb->gated_norm_eps && ca->dt_min == cb->dt_min && ca->dt_max == cb->dt_max);
    m2_model_close(ma);
    m2_model_close(mb);
    free(fa);
    free(fb);
}
TEST(convert, layouts_agree_tiny) { NEED_SHARED(); check_layouts_agree(CASE_TINY); }
TEST(convert, layouts_agree_groups) { NEED_SHARED(); check_layouts_agree(CASE_GROUPS); }

/* ------------------------------------------------------------------ a synthetic model */

/* Writes a valid model file with random weights, so that the kernel tests and the hostile-file
   tests run without the golden data. Follows README.md (File format). */
typedef struct synth_opts {
    int D, L, V, vocab_size, N, K, P, H, G, chunk, tied, norm_before_gate;
    m2_dtype dtype;
} synth_opts;

static uint64_t synth_rng;
static float synth_rand(float scale) {
    synth_rng = synth_rng * 6364136223846793005ull + 1442695040888963407ull;
    return ((float)((synth_rng >> 40) & 0xFFFFFF) / 16777216.0f * 2.0f - 1.0f) * scale;
}

/* makes the checksum valid again after a deliberate change (when data_offset still fits the file) */
static void refresh_crc(unsigned char *buf, size_t size) {
    static const unsigned char zero4[4] = {0, 0, 0, 0};
    uint64_t data_off = m2__rd64(buf + 56);
    uint32_t crc;
    if (data_off < 144 || data_off > size) return;
    crc = m2__crc32(0, buf, 140);
    crc = m2__crc32(crc, zero4, 4);
    crc = m2__crc32(crc, buf + 144, (size_t)data_off - 144);
    m2__wr32(buf + 140, crc);
}

static unsigned char *synth_model(const synth_opts *o, size_t *size_out) {
    rm_shape s;
    rm_membuf mb = {NULL, 0, 0};
    memset(&s, 0, sizeof s);
    s.d_model = o->D; s.n_layer = o->L; s.vocab_rows = o->V; s.vocab_size = o->vocab_size; s.d_state = o->N;
    s.d_conv = o->K; s.headdim = o->P; s.nheads = o->H; s.ngroups = o->G; s.chunk_size = o->chunk;
    s.tied = o->tied; s.norm_before_gate = o->norm_before_gate; s.dtype = o->dtype;
    if (rm_write(&s, 12345, rm_mem_sink, &mb) != 0) { free(mb.data); return NULL; }
    *size_out = mb.size;
    return mb.data;
}

static synth_opts default_synth(void) {
    synth_opts o;
    memset(&o, 0, sizeof o);
    o.D = 64; o.L = 2; o.V = 96; o.vocab_size = 90; o.N = 16; o.K = 4; o.P = 16; o.H = 8; o.G = 2; o.chunk = 16; o.tied = 0;
    o.dtype = M2_F32;
    return o;
}

/* a 64-byte aligned copy: what m2_model_open_memory requires */
static void *aligned_copy(const void *src, size_t size, void **raw) {
    unsigned char *p = (unsigned char *)malloc(size + 64);
    unsigned char *a = (unsigned char *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
    memcpy(a, src, size);
    *raw = p;
    return a;
}

static m2_model *open_synth(const synth_opts *o, void **raw) {
    size_t size;
    unsigned char *file = synth_model(o, &size);
    void *mem = aligned_copy(file, size, raw);
    m2_model *m = NULL;
    char err[512];
    free(file);
    if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) != M2_OK) {
        fprintf(stderr, "  synthetic model rejected: %s\n", err);
        free(*raw);
        return NULL;
    }
    return m;
}

static void random_ids(int32_t *ids, size_t n, int V, unsigned seed) {
    size_t i;
    for (i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; ids[i] = (int32_t)((seed >> 8) % (unsigned)V); }
}

/* ------------------------------------------------------------------ chunked scan == recurrence */

/* prefill(ids) with chunk length `chunk` vs step-by-step: all logits and the final state agree */
static void check_chunked_vs_step(const m2_model *m, int chunk, size_t n) {
    const m2_config *c = m2_model_config(m);
    size_t V = (size_t)c->vocab_rows, i, ns1, ns2;
    int32_t *ids = (int32_t *)calloc(n, 4);
    float *la = (float *)malloc(n * V * 4), *lb = (float *)malloc(n * V * 4), *sa, *sb;
    m2_session *a = new_session_ex(m, chunk, 0, 1), *b = new_session_ex(m, chunk, 0, 1);
    double d;
    random_ids(ids, n, c->vocab_size, (unsigned)(n * 31 + (size_t)chunk));
    EXPECT_EQ(m2_prefill(a, ids, n, la), M2_OK);
    for (i = 0; i < n; i++) {
        EXPECT_EQ(m2_step(b, ids[i]), M2_OK);
        memcpy(lb + i * V, m2_session_logits(b), V * 4);
    }
    d = max_abs_diff(la, lb, n * V);
    if (!(d <= 2e-5)) FAIL_AT("chunk %d, length %lu: logits differ by %g", chunk, (unsigned long)n, d);
    sa = session_state_golden_layout(a, &ns1);
    sb = session_state_golden_layout(b, &ns2);
    d = max_abs_diff(sa, sb, ns1);
    if (!(d <= 2e-5)) FAIL_AT("chunk %d, length %lu: states differ by %g", chunk, (unsigned long)n, d);
    EXPECT_EQ(m2_session_position(a), n);
    free(sa); free(sb); free(ids); free(la); free(lb);
    m2_session_destroy(a);
    m2_session_destroy(b);
}

static void check_lengths(const m2_model *m, int chunk) {
    const m2_config *c = m2_model_config(m);
    size_t lens[7];
    int i;
    lens[0] = 1; lens[1] = 2; lens[2] = (size_t)(c->d_conv - 1 > 0 ? c->d_conv - 1 : 1);
    lens[3] = (size_t)(chunk > 1 ? chunk - 1 : 1); lens[4] = (size_t)chunk; lens[5] = (size_t)chunk + 1; lens[6] = 3 * (size_t)chunk + 5;
    for (i = 0; i < 7; i++) check_chunked_vs_step(m, chunk, lens[i]);
}

TEST(ssd, chunked_equals_step_synthetic) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    check_lengths(m, o.chunk);          /* the checkpoint's chunk size */
    check_lengths(m, M2__DEFAULT_CHUNK);/* the library's own */
    check_lengths(m, 7);                /* and an odd one */
    m2_model_close(m);
    free(raw);
}

TEST(ssd, chunked_equals_step_golden) {
    int c;
    NEED_SHARED();
    /* the Mamba-2 cases: the other families' logits are 5-20x larger, and hybrid.prefill_step_threads_resume
       holds them to their own tolerances */
    for (c = CASE_TINY; c <= CASE_GROUPS; c++) {
        const char *path = golden_model(c, "hf");
        m2_model *m;
        NEED_CONVERTED(path);
        ASSERT_TRUE(path != NULL);
        m = open_model(path);
        ASSERT_TRUE(m != NULL);
        check_lengths(m, m2_model_config(m)->chunk_size);
        check_lengths(m, M2__DEFAULT_CHUNK);
        m2_model_close(m);
    }
}

TEST(ssd, norm_before_gate_and_tied) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m;
    o.norm_before_gate = 1;
    o.tied = 1;
    o.G = 1;
    m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    EXPECT_EQ(m2_model_config(m)->tied_embeddings, 1);
    check_chunked_vs_step(m, 16, 37);
    m2_model_close(m);
    free(raw);
}

/* prefill(a); prefill(b); step == prefill(a ++ b); step */
TEST(ssd, resumable_prefill) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    int32_t ids[100];
    size_t V, splits[] = {1, 3, 15, 16, 17, 50, 99}, k;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 100, o.vocab_size, 7);
    for (k = 0; k < sizeof splits / sizeof splits[0]; k++) {
        m2_session *a = new_session(m, 16, 0), *b = new_session(m, 16, 0);
        double d;
        EXPECT_EQ(m2_prefill(a, ids, splits[k], NULL), M2_OK);
        EXPECT_EQ(m2_prefill(a, ids + splits[k], 100 - splits[k], NULL), M2_OK);
        EXPECT_EQ(m2_prefill(b, ids, 100, NULL), M2_OK);
        d = max_abs_diff(m2_session_logits(a), m2_session_logits(b), V);
        if (!(d <= 2e-5)) FAIL_AT("split %lu: logits after prefill differ by %g", (unsigned long)splits[k], d);
        EXPECT_EQ(m2_step(a, 5), M2_OK);
        EXPECT_EQ(m2_step(b, 5), M2_OK);
        d = max_abs_diff(m2_session_logits(a), m2_session_logits(b), V);
        if (!(d <= 2e-5)) FAIL_AT("split %lu: logits after the step differ by %g", (unsigned long)splits[k], d);
        EXPECT_EQ(m2_session_position(a), 101);
        m2_session_destroy(a);
        m2_session_destroy(b);
    }
    m2_model_close(m);
    free(raw);
}

static int count_rows_cb(void *user, uint64_t pos, const float *logits, int V) {
    float *dst = (float *)user;
    memcpy(dst + pos * (uint64_t)V, logits, (size_t)V * 4);
    return 0;
}
static int cancel_cb(void *user, uint64_t pos, const float *logits, int V) {
    (void)user; (void)logits; (void)V;
    return pos == 4;
}

/* every prefill position's logits: caller buffer and per-position callback agree */
TEST(ssd, prefill_logits_every_position) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    int32_t ids[40];
    size_t V;
    float *a, *b;
    m2_session *s1, *s2;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 40, o.vocab_size, 3);
    a = (float *)malloc(40 * V * 4);
    b = (float *)malloc(40 * V * 4);
    s1 = new_session(m, 16, 0);
    s2 = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(s1, ids, 40, a), M2_OK);
    EXPECT_EQ(m2_prefill_each(s2, ids, 40, count_rows_cb, b), M2_OK);
    EXPECT_TRUE(max_abs_diff(a, b, 40 * V) <= 1e-6);
    m2_session_reset(s2);
    EXPECT_EQ(m2_prefill_each(s2, ids, 40, cancel_cb, NULL), M2_ERR_CANCELLED);
    EXPECT_EQ(m2_session_position(s2), 16); /* the end of the chunk (16) that position 4 is in */
    EXPECT_TRUE(m2_session_logits(s2) == NULL);
    free(a); free(b);
    m2_session_destroy(s1);
    m2_session_destroy(s2);
    m2_model_close(m);
    free(raw);
}

/* Results do not depend on the thread count (work is split over rows and heads only). */
static void serial_pool(void *pool, void (*task)(void *, int), void *ctx, int n) {
    int i;
    (void)pool;
    for (i = n - 1; i >= 0; i--) task(ctx, i); /* reverse order: nothing may depend on it */
}
TEST(ssd, threads_bitwise_identical) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m;
    int32_t ids[70];
    size_t V;
    float *ref, *got;
    int threads[] = {1, 2, 3, 8}, k;
    o.D = 96; o.H = 12; o.P = 16;
    m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 70, o.vocab_size, 11);
    ref = (float *)malloc(71 * V * 4);
    got = (float *)malloc(71 * V * 4);
    for (k = 0; k < 5; k++) {
        m2_session *s;
        m2_session_opts so;
        memset(&so, 0, sizeof so);
        if (k < 4) so.n_threads = threads[k];
        else so.parallel_for = serial_pool;
        ASSERT_EQ(m2_session_create(&s, m, &so), M2_OK);
        s->par_min_work = 0; /* split every loop, however small this test model is */
        EXPECT_EQ(m2_prefill(s, ids, 70, k ? got : ref), M2_OK);
        EXPECT_EQ(m2_step(s, 3), M2_OK);
        memcpy((k ? got : ref) + 70 * V, m2_session_logits(s), V * 4);
        if (k) EXPECT_TRUE(memcmp(ref, got, 71 * V * 4) == 0);
        m2_session_destroy(s);
    }
    free(ref); free(got);
    m2_model_close(m);
    free(raw);
}

/* ------------------------------------------------------------------ snapshots */

TEST(session, save_restore_identical_continuation) {
    void *raw, *raw2;
    synth_opts o = default_synth(), o2;
    m2_model *m = open_synth(&o, &raw), *other;
    m2_session *a, *b, *c;
    int32_t ids[30], x, y;
    size_t size, V;
    unsigned char *snap;
    m2_sampler sa, sb;
    m2_sampler_opts so;
    int i;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 30, o.vocab_size, 5);
    a = new_session(m, 16, 0);
    b = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(a, ids, 30, NULL), M2_OK);
    size = m2_session_state_size(a);
    snap = (unsigned char *)malloc(size);
    EXPECT_EQ(m2_session_save(a, snap, size - 1), M2_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(m2_session_save(a, snap, size), M2_OK);
    EXPECT_EQ(m2_session_load(b, snap, size), M2_OK);
    EXPECT_EQ(m2_session_position(b), 30);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) == 0);
    memset(&so, 0, sizeof so);
    so.temperature = 0.9f; so.top_p = 0.95f; so.repeat_penalty = 1.3f; so.seed = 99;
    m2_sampler_init(&sa, &so);
    m2_sampler_init(&sb, &so);
    for (i = 0; i < 20; i++) {
        EXPECT_EQ(m2_sample(a, &sa, &x), M2_OK);
        EXPECT_EQ(m2_sample(b, &sb, &y), M2_OK);
        EXPECT_EQ(x, y);
        m2_step(a, x);
        m2_step(b, y);
        if (memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) != 0) { FAIL_AT("continuations diverge at step %d", i); break; }
    }
    /* a damaged snapshot, a truncated one, and one from another model are refused */
    snap[size / 2] ^= 1;
    EXPECT_EQ(m2_session_load(b, snap, size), M2_ERR_STATE_MISMATCH);
    snap[size / 2] ^= 1;
    EXPECT_TRUE(m2_session_load(b, snap, size - 4) != M2_OK);
    EXPECT_TRUE(m2_session_load(b, snap, 10) != M2_OK);
    o2 = o;
    o2.D = 32;
    other = open_synth(&o2, &raw2);
    ASSERT_TRUE(other != NULL);
    c = new_session(other, 16, 0);
    EXPECT_EQ(m2_session_load(c, snap, size), M2_ERR_STATE_MISMATCH);
    EXPECT_TRUE(strlen(m2_session_error(c)) > 0);
    m2_session_destroy(c);
    m2_model_close(other);
    free(raw2);
    free(snap);
    m2_session_destroy(a);
    m2_session_destroy(b);
    m2_model_close(m);
    free(raw);
}

/* ------------------------------------------------------------------ sampling */

TEST(sample, greedy_never_picks_padding_and_is_reproducible) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp, smp2;
    m2_sampler_opts so;
    int32_t id, seq1[50], seq2[50];
    int i, V, nv;
    ASSERT_TRUE(m != NULL);
    V = m2_model_config(m)->vocab_rows;
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 16, 0);
    EXPECT_EQ(m2_sample(s, (m2_sampler_init(&smp, NULL), &smp), &id), M2_ERR_INVALID_ARGUMENT); /* no logits yet */
    EXPECT_EQ(m2_step(s, 1), M2_OK);
    /* make a padding row the largest logit: greedy must still choose from the real vocabulary */
    s->logits[V - 1] = 1e9f;
    m2_sampler_init(&smp, NULL);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_TRUE(id >= 0 && id < nv);
    EXPECT_EQ(id, argmax_n(s->logits, nv));
    /* top-k 1 at any temperature is greedy */
    memset(&so, 0, sizeof so);
    so.temperature = 1.5f; so.top_k = 1;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, argmax_n(s->logits, nv));
    /* the same seed gives the same sequence; every id is in the real vocabulary */
    so.top_k = 0; so.top_p = 0.9f; so.min_p = 0.01f; so.seed = 1234; so.temperature = 1.0f;
    m2_sampler_init(&smp, &so);
    m2_sampler_init(&smp2, &so);
    for (i = 0; i < 50; i++) { EXPECT_EQ(m2_sample(s, &smp, &seq1[i]), M2_OK); EXPECT_TRUE(seq1[i] >= 0 && seq1[i] < nv); }
    for (i = 0; i < 50; i++) EXPECT_EQ(m2_sample(s, &smp2, &seq2[i]), M2_OK);
    EXPECT_TRUE(memcmp(seq1, seq2, sizeof seq1) == 0);
    /* a high temperature with no truncation visits several tokens */
    so.top_p = 0; so.min_p = 0; so.temperature = 50.0f;
    m2_sampler_init(&smp, &so);
    {
        int distinct = 0, seen[256] = {0};
        for (i = 0; i < 200; i++) { m2_sample(s, &smp, &id); if (!seen[id]) { seen[id] = 1; distinct++; } }
        EXPECT_TRUE(distinct > 10);
    }
    /* NaN in the logits is an error, not a token */
    s->logits[3] = NAN;
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_ERR_NUMERIC);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

/* top-p's selection against its definition: order by weight (ties: lower id first), keep the
   shortest prefix whose weight reaches the target. Integer weights keep every sum exact, and bring
   many ties and a flat case. */
static const float *nucleus_w;
static int nucleus_cmp(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return m2__cand_before(nucleus_w, x, y) ? -1 : m2__cand_before(nucleus_w, y, x) ? 1 : 0;
}
TEST(sample, nucleus_matches_definition) {
    enum { NMAX = 3000 };
    static float w[NMAX];
    static int32_t c[NMAX], sorted[NMAX];
    static unsigned char in[NMAX];
    int trial, i;
    synth_rng = 77;
    for (trial = 0; trial < 300; trial++) {
        int n = 1 + (trial * 37) % NMAX, spread = trial % 4 == 0 ? 1 : 1 + trial % 50;
        double total = 0, target, mass = 0;
        int first, k, kept = 0;
        for (i = 0; i < n; i++) { w[i] = (float)(1 + (int)((synth_rand(0.5f) + 0.5f) * (float)spread) % spread); total += w[i]; c[i] = i; sorted[i] = i; }
        target = (double)(int)(total * (0.05 + 0.9 * (synth_rand(0.5f) + 0.5f)));
        if (target < 1) target = 1;
        first = m2__nucleus(w, c, n, target);
        ASSERT_TRUE(first >= 0 && first < n);
        nucleus_w = w;
        qsort(sorted, (size_t)n, sizeof sorted[0], nucleus_cmp);
        memset(in, 0, (size_t)n);
        for (k = 0; k < n; k++) { in[sorted[k]] = 1; kept++; mass += w[sorted[k]]; if (mass >= target) break; }
        EXPECT_EQ(n - first, kept);
        for (i = first; i < n; i++) if (!in[c[i]]) { FAIL_AT("trial %d: %d is not in the nucleus", trial, c[i]); break; }
        for (i = 0; i < n; i++) in[c[i]] |= 2; /* c stays a permutation */
        for (i = 0; i < n; i++) if (!(in[i] & 2)) { FAIL_AT("trial %d: %d was lost", trial, i); break; }
        if (harness.failed) break;
    }
}

TEST(sample, repetition_penalty_and_min_p) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t id;
    int i, nv;
    ASSERT_TRUE(m != NULL);
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 16, 0);
    EXPECT_EQ(m2_step(s, 7), M2_OK);
    for (i = 0; i < nv; i++) s->logits[i] = 0.0f;
    s->logits[7] = 5.0f;  /* the token just fed: heavily penalised below */
    s->logits[9] = 4.0f;
    memset(&so, 0, sizeof so);
    so.repeat_penalty = 2.0f; /* greedy: 5/2 = 2.5 < 4 */
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, 9);
    /* min-p 0.5: only tokens within a factor 2 of the best survive (here only 7) */
    memset(&so, 0, sizeof so);
    so.temperature = 1.0f; so.min_p = 0.5f;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 20; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_EQ(id, 7); }
    /* top-p: probabilities 0.5, 0.3, 0.15, 0.05 (the rest ~0): p = 0.7 keeps exactly the first two */
    for (i = 0; i < nv; i++) s->logits[i] = -1e4f;
    s->logits[11] = logf(0.5f); s->logits[12] = logf(0.3f); s->logits[13] = logf(0.15f); s->logits[14] = logf(0.05f);
    {
        int counts[4] = {0, 0, 0, 0};
        memset(&so, 0, sizeof so);
        so.temperature = 1.0f; so.top_p = 0.7f; so.seed = 3;
        m2_sampler_init(&smp, &so);
        for (i = 0; i < 400; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); if (id >= 11 && id <= 14) counts[id - 11]++; else FAIL_AT("top-p chose %d", id); }
        EXPECT_TRUE(counts[0] > 150 && counts[1] > 80 && counts[2] == 0 && counts[3] == 0);
        /* top-k 3 then top-p 0.9 of that set (mass 0.95): keeps 11, 12, 13 */
        so.top_k = 3; so.top_p = 0.9f;
        m2_sampler_init(&smp, &so);
        memset(counts, 0, sizeof counts);
        for (i = 0; i < 400; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); if (id >= 11 && id <= 14) counts[id - 11]++; }
        EXPECT_TRUE(counts[2] > 0 && counts[3] == 0);
    }
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

/* ------------------------------------------------------------------ kernels: SIMD == reference */

/* A random matrix of the given dtype, as the file would hold it. */
static m2__mat random_mat(m2_dtype dt, int rows, int cols, unsigned char **storage) {
    m2__mat W;
    int ok, r, c;
    memset(&W, 0, sizeof W);
    W.dtype = dt; W.rows = rows; W.cols = cols;
    W.row_bytes = m2__dtype_row_bytes(dt, (uint64_t)cols, &ok);
    *storage = (unsigned char *)malloc(W.row_bytes * (size_t)rows + 64);
    for (r = 0; r < rows; r++) {
        unsigned char *row = *storage + (size_t)r * W.row_bytes;
        for (c = 0; c < cols; c++) {
            float v = synth_rand(1.0f);
            uint16_t h = dt == M2_BF16 ? rm_f32_to_bf16(v) : rm_f32_to_f16(v);
            if (dt == M2_F32) memcpy(row + 4 * c, &v, 4);
            else if (dt == M2_Q8_0) {
                if (c % 32 == 0) { h = rm_f32_to_f16(0.01f + 0.001f * (float)(c / 32)); row[c / 32 * 34] = (unsigned char)h; row[c / 32 * 34 + 1] = (unsigned char)(h >> 8); }
                row[c / 32 * 34 + 2 + c % 32] = (unsigned char)(signed char)(int)(v * 127.0f);
            } else { row[2 * c] = (unsigned char)h; row[2 * c + 1] = (unsigned char)(h >> 8); }
        }
    }
    W.data = *storage;
    return W;
}

#define KC_TPAD(T) (((T) + 31) / 32 * 32) /* the kernels' padded token count */
#define KC_PAIRS(K) (((K) + 1) / 2)
#define KC(name) M2__PASTE(kc_##name, M2__KSFX)
#define KC_NEED_ISA() do { if (!m2_isa_available(KC_ISA)) SKIP("this CPU does not run %s", m2_isa_name(KC_ISA)); } while (0)
#define KC_BF16 (KC_ISA == M2__ISA_AVX512_BF16)
#define KC_VNNI (KC_ISA == M2__ISA_AVX512_VNNI || KC_ISA == M2__ISA_AVX512_BF16)
#define KC_LEVEL(lo) (M2__BASE_ISA <= (lo) && (lo) <= M2__TOP_ISA)
#if KC_LEVEL(M2__ISA_SCALAR)
#define M2__KSFX _scalar
#define KC_ISA M2__ISA_SCALAR
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX2)
#define M2__KSFX _avx2
#define KC_ISA M2__ISA_AVX2
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512)
#define M2__KSFX _avx512
#define KC_ISA M2__ISA_AVX512
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512_VNNI)
#define M2__KSFX _avx512vnni
#define KC_ISA M2__ISA_AVX512_VNNI
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512_BF16)
#define M2__KSFX _avx512bf16
#define KC_ISA M2__ISA_AVX512_BF16
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_NEON)
#define M2__KSFX _neon
#define KC_ISA M2__ISA_NEON
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_WASM_SIMD128)
#define M2__KSFX _wasm
#define KC_ISA M2__ISA_WASM_SIMD128
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#include "test_quant.h"

/* The level is an option: resolved in the session's options, refused when this build or CPU lacks it */
TEST(session, isa_option) {
    synth_opts so = default_synth();
    void *raw = NULL;
    m2_model *m = open_synth(&so, &raw);
    m2_session *s = NULL;
    m2_session_opts o;
    int isa, available = 0;
    ASSERT_TRUE(m != NULL);
    ASSERT_TRUE((s = new_session(m, 0, 1)) != NULL);
    EXPECT_TRUE(m2_isa_available(m2_session_options(s)->isa));
    for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++)
        if (m2_isa_available(isa) && isa < M2_ISA_NEON) EXPECT_TRUE(m2_session_options(s)->isa >= isa); /* the best by default */
    m2_session_destroy(s);
    for (isa = -1; isa <= M2_ISA_WASM_SIMD128 + 1; isa++) {
        memset(&o, 0, sizeof o);
        o.isa = isa;
        s = NULL;
        if (isa == M2_ISA_AUTO) continue;
        if (m2_isa_available(isa)) {
            available++;
            EXPECT_EQ(m2_session_create(&s, m, &o), M2_OK);
            if (s) EXPECT_EQ(m2_session_options(s)->isa, isa);
            m2_session_destroy(s);
        } else {
            EXPECT_EQ(m2_session_create(&s, m, &o), M2_ERR_UNSUPPORTED);
            EXPECT_TRUE(s == NULL);
        }
    }
    EXPECT_TRUE(available >= 1);
    EXPECT_TRUE(!m2_isa_available(M2_ISA_AUTO) && !m2_isa_available(99));
    m2_model_close(m);
    free(raw);
}

TEST(kernels, half_conversions) {
    EXPECT_TRUE(m2__f16_to_f32(0x3C00) == 1.0f);
    EXPECT_TRUE(m2__f16_to_f32(0xC000) == -2.0f);
    EXPECT_TRUE(m2__f16_to_f32(0x0001) == 5.9604644775390625e-8f); /* smallest subnormal */
    EXPECT_TRUE(m2__f16_to_f32(0x7BFF) == 65504.0f);
    EXPECT_TRUE(isinf(m2__f16_to_f32(0x7C00)));
    EXPECT_TRUE(isnan(m2__f16_to_f32(0x7E00)));
    EXPECT_TRUE(m2__bf16_to_f32(0x3F80) == 1.0f);
    EXPECT_TRUE(m2__bf16_to_f32(rm_f32_to_bf16(3.14159f)) == 3.140625f);
}

/* All dtypes run; reduced precision stays close to f32 on the same weights. */
TEST(kernels, reduced_precision_models_run) {
    m2_dtype types[] = {M2_F32, M2_BF16, M2_Q8_0};
    int k;
    for (k = 0; k < 3; k++) {
        void *raw;
        synth_opts o = default_synth();
        m2_model *m;
        o.dtype = types[k];
        m = open_synth(&o, &raw);
        ASSERT_TRUE(m != NULL);
        EXPECT_EQ(m2_model_config(m)->weight_dtype, types[k]);
        check_chunked_vs_step(m, 16, 20);
        { /* the default mode (bf16 activations in BF16 prefill, int8 in Q8_0 decode, where the CPU has
             the dot products) stays close to f32 activations, by prefill and by step */
            const m2_config *c = m2_model_config(m);
            size_t n = 40, V = (size_t)c->vocab_rows, i;
            int32_t ids[40];
            float *la = (float *)malloc(n * V * 4), *lb = (float *)malloc(n * V * 4);
            m2_session *a = new_session(m, 16, 0), *b = new_session(m, 16, 0), *e = new_session_ex(m, 16, 0, 1);
            double d1, d2;
            random_ids(ids, n, c->vocab_size, 77u);
            EXPECT_EQ(m2_prefill(e, ids, n, lb), M2_OK);        /* f32 activations */
            EXPECT_EQ(m2_prefill(a, ids, n, la), M2_OK);
            d1 = max_abs_diff(la, lb, n * V);
            for (i = 0; i < n; i++) { EXPECT_EQ(m2_step(b, ids[i]), M2_OK); memcpy(la + i * V, m2_session_logits(b), V * 4); }
            d2 = max_abs_diff(la, lb, n * V);
            printf("  %s weights, default mode vs f32 activations: prefill %.3g, step %.3g\n", types[k] == M2_F32 ? "f32" : types[k] == M2_BF16 ? "bf16" : "q8_0", d1, d2);
            if (!(d1 <= 0.1 && d2 <= 0.1)) FAIL_AT("default mode differs from f32 activations by %g / %g", d1, d2);
            if (types[k] == M2_F32) EXPECT_TRUE(d1 < 2e-5 && d2 < 2e-5); /* nothing is rounded for F32 weights */
            free(la); free(lb);
            m2_session_destroy(a); m2_session_destroy(b); m2_session_destroy(e);
        }
        m2_model_close(m);
        free(raw);
    }
}

/* ------------------------------------------------------------------ hostile input */

TEST(load, truncated_at_every_metadata_offset) {
    synth_opts o = default_synth();
    size_t size, cut;
    unsigned char *file = synth_model(&o, &size);
    uint64_t data_off = m2__rd64(file + 56);
    int errors = 0, oks = 0;
    for (cut = 0; cut < size; cut += (cut < data_off + 64 ? 1 : 997)) {
        void *raw;
        void *mem = aligned_copy(file, cut ? cut : 1, &raw);
        m2_model *m = NULL;
        char err[256];
        m2_result r = m2_model_open_memory(&m, mem, cut, NULL, err, sizeof err);
        if (r == M2_OK) { oks++; m2_model_close(m); }
        else { errors++; if (!err[0]) FAIL_AT("no message for a file cut at %lu", (unsigned long)cut); }
        free(raw);
    }
    EXPECT_EQ(oks, 0);
    EXPECT_TRUE(errors > 100);
    free(file);
}

TEST(load, bad_magic_version_and_checksum) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw;
    unsigned char *mem = (unsigned char *)aligned_copy(file, size, &raw);
    m2_model *m = NULL;
    char err[256];
    mem[0] = 'X';
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "magic") != NULL);
    mem[0] = 'M';
    m2__wr32(mem + 8, 3); /* a version from the future */
    refresh_crc(mem, size);
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_VERSION);
    EXPECT_TRUE(strstr(err, "version") != NULL);
    m2__wr32(mem + 8, 1);
    refresh_crc(mem, size);
    mem[200] ^= 0x40; /* a flipped bit in the directory, checksum not updated */
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "checksum") != NULL);
    mem[200] ^= 0x40;
    EXPECT_EQ(m2_model_open_memory(&m, mem + 1, size - 1, NULL, err, sizeof err), M2_ERR_INVALID_ARGUMENT); /* misaligned */
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
    m2_model_close(m);
    free(raw);
    free(file);
}

/* Every 32-bit word of the header and directory, set to hostile values with the checksum made
   valid again, so the structural checks (not the checksum) must catch it: an error, or a model
   that works. Under `make debug` this also proves there is no out-of-bounds access. */
TEST(load, hostile_header_and_directory_fields) {
    synth_opts o = default_synth();
    size_t size, off;
    unsigned char *file;
    uint64_t data_off;
    static const uint32_t values[] = {0u, 1u, 2u, 3u, 63u, 64u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFC0u, 1000000u};
    int rejected = 0, accepted = 0;
    o.L = 1;
    file = synth_model(&o, &size);
    data_off = m2__rd64(file + 56);
    for (off = 8; off + 4 <= data_off; off += 4) {
        size_t k;
        if (off == 140) continue; /* the checksum itself */
        for (k = 0; k < sizeof values / sizeof values[0] + 2; k++) {
            void *raw;
            unsigned char *mem = (unsigned char *)aligned_copy(file, size, &raw);
            m2_model *m = NULL;
            char err[256];
            uint32_t v = k < sizeof values / sizeof values[0] ? values[k] : m2__rd32(file + off) + (k == sizeof values / sizeof values[0] ? 1u : (uint32_t)-1);
            m2__wr32(mem + off, v);
            refresh_crc(mem, size);
            if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) == M2_OK) {
                m2_session *s = new_session(m, 0, 0);
                int32_t ids[3] = {1, 2, 3};
                accepted++;
                if (s) { m2_prefill(s, ids, 3, NULL); m2_step(s, 4); m2_session_destroy(s); }
                m2_model_close(m);
            } else {
                rejected++;
            }
            free(raw);
        }
    }
    EXPECT_TRUE(rejected > 0);
    printf("  %d hostile variants rejected, %d accepted (harmless: e.g. chunk_size, eps, reserved dims)\n", rejected, accepted);
    free(file);
}

TEST(load, token_ids_out_of_range) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    int32_t bad[3] = {1, 96, 2}, neg = -1;
    ASSERT_TRUE(m != NULL);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_prefill(s, bad, 3, NULL), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_session_position(s), 0); /* nothing consumed */
    EXPECT_TRUE(strstr(m2_session_error(s), "96") != NULL);
    EXPECT_EQ(m2_step(s, neg), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_step(s, 95), M2_OK); /* a padding row is a valid input id */
    EXPECT_EQ(m2_prefill(s, NULL, 0, NULL), M2_OK);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

TEST(load, nan_weights_reported) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw;
    unsigned char *mem;
    m2_model *m = NULL;
    m2_session *s;
    char err[256];
    uint32_t nan_bits = 0x7FC00000u;
    mem = (unsigned char *)aligned_copy(file, size, &raw);
    /* poison the first embedding row (the first tensor's data) */
    m2__wr32(mem + m2__rd64(mem + 56), nan_bits);
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_step(s, 0), M2_ERR_NUMERIC);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
    free(file);
}

TEST(load, file_errors) {
    m2_model *m = NULL;
    char err[256], path[512];
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    EXPECT_EQ(m2_model_open(&m, "/nonexistent/model.bin", NULL, err, sizeof err), M2_ERR_IO);
    EXPECT_TRUE(strstr(err, "/nonexistent/model.bin") != NULL);
    EXPECT_EQ(m2_model_open(&m, tmp_dir, NULL, err, sizeof err) != M2_OK, 1); /* a directory */
    snprintf(path, sizeof path, "%s/synth.bin", tmp_dir);
    ASSERT_TRUE(write_file(path, file, size));
    EXPECT_EQ(m2_model_open(&m, path, NULL, err, sizeof err), M2_OK);
    m2_model_close(m);
    {   /* the read-into-memory path too */
        m2_model_opts mo;
        memset(&mo, 0, sizeof mo);
        mo.no_mmap = 1;
        EXPECT_EQ(m2_model_open(&m, path, &mo, err, sizeof err), M2_OK);
        m2_model_close(m);
    }
    ASSERT_TRUE(write_file(path, file, size / 2));
    EXPECT_EQ(m2_model_open(&m, path, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(m == NULL || 1);
    free(file);
}

/* ------------------------------------------------------------------ allocation discipline */

typedef struct counting_alloc { long allocs, frees; } counting_alloc;
static void *count_alloc(size_t n, void *user) { ((counting_alloc *)user)->allocs++; return malloc(n); }
static void count_free(void *p, void *user) { ((counting_alloc *)user)->frees++; free(p); }

TEST(session, no_allocation_after_create) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw, *mem = aligned_copy(file, size, &raw);
    counting_alloc ca = {0, 0};
    m2_model_opts mo;
    m2_model *m = NULL;
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t ids[100], id;
    long before;
    int i;
    memset(&mo, 0, sizeof mo);
    mo.alloc.alloc = count_alloc; mo.alloc.free = count_free; mo.alloc.user = &ca;
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, &mo, NULL, 0), M2_OK);
    ASSERT_EQ(m2_session_create(&s, m, NULL), M2_OK); /* inherits the model's allocator */
    before = ca.allocs;
    EXPECT_TRUE(before > 0);
    random_ids(ids, 100, o.vocab_size, 1);
    EXPECT_EQ(m2_prefill(s, ids, 100, NULL), M2_OK);
    memset(&so, 0, sizeof so);
    so.temperature = 1.0f; so.top_k = 20; so.top_p = 0.9f;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 10; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_EQ(m2_step(s, id), M2_OK); }
    EXPECT_EQ(ca.allocs, before);
    m2_session_destroy(s);
    m2_model_close(m);
    EXPECT_EQ(ca.allocs, ca.frees);
    free(raw);
    free(file);
}

/* ------------------------------------------------------------------ embedding API */

/* m2_step_begin + m2_step_run in slices gives bit-identical logits to m2_step; cancel undoes it. */
TEST(session, sliced_step_identical_and_cancellable) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *a, *b;
    m2_session_opts so;
    int32_t ids[20];
    size_t V, size;
    unsigned char *before, *after;
    int k, done, calls;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 20, o.vocab_size, 9);
    memset(&so, 0, sizeof so);
    so.cancellable_steps = 1;
    ASSERT_EQ(m2_session_create(&a, m, &so), M2_OK);
    ASSERT_EQ(m2_session_create(&b, m, &so), M2_OK);
    EXPECT_EQ(m2_prefill(a, ids, 10, NULL), M2_OK);
    EXPECT_EQ(m2_prefill(b, ids, 10, NULL), M2_OK);
    for (k = 10; k < 20; k++) {
        EXPECT_EQ(m2_step(a, ids[k]), M2_OK);
        EXPECT_EQ(m2_step_begin(b, ids[k]), M2_OK);
        EXPECT_EQ(m2_step(b, 1), M2_ERR_INVALID_ARGUMENT); /* busy */
        calls = 0;
        do { EXPECT_EQ(m2_step_run(b, 1, &done), M2_OK); calls++; } while (!done && calls < 100);
        EXPECT_EQ(calls, o.L + (o.V + 8191) / 8192);
        EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) == 0);
    }
    /* cancel half way: the state is as before m2_step_begin */
    size = m2_session_state_size(b);
    before = (unsigned char *)malloc(size);
    after = (unsigned char *)malloc(size);
    EXPECT_EQ(m2_session_save(b, before, size), M2_OK);
    EXPECT_EQ(m2_step_begin(b, 3), M2_OK);
    EXPECT_EQ(m2_step_run(b, 1, &done), M2_OK);
    EXPECT_EQ(done, 0);
    EXPECT_EQ(m2_step_cancel(b), M2_OK);
    EXPECT_EQ(m2_session_save(b, after, size), M2_OK);
    EXPECT_TRUE(memcmp(before, after, size) == 0);
    free(before); free(after);
    m2_session_destroy(a); m2_session_destroy(b);
    {   /* a cancel after some lm_head blocks ran (a vocabulary of several blocks): state and last
           logits are as before the step */
        synth_opts big = default_synth();
        void *raw2;
        m2_model *m2;
        m2_session *c2;
        float *logits_before;
        size_t V2;
        big.V = 20000; big.vocab_size = 19990;
        m2 = open_synth(&big, &raw2);
        ASSERT_TRUE(m2 != NULL);
        V2 = (size_t)m2_model_config(m2)->vocab_rows;
        ASSERT_EQ(m2_session_create(&c2, m2, &so), M2_OK);
        EXPECT_EQ(m2_step(c2, 5), M2_OK);
        size = m2_session_state_size(c2);
        before = (unsigned char *)malloc(size);
        after = (unsigned char *)malloc(size);
        logits_before = (float *)malloc(V2 * 4);
        memcpy(logits_before, m2_session_logits(c2), V2 * 4);
        EXPECT_EQ(m2_session_save(c2, before, size), M2_OK);
        EXPECT_EQ(m2_step_begin(c2, 7), M2_OK);
        EXPECT_EQ(m2_step_run(c2, big.L + 2, &done), M2_OK); /* every layer and two lm_head blocks */
        EXPECT_EQ(done, 0);
        {
            int32_t id;
            m2_sampler smp0;
            m2_sampler_init(&smp0, NULL);
            EXPECT_EQ(m2_sample(c2, &smp0, &id), M2_ERR_INVALID_ARGUMENT); /* busy */
        }
        EXPECT_EQ(m2_step_cancel(c2), M2_OK);
        EXPECT_EQ(m2_session_save(c2, after, size), M2_OK);
        EXPECT_TRUE(memcmp(before, after, size) == 0);
        EXPECT_TRUE(memcmp(logits_before, m2_session_logits(c2), V2 * 4) == 0);
        free(before); free(after); free(logits_before);
        m2_session_destroy(c2);
        m2_model_close(m2);
        free(raw2);
    }
    /* without cancellable_steps, cancel after a unit ran is refused (nothing silently wrong) */
    a = new_session(m, 0, 0);
    EXPECT_EQ(m2_step_begin(a, 1), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_OK); /* nothing ran yet: free */
    EXPECT_EQ(m2_step_begin(a, 1), M2_OK);
    EXPECT_EQ(m2_step_run(a, 1, &done), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_ERR_UNSUPPORTED);
    EXPECT_EQ(m2_step_run(a, 100, &done), M2_OK);
    EXPECT_EQ(done, 1);
    m2_session_destroy(a);
    m2_model_close(m);
    free(raw);
}

/* One batched step over several sessions == each session stepped alone (to float rounding). */
TEST(session, batched_step_matches_single_steps) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *batch[5], *single[5];
    int32_t ids[40], next[5];
    size_t V;
    int i, k;
    double worst = 0;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 40, o.vocab_size, 21);
    for (i = 0; i < 5; i++) {
        batch[i] = new_session(m, 16, 0);
        single[i] = new_session(m, 16, 0);
        EXPECT_EQ(m2_prefill(batch[i], ids + i, (size_t)(3 + 5 * i), NULL), M2_OK); /* different lengths */
        EXPECT_EQ(m2_prefill(single[i], ids + i, (size_t)(3 + 5 * i), NULL), M2_OK);
    }
    for (k = 0; k < 6; k++) {
        for (i = 0; i < 5; i++) next[i] = (int32_t)((k * 7 + i * 3) % o.vocab_size);
        EXPECT_EQ(m2_step_batch(batch, next, 5), M2_OK);
        for (i = 0; i < 5; i++) {
            double d;
            EXPECT_EQ(m2_step(single[i], next[i]), M2_OK);
            d = max_abs_diff(m2_session_logits(batch[i]), m2_session_logits(single[i]), V);
            if (d > worst) worst = d;
        }
    }
    EXPECT_TRUE(worst <= 1e-5);
    {
        m2_session *twice[2];
        twice[0] = twice[1] = batch[0];
        EXPECT_EQ(m2_step_batch(twice, next, 2), M2_ERR_INVALID_ARGUMENT);
    }
    for (i = 0; i < 5; i++) { m2_session_destroy(batch[i]); m2_session_destroy(single[i]); }
    m2_model_close(m);
    free(raw);
}

TEST(session, fork_and_f16_snapshots) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *a, *f, *h;
    int32_t ids[30];
    size_t V, full, half;
    unsigned char *snap;
    double d;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 30, o.vocab_size, 4);
    a = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(a, ids, 25, NULL), M2_OK);
    ASSERT_EQ(m2_session_fork(&f, a), M2_OK);
    EXPECT_EQ(m2_session_position(f), 25);
    EXPECT_EQ(m2_step(a, ids[25]), M2_OK);
    EXPECT_EQ(m2_step(f, ids[25]), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(f), V * 4) == 0);
    /* f16 snapshot: about half the size, and close logits after restoring */
    full = m2_session_state_size(a);
    half = m2_session_state_size_ex(a, M2_SNAPSHOT_F16);
    EXPECT_TRUE(half < full * 6 / 10 + 4 * V);
    snap = (unsigned char *)malloc(half);
    EXPECT_EQ(m2_session_save_ex(a, snap, half, M2_SNAPSHOT_F16), M2_OK);
    h = new_session(m, 16, 0);
    EXPECT_EQ(m2_session_load(h, snap, half), M2_OK);
    EXPECT_EQ(m2_step(a, ids[26]), M2_OK);
    EXPECT_EQ(m2_step(h, ids[26]), M2_OK);
    d = max_abs_diff(m2_session_logits(a), m2_session_logits(h), V);
    printf("  f16 snapshot: %lu bytes instead of %lu; next logits move by %.3g\n", (unsigned long)half, (unsigned long)full, d);
    EXPECT_TRUE(d > 0 && d < 1e-2);
    free(snap);
    m2_session_destroy(a); m2_session_destroy(f); m2_session_destroy(h);
    m2_model_close(m);
    free(raw);
}

TEST(sample, logit_bias_and_bans) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    m2_logit_bias bias[2];
    int32_t banned[3], id, *all;
    int i, nv;
    ASSERT_TRUE(m != NULL);
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_step(s, 2), M2_OK);
    for (i = 0; i < nv; i++) s->logits[i] = 0.0f;
    s->logits[5] = 3.0f;
    memset(&so, 0, sizeof so);
    bias[0].id = 8; bias[0].bias = 10.0f; bias[1].id = 9999; bias[1].bias = 50.0f; /* out of range: ignored */
    so.logit_bias = bias; so.n_logit_bias = 2;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, 8);
    banned[0] = 8; banned[1] = 5; banned[2] = -3;
    so.banned = banned; so.n_banned = 3; so.temperature = 1.0f; so.seed = 5;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 200; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_TRUE(id != 8 && id != 5 && id >= 0 && id < nv); }
    all = (int32_t *)malloc((size_t)nv * 4);
    for (i = 0; i < nv; i++) all[i] = i;
    so.banned = all; so.n_banned = nv;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_ERR_INVALID_ARGUMENT);
    free(all);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

typedef struct log_capture { int calls; char last[256]; } log_capture;
static void capture_log(void *user, int level, const char *msg) {
    log_capture *c = (log_capture *)user;
    (void)level;
    c->calls++;
    snprintf(c->last, sizeof c->last, "%s", msg);
}

typedef struct byte_counter { uint64_t bytes; } byte_counter;
static void *bytes_alloc(size_t n, void *user) { ((byte_counter *)user)->bytes += n; return malloc(n); }
static void bytes_free(void *p, void *user) { (void)user; free(p); }
static void *refuse_big_alloc(size_t n, void *user) { (void)user; return n > ((size_t)4 << 20) ? NULL : malloc(n); }

TEST(session, memory_query_and_log_callback) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw, *mem = aligned_copy(file, size, &raw);
    m2_memory_info info;
    m2_model_opts mo;
    m2_model *m = NULL;
    m2_session *s;
    log_capture cap;
    counting_alloc ca = {0, 0};
    int32_t bad = 99999;
    char err[256];
    memset(&info, 0, sizeof info);
    ASSERT_EQ(m2_memory_query(mem, size, NULL, &info, err, sizeof err), M2_OK);
    EXPECT_EQ(info.file_bytes, size);
    EXPECT_TRUE(info.model_heap > 0);
    EXPECT_TRUE(info.session_bytes >= (uint64_t)o.L * (uint64_t)(o.H * o.P) * (uint64_t)o.N * 4u);
    {   /* the figure is what a session really allocates (it is computed, not measured), also for
           other options; a session too large to allocate is still answered */
        byte_counter bc = {0};
        m2_session_opts so;
        memset(&so, 0, sizeof so);
        so.chunk_size = 48; so.history = 1000; so.cancellable_steps = 1;
        so.alloc.alloc = bytes_alloc; so.alloc.free = bytes_free; so.alloc.user = &bc;
        ASSERT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_OK);
        ASSERT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
        bc.bytes = 0; /* the query's own model tables went through it too */
        ASSERT_EQ(m2_session_create(&s, m, &so), M2_OK);
        EXPECT_EQ(bc.bytes, info.session_bytes);
        m2_session_destroy(s);
        m2_model_close(m);
        so.chunk_size = 4096; so.history = 1 << 20;
        so.alloc.alloc = refuse_big_alloc; /* the model's tables pass, a session of this size would not */
        EXPECT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_OK);
        EXPECT_TRUE(info.session_bytes > ((uint64_t)4 << 20));
        so.chunk_size = -1;
        EXPECT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    }
    /* failures reach the log callback, from the loader and from sessions */
    memset(&mo, 0, sizeof mo);
    mo.alloc.alloc = count_alloc; mo.alloc.free = count_free; mo.alloc.user = &ca;
    memset(&cap, 0, sizeof cap);
    mo.log = capture_log; mo.log_user = &cap;
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, &mo, err, sizeof err), M2_OK);
    ASSERT_EQ(m2_session_create(&s, m, NULL), M2_OK);
    EXPECT_EQ(m2_step(s, bad), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(cap.calls, 1);
    EXPECT_TRUE(strstr(cap.last, "99999") != NULL);
    m2_session_destroy(s);
    m2_model_close(m);
    ((unsigned char *)mem)[0] = 'X';
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, &mo, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_EQ(cap.calls, 2);
    EXPECT_TRUE(strstr(cap.last, "magic") != NULL);
    EXPECT_EQ(m2_memory_query(mem, size, NULL, &info, err, sizeof err), M2_ERR_FORMAT);
    free(raw);
    free(file);
}

/* Stop sequences found across arbitrary piece boundaries; nothing after them comes out. */
TEST(sample, stop_sequences_across_pieces) {
    static const char *seqs[] = {"\n\nUser:", "THE END"};
    const char *text = "Once upon a time.\n\nThe\n\nUsers were happy. THE EN THE END and more";
    const char *want = "Once upon a time.\n\nThe\n\nUsers were happy. THE EN ";
    size_t cut;
    for (cut = 1; cut <= 7; cut++) {
        m2_stop st;
        char out[256], piece[M2_STOP_MAX + 16];
        size_t o = 0, i, n;
        int stopped = 0;
        EXPECT_EQ(m2_stop_init(&st, seqs, 2), M2_OK);
        for (i = 0; i < strlen(text) && !stopped; i += cut) {
            size_t len = strlen(text) - i < cut ? strlen(text) - i : cut;
            stopped = m2_stop_feed(&st, text + i, len, piece, &n);
            memcpy(out + o, piece, n);
            o += n;
        }
        if (!stopped) o += m2_stop_flush(&st, out + o);
        EXPECT_EQ(stopped, 1);
        EXPECT_TRUE(o == strlen(want) && memcmp(out, want, o) == 0);
    }
    {   /* no stop sequence in the text: all of it comes out, the tail at flush */
        m2_stop st;
        char out[64];
        size_t n, total;
        EXPECT_EQ(m2_stop_init(&st, seqs, 2), M2_OK);
        EXPECT_EQ(m2_stop_feed(&st, "abc\n\nUse", 8, out, &n), 0);
        total = n + m2_stop_flush(&st, out + n);
        EXPECT_TRUE(total == 8 && memcmp(out, "abc\n\nUse", 8) == 0);
        EXPECT_EQ(m2_stop_init(&st, NULL, 9), M2_ERR_INVALID_ARGUMENT);
    }
}

/* ------------------------------------------------------------------ tokenizer */

/* A small model carrying the GPT-NeoX-20B tokenizer, made by the real converter (once per run). */
static const char *neox_model(void) {
    static char path[512];
    char ck[512], cmd[2048], tokjson[1100];
    const char *sh = shared_dir();
    if (!sh) return NULL;
    if (path[0]) return path[0] == '!' ? NULL : path;
    if (models_dir[0]) {
        snprintf(path, sizeof path, "%s/neox.bin", models_dir);
        if (file_exists(path)) return path;
    }
    snprintf(ck, sizeof ck, "%s/neox_ck", tmp_dir);
    snprintf(path, sizeof path, "%s/neox.bin", tmp_dir);
    snprintf(tokjson, sizeof tokjson, "--tokenizer '%s/data/gpt-neox-20b/tokenizer.json'", sh);
    snprintf(cmd, sizeof cmd, "%s tools/make_random_checkpoint.py '%s' --d-model 64 --n-layer 1 --vocab 50288 --d-state 16 --headdim 16 > /dev/null", python(), ck);
    if (run_command(cmd) != 0 || convert(ck, path, tokjson) != 0) { path[0] = '!'; return NULL; }
    return path;
}

static char *hex_decode(const char *h, size_t *len) {
    size_t n = strlen(h) / 2, i;
    char *o = (char *)malloc(n + 1);
    for (i = 0; i < n; i++) {
        char b[3];
        b[0] = h[2 * i]; b[1] = h[2 * i + 1]; b[2] = 0;
        o[i] = (char)strtol(b, NULL, 16);
    }
    *len = n;
    return o;
}

/* Encodes, decodes one-shot and streamed: returns 1 when ids and decoded text are as expected. */
static int check_tok_case(const m2_model *m, m2_tokenize_work *w, const char *text, size_t len, unsigned flags,
                          const jv *want_ids, const char *want_dec, size_t want_dec_len, size_t idx) {
    size_t cap = len + 16, n = 0, k, dl = 0, sl = 0, o;
    int32_t *ids = (int32_t *)malloc(cap * sizeof(int32_t));
    char *dec = NULL, *sdec = NULL;
    m2_decoder d;
    int ok = 1;
    if (m2_tokenize(m, w, text, (ptrdiff_t)len, ids, cap, &n, flags) != M2_OK) { fprintf(stderr, "  case %lu: tokenize failed\n", (unsigned long)idx); free(ids); return 0; }
    if (want_ids) {
        if (want_ids->n != n) ok = 0;
        for (k = 0; ok && k < n; k++) if ((int32_t)want_ids->items[k].num != ids[k]) ok = 0;
        if (!ok) {
            fprintf(stderr, "  case %lu: ids differ (%lu expected, %lu got; text \"%.60s\")\n", (unsigned long)idx, (unsigned long)want_ids->n, (unsigned long)n, text);
            free(ids);
            return 0;
        }
    }
    m2_detokenize(m, ids, n, NULL, 0, &dl);
    dec = (char *)malloc(dl + 1);
    sdec = (char *)malloc(dl + 64);
    if (m2_detokenize(m, ids, n, dec, dl, &dl) != M2_OK) ok = 0;
    m2_decoder_init(&d);
    for (k = 0; ok && k < n; k++) {
        if (m2_decode_stream(m, &d, ids[k], sdec + sl, dl + 64 - sl, &o) != M2_OK) ok = 0;
        sl += o;
    }
    if (ok && m2_decoder_flush(&d, sdec + sl, dl + 64 - sl, &o) == M2_OK) sl += o; else ok = 0;
    if (ok && (sl != dl || memcmp(sdec, dec, dl) != 0)) { fprintf(stderr, "  case %lu: streamed decode differs from one-shot\n", (unsigned long)idx); ok = 0; }
    if (ok && want_dec && (want_dec_len != dl || memcmp(want_dec, dec, dl) != 0)) { fprintf(stderr, "  case %lu: decoded text differs\n", (unsigned long)idx); ok = 0; }
    free(ids); free(dec); free(sdec);
    return ok;
}

/* Every case of a cases.json (text or text_hex, ids, decoded, no_special; ids_special when present:
   the ids with the post-processor's tokens) through the model at mp. */
static void run_tok_cases(const char *mp, const char *path, int min_cases) {
    m2_model *m;
    m2_tokenize_work *w;
    size_t size, i, failed = 0;
    char *text;
    const char *cur;
    jv root;
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    text = (char *)read_file(path, &size);
    ASSERT_TRUE(text != NULL);
    cur = text;
    jm_value(&cur, &root);
    EXPECT_TRUE((int)root.n >= min_cases);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (i = 0; i < root.n; i++) {
        const jv *c = &root.items[i], *t = jm_get(c, "text"), *th = jm_get(c, "text_hex"), *ids = jm_get(c, "ids"), *dx = jm_get(c, "decoded"), *ns = jm_get(c, "no_special");
        const jv *ids_s = jm_get(c, "ids_special");
        size_t len;
        char *str = th ? hex_decode(th->str, &len) : t->str;
        int ok;
        if (!th) len = t->len;
        ok = check_tok_case(m, w, str, len, ns && ns->num ? M2_TOKENIZE_NO_SPECIAL : 0, ids, dx ? dx->str : NULL, dx ? dx->len : 0, i);
        if (ok && ids_s) {
            size_t cap = 3 * len + 8, n = 0, k;
            int32_t *got = (int32_t *)malloc(cap * sizeof(int32_t));
            ok = m2_tokenize(m, w, str, (ptrdiff_t)len, got, cap, &n, M2_TOKENIZE_ADD_SPECIAL) == M2_OK && ids_s->n == n;
            for (k = 0; ok && k < n; k++) ok = (int32_t)ids_s->items[k].num == got[k];
            if (!ok) fprintf(stderr, "  case %lu: ids with the post-processor differ\n", (unsigned long)i);
            free(got);
        }
        if (!ok) failed++;
        if (th) free(str);
    }
    if (failed) FAIL_AT("%lu of %lu cases in %s differ from the reference", (unsigned long)failed, (unsigned long)root.n, path);
    else printf("  %lu cases match the reference\n", (unsigned long)root.n);
    m2_tokenize_work_destroy(w);
    jm_free(&root);
    free(text);
    m2_model_close(m);
}

static void run_tok_cases_file(const char *path, int min_cases) {
    run_tok_cases(neox_model(), path, min_cases);
}

TEST(tokenizer, golden_cases) {
    char path[1100];
    NEED_SHARED();
    snprintf(path, sizeof path, "%s/golden/tokenizer/cases.json", shared_dir());
    run_tok_cases_file(path, 44);
}

/* Further cases made with the reference (tools/gen_tokenizer_cases.js): other scripts, whitespace
   and normalisation corners, invalid UTF-8, special tokens with recognition off, book excerpts. */
TEST(tokenizer, reference_cases) {
    NEED_SHARED();
    run_tok_cases_file("tests/data/tokenizer_cases.json", 4000);
}

static uint64_t tok_rng = 0x1234567;
static unsigned tok_rand(void) { tok_rng ^= tok_rng << 13; tok_rng ^= tok_rng >> 7; tok_rng ^= tok_rng << 17; return (unsigned)(tok_rng >> 16); }

/* decode(encode(x)) == x for random text made of characters NFC leaves alone (so x is its own NFC):
   ASCII with every whitespace and punctuation, precomposed Latin, Greek, Cyrillic, CJK, Hangul
   syllables, emoji, Arabic. */
TEST(tokenizer, round_trip_random_unicode) {
    static const unsigned ranges[][2] = {{0x20, 0x7E}, {0x09, 0x0D}, {0xC0, 0xFF}, {0x391, 0x3C9}, {0x410, 0x44F},
                                         {0x4E00, 0x4FFF}, {0xAC00, 0xAD00}, {0x1F600, 0x1F64F}, {0x627, 0x64A}, {0x2000, 0x200A}};
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    int iter, bad = 0;
    NEED_SHARED();
    mp = neox_model();
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (iter = 0; iter < 2000; iter++) {
        char text[800], out[1600];
        int32_t ids[800];
        size_t len = 0, n, ol;
        int k, chars = (int)(tok_rand() % 120);
        for (k = 0; k < chars; k++) {
            const unsigned *r = ranges[tok_rand() % 10];
            unsigned cp = r[0] + tok_rand() % (r[1] - r[0] + 1);
            if (cp == 0x2000 || cp == 0x2001) cp = 0x2002; /* singletons NFC maps elsewhere */
            len += jm_utf8_put(text + len, cp);
        }
        if (m2_tokenize(m, w, text, (ptrdiff_t)len, ids, 800, &n, 0) != M2_OK || m2_detokenize(m, ids, n, out, sizeof out, &ol) != M2_OK ||
            ol != len || memcmp(out, text, len) != 0) bad++;
    }
    EXPECT_EQ(bad, 0);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}

TEST(tokenizer, invalid_utf8_special_tokens_and_errors) {
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    int32_t ids[64];
    size_t n, ol;
    char out[256];
    const char *tb = NULL;
    size_t tl = 0;
    NEED_SHARED();
    mp = neox_model();
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_TRUE(m2_model_has_tokenizer(m));
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    /* invalid UTF-8 becomes U+FFFD per maximal subpart: "a\xE2\x82b" == "a\xEF\xBF\xBDb" */
    {
        int32_t a[16], b[16];
        size_t na, nb;
        EXPECT_EQ(m2_tokenize(m, w, "a\xE2\x82" "b", 4, a, 16, &na, 0), M2_OK);
        EXPECT_EQ(m2_tokenize(m, w, "a\xEF\xBF\xBD" "b", 5, b, 16, &nb, 0), M2_OK);
        EXPECT_TRUE(na == nb && memcmp(a, b, na * 4) == 0);
        EXPECT_EQ(m2_detokenize(m, a, na, out, sizeof out, &ol), M2_OK);
        EXPECT_TRUE(ol == 5 && memcmp(out, "a\xEF\xBF\xBD" "b", 5) == 0);
    }
    /* special tokens: recognised by default, plain text with M2_TOKENIZE_NO_SPECIAL */
    EXPECT_EQ(m2_tokenize(m, w, "Hello<|endoftext|>World", -1, ids, 64, &n, 0), M2_OK);
    EXPECT_TRUE(n == 3 && ids[1] == 0);
    EXPECT_EQ(m2_tokenize(m, w, "Hello<|endoftext|>World", -1, ids, 64, &n, M2_TOKENIZE_NO_SPECIAL), M2_OK);
    EXPECT_TRUE(n > 3);
    for (ol = 0; ol < n; ol++) EXPECT_TRUE(ids[ol] != 0);
    /* too small a buffer: the count needed, and an error */
    EXPECT_EQ(m2_tokenize(m, w, "Hello world, how are you?", -1, ids, 2, &n, 0), M2_ERR_BUFFER_TOO_SMALL);
    EXPECT_TRUE(n > 2);
    /* lookups and range errors */
    EXPECT_EQ(m2_token_bytes(m, 12092, &tb, &tl), M2_OK);
    EXPECT_TRUE(tl == 5 && memcmp(tb, "Hello", 5) == 0);
    EXPECT_EQ(m2_token_bytes(m, 60000, &tb, &tl), M2_ERR_TOKEN_RANGE);
    ids[0] = -1;
    EXPECT_EQ(m2_detokenize(m, ids, 1, out, sizeof out, &ol), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_model_config(m)->eos_id, 0);
    /* the empty text */
    EXPECT_EQ(m2_tokenize(m, w, "", 0, ids, 64, &n, 0), M2_OK);
    EXPECT_EQ(n, 0);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
    {   /* a model without a tokenizer says so */
        void *raw;
        synth_opts o = default_synth();
        m2_model *plain = open_synth(&o, &raw);
        m2_tokenize_work *w2 = NULL;
        ASSERT_TRUE(plain != NULL);
        EXPECT_EQ(m2_model_has_tokenizer(plain), 0);
        EXPECT_EQ(m2_tokenize_work_create(&w2, plain, NULL), M2_ERR_NO_TOKENIZER);
        EXPECT_EQ(m2_detokenize(plain, ids, 1, out, sizeof out, &ol), M2_ERR_NO_TOKENIZER);
        m2_model_close(plain);
        free(raw);
    }
}

/* A 1 MB text (a whole book, repeated) encodes and decodes back to itself. Its speed is shown by
   `make bench`, not asserted here. */
TEST(tokenizer, one_megabyte_book) {
    char path[1100];
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    size_t size, n, len = 0, cap = (size_t)1 << 20, dl;
    char *book, *text, *dec;
    int32_t *ids;
    NEED_SHARED();
    snprintf(path, sizeof path, "%s/data/corpus/public-domain/pg11_carroll_alice_in_wonderland.txt", shared_dir());
    mp = neox_model();
    NEED_CONVERTED(mp);
    book = (char *)read_file(path, &size);
    ASSERT_TRUE(book != NULL && mp != NULL);
    text = (char *)malloc(cap);
    while (len + size <= cap) { memcpy(text + len, book, size); len += size; }
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    ids = (int32_t *)malloc(len * sizeof(int32_t));
    EXPECT_EQ(m2_tokenize(m, w, text, (ptrdiff_t)len, ids, len, &n, 0), M2_OK);
    EXPECT_TRUE(n > len / 8 && n < len / 2);
    dec = (char *)malloc(len + 16);
    EXPECT_EQ(m2_detokenize(m, ids, n, dec, len + 16, &dl), M2_OK);
    EXPECT_TRUE(dl == len && memcmp(dec, text, len) == 0); /* the book is ASCII/NFC text */
    free(dec); free(ids); free(text); free(book);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}

#include "test_tokenizer_v2.h"

/* ------------------------------------------------------------------ the shipped model */

#define SHIPPED_MODEL "models/fable-3m.bin"

/* Greedy ids for a fixed prompt, computed by the PyTorch model (tools/train.py greedy) and stored in
   tests/data: the C library must produce exactly these. */
TEST(shipped, greedy_matches_pytorch) {
    m2_model *m;
    m2_session *s;
    m2_tokenize_work *w;
    char *json;
    const char *cur;
    jv root;
    const jv *prompt, *pids, *gids;
    int32_t ids[64];
    size_t n, i;
    m = open_model(SHIPPED_MODEL);
    ASSERT_TRUE(m != NULL);
    json = (char *)read_file("tests/data/fable-3m_greedy.json", NULL);
    ASSERT_TRUE(json != NULL);
    cur = json;
    jm_value(&cur, &root);
    prompt = jm_get(&root, "prompt"); pids = jm_get(&root, "prompt_ids"); gids = jm_get(&root, "greedy_ids");
    ASSERT_TRUE(prompt && pids && gids);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    EXPECT_EQ(m2_tokenize(m, w, prompt->str, (ptrdiff_t)prompt->len, ids, 64, &n, 0), M2_OK);
    EXPECT_EQ(n, pids->n);
    for (i = 0; i < n && i < pids->n; i++) EXPECT_EQ(ids[i], (int32_t)pids->items[i].num);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_prefill(s, ids, n, NULL), M2_OK);
    for (i = 0; i < gids->n; i++) {
        int id = argmax_n(m2_session_logits(s), m2_model_config(m)->vocab_size);
        if (id != (int)gids->items[i].num) { FAIL_AT("greedy token %lu is %d, PyTorch gave %d", (unsigned long)i, id, (int)gids->items[i].num); break; }
        EXPECT_EQ(m2_step(s, id), M2_OK);
    }
    m2_session_destroy(s);
    m2_tokenize_work_destroy(w);
    jm_free(&root);
    free(json);
    m2_model_close(m);
}

/* The shipped tokenizer gives back the held-out text exactly (the ranges named in the model card). */
TEST(shipped, tokenizer_round_trips_held_out_text) {
    static const struct { const char *file; long from, to; } held_out[] = {
        {"data/corpus/tinystories/tinystories_val_head.txt", 754124, 794375},
        {"data/corpus/public-domain/pg7439_jacobs_english_fairy_tales.txt", 200071, 240085}};
    m2_model *m;
    m2_tokenize_work *w;
    size_t k;
    NEED_SHARED();
    m = open_model(SHIPPED_MODEL);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (k = 0; k < 2; k++) {
        char path[1200], *text, *dec;
        size_t size, len, n, dl;
        int32_t *ids;
        snprintf(path, sizeof path, "%s/%s", shared_dir(), held_out[k].file);
        text = (char *)read_file(path, &size);
        ASSERT_TRUE(text != NULL && size >= (size_t)held_out[k].to);
        len = (size_t)(held_out[k].to - held_out[k].from);
        ids = (int32_t *)malloc(len * sizeof(int32_t));
        dec = (char *)malloc(len + 1);
        EXPECT_EQ(m2_tokenize(m, w, text + held_out[k].from, (ptrdiff_t)len, ids, len, &n, 0), M2_OK);
        EXPECT_TRUE(n > len / 8);
        EXPECT_EQ(m2_detokenize(m, ids, n, dec, len, &dl), M2_OK);
        EXPECT_TRUE(dl == len && memcmp(dec, text + held_out[k].from, len) == 0);
        free(ids); free(dec); free(text);
    }
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}

/* ------------------------------------------------------------------ converter */

/* Runs a Python test script from the repository root: its last line ("N passed, N failed, N
   skipped") goes to summary and is printed now and again after the runner's own; its log is the
   failure text. */
static void run_python_suite(const char *script, const char *log_name, char *summary, size_t summary_size) {
    char cmd[512], p[512];
    char *log;
    int rc;
    if (no_external) SKIP("needs python3: external commands are off");
    snprintf(cmd, sizeof cmd, "%s %s > %s/%s 2>&1", python(), script, tmp_dir, log_name);
    rc = run_command(cmd);
    snprintf(p, sizeof p, "%s/%s", tmp_dir, log_name);
    log = (char *)read_file(p, NULL);
    if (log) { /* the suite's last line: "N passed, N failed, N skipped" */
        char *last = NULL, *q;
        for (q = strstr(log, " passed, "); q; q = strstr(q + 1, " passed, ")) last = q;
        if (last) {
            while (last > log && last[-1] != '\n') last--;
            snprintf(summary, summary_size, "%.*s", (int)strcspn(last, "\r\n"), last);
            printf("  %s: %s\n", script, summary);
        }
    }
    if (rc != 0) FAIL_AT("%s failed:\n%s", script, log ? log : "(no output)");
    free(log);
}

static char convert_suite_summary[128]; /* its own "N passed, ..." line, printed after the runner's */
static char gguf_suite_summary[128];
TEST(convert, python_suite) {
    run_python_suite("tests/test_convert.py", "convert_suite.log", convert_suite_summary, sizeof convert_suite_summary);
}

/* Hybrid variants the golden cases lack (MoE, RoPE, layer patterns, gated norm, biases): random
   checkpoints, converted and run by the examples, against a float64 reference written from the
   semantics documents. */
TEST(hybrid, variants_match_reference) {
    char summary[128];
    if (!file_exists("example_logits") || !file_exists("example_generate"))
        SKIP("needs example_logits and example_generate (make)");
    run_python_suite("tests/test_hybrid_variants.py", "hybrid_variants.log", summary, sizeof summary);
}

#include "test_hybrid.h"
#include "test_api.h"
#include "test_chat.h"
#include "test_gguf.h"

/* tools/gguf.py and the GGUF path of tools/convert.py: golden mappings, exact dequantization
 * of the quant golden files, hostile GGUF files and a bounded random mutation run */
TEST(convert, gguf_suite) {
    run_python_suite("tests/test_gguf.py", "gguf_suite.log", gguf_suite_summary, sizeof gguf_suite_summary);
}

/* ------------------------------------------------------------------ runner */

static const harness_test all_tests[] = {
    TEST_ENTRY(golden, tiny_mamba_ssm),
    TEST_ENTRY(golden, tiny_hf),
    TEST_ENTRY(golden, groups_mamba_ssm),
    TEST_ENTRY(golden, groups_hf),
    TEST_ENTRY(golden, groups_hf_bf16),
    TEST_ENTRY(golden, granite_hybrid_hf),
    TEST_ENTRY(golden, granite_hybrid_hf_bf16),
    TEST_ENTRY(golden, nemotron_h_hf),
    TEST_ENTRY(golden, falcon_h1_hf),
    TEST_ENTRY(golden, mamba1_mamba_ssm),
    TEST_ENTRY(golden, mamba1_hf),
    TEST_ENTRY(golden, falcon_mamba_hf),
    TEST_ENTRY(hybrid, prefill_step_threads_resume),
    TEST_ENTRY(hybrid, snapshot_fork_batch_sliced),
    TEST_ENTRY(hybrid, context_limit_and_memory),
    TEST_ENTRY(hybrid, synthetic_every_layer_kind),
    TEST_ENTRY(hybrid, hostile_v2_header_and_layer_kinds),
    TEST_ENTRY(golden, every_isa_level),
    TEST_ENTRY(session, isa_option),
    TEST_ENTRY(golden, dtype_fidelity_tiny),
    TEST_ENTRY(golden, dtype_fidelity_groups),
    TEST_ENTRY(golden, dtype_fidelity_hybrids),
    TEST_ENTRY(convert, layouts_agree_tiny),
    TEST_ENTRY(convert, layouts_agree_groups),
    TEST_ENTRY(convert, python_suite),
    TEST_ENTRY(hybrid, variants_match_reference),
    TEST_ENTRY(convert, gguf_suite),
    TEST_ENTRY(gguf, golden_granite_h),
    TEST_ENTRY(gguf, golden_nemotron_h),
    TEST_ENTRY(gguf, golden_falcon_h1),
    TEST_ENTRY(gguf, golden_mamba1),
    TEST_ENTRY(gguf, golden_falcon_mamba),
    TEST_ENTRY(gguf, quant_f32),
    TEST_ENTRY(gguf, quant_q4_0_dequantized),
    TEST_ENTRY(gguf, quant_q5_1_dequantized),
    TEST_ENTRY(gguf, quant_q4_k_m_dequantized),
    TEST_ENTRY(gguf, quant_q6_k_dequantized),
    TEST_ENTRY(gguf, quant_q8_0_kept),
    TEST_ENTRY(gguf, quant_q4_0_kept),
    TEST_ENTRY(gguf, quant_q4_1_kept),
    TEST_ENTRY(gguf, quant_q5_0_kept),
    TEST_ENTRY(gguf, quant_q5_1_kept),
    TEST_ENTRY(gguf, quant_q4_k_m_kept),
    TEST_ENTRY(gguf, quant_q4_k_s_kept),
    TEST_ENTRY(gguf, quant_q5_k_m_kept),
    TEST_ENTRY(gguf, quant_q6_k_kept),
    TEST_ENTRY(ssd, chunked_equals_step_synthetic),
    TEST_ENTRY(ssd, chunked_equals_step_golden),
    TEST_ENTRY(ssd, norm_before_gate_and_tied),
    TEST_ENTRY(ssd, resumable_prefill),
    TEST_ENTRY(ssd, prefill_logits_every_position),
    TEST_ENTRY(ssd, threads_bitwise_identical),
    TEST_ENTRY(session, save_restore_identical_continuation),
    TEST_ENTRY(session, no_allocation_after_create),
    TEST_ENTRY(session, sliced_step_identical_and_cancellable),
    TEST_ENTRY(session, batched_step_matches_single_steps),
    TEST_ENTRY(session, fork_and_f16_snapshots),
    TEST_ENTRY(quant, hand_built_blocks_dequantize_as_ggml),
    TEST_ENTRY(quant, quantizer_round_trips),
    TEST_ENTRY(quant, block_type_models_match_dequantized_f32),
    TEST_ENTRY(quant, loader_checks_block_types),
    TEST_ENTRY(session, memory_query_and_log_callback),
    TEST_ENTRY(sample, logit_bias_and_bans),
    TEST_ENTRY(sample, stop_sequences_across_pieces),
    TEST_ENTRY(sample, greedy_never_picks_padding_and_is_reproducible),
    TEST_ENTRY(sample, repetition_penalty_and_min_p),
    TEST_ENTRY(sample, nucleus_matches_definition),
#define KC_ENTRIES(sfx, level) \
    {"kernels.simd_matches_reference." level, kc_simd_matches_reference##sfx}, \
    {"kernels.pack8_matches_reference." level, kc_pack8_matches_reference##sfx}, \
    {"kernels.ssd_step_matches_reference." level, kc_ssd_step_matches_reference##sfx}, \
    {"kernels.bf16_activation_gemm_matches_reference." level, kc_bf16_activation_gemm_matches_reference##sfx}, \
    {"kernels.gemm_nn_matches_reference." level, kc_gemm_nn_matches_reference##sfx}, \
    {"kernels.silu_matches_scalar." level, kc_silu_matches_scalar##sfx}, \
    {"kernels.q8_activation_dot_matches_reference." level, kc_q8_activation_dot_matches_reference##sfx}, \
    {"kernels.block_types_match_reference." level, kc_block_types_match_reference##sfx},
#if KC_LEVEL(M2__ISA_SCALAR)
    KC_ENTRIES(_scalar, "scalar")
#endif
#if KC_LEVEL(M2__ISA_AVX2)
    KC_ENTRIES(_avx2, "avx2")
#endif
#if KC_LEVEL(M2__ISA_AVX512)
    KC_ENTRIES(_avx512, "avx512")
#endif
#if KC_LEVEL(M2__ISA_AVX512_VNNI)
    KC_ENTRIES(_avx512vnni, "avx512vnni")
#endif
#if KC_LEVEL(M2__ISA_AVX512_BF16)
    KC_ENTRIES(_avx512bf16, "avx512bf16")
#endif
#if KC_LEVEL(M2__ISA_NEON)
    KC_ENTRIES(_neon, "neon")
#endif
#if KC_LEVEL(M2__ISA_WASM_SIMD128)
    KC_ENTRIES(_wasm, "wasm-simd128")
#endif
    TEST_ENTRY(kernels, half_conversions),
    TEST_ENTRY(kernels, reduced_precision_models_run),
    TEST_ENTRY(load, truncated_at_every_metadata_offset),
    TEST_ENTRY(load, bad_magic_version_and_checksum),
    TEST_ENTRY(load, hostile_header_and_directory_fields),
    TEST_ENTRY(load, token_ids_out_of_range),
    TEST_ENTRY(load, nan_weights_reported),
    TEST_ENTRY(load, file_errors),
    TEST_ENTRY(tokenizer, golden_cases),
    TEST_ENTRY(tokenizer, reference_cases),
    TEST_ENTRY(tokenizer, round_trip_random_unicode),
    TEST_ENTRY(tokenizer, invalid_utf8_special_tokens_and_errors),
    TEST_ENTRY(tokenizer, one_megabyte_book),
    TEST_ENTRY(tokenizer, hf_golden_llama2),
    TEST_ENTRY(tokenizer, hf_golden_llama3),
    TEST_ENTRY(tokenizer, chat_template_and_named_tokens),
    TEST_ENTRY(tokenizer, pipeline_constructs),
    TEST_ENTRY(tokenizer, regex_linear_time),
    TEST_ENTRY(tokenizer, fast_paths_match_plain),
    TEST_ENTRY(tokenizer, regex_start_table_matches_closure),
    TEST_ENTRY(tokenizer, neox_cases_through_version_2),
    TEST_ENTRY(shipped, greedy_matches_pytorch),
    TEST_ENTRY(shipped, tokenizer_round_trips_held_out_text),
    TEST_ENTRY(api, result_strings_from_one_list),
    TEST_ENTRY(api, destroy_and_close_accept_null),
    TEST_ENTRY(api, tokenize_size_queries_and_max_ids),
#ifndef MAMBA2_NO_STDIO
    TEST_ENTRY(api, memory_query_file_matches_memory_query),
#endif
    TEST_ENTRY(api, step_cancel_without_cancellable_steps),
    TEST_ENTRY(api, parallel_for_hook_rule),
    TEST_ENTRY(api, isa_table_names_and_cpuid_levels),
    TEST_ENTRY(session, batched_step_bitwise_equal_to_single_steps),
    TEST_ENTRY(sample, penalties_match_definition),
    TEST_ENTRY(sample, bias_and_bans_match_definition),
    TEST_ENTRY(sample, softmax_matches_definition),
    TEST_ENTRY(sample, top_k_matches_definition),
    TEST_ENTRY(sample, top_p_matches_definition),
    TEST_ENTRY(sample, min_p_matches_definition),
    TEST_ENTRY(sample, draw_matches_definition),
    TEST_ENTRY(chat, constructs_render_as_jinja),
    TEST_ENTRY(chat, golden_llama3_cases),
    TEST_ENTRY(chat, raise_and_runtime_errors),
    TEST_ENTRY(chat, hostile_templates_and_json),
    TEST_ENTRY(chat, example_render_contract),
    TEST_ENTRY(chat, python_checker_agrees),
};

/* --prepare DIR: converts every model the converter tests use into DIR, for M2_TEST_MODELS */
static int prepare_models(const char *dir) {
    static const struct { int c; const char *layout; } want[] = {
        {CASE_TINY, "mamba_ssm"}, {CASE_TINY, "hf"}, {CASE_GROUPS, "mamba_ssm"}, {CASE_GROUPS, "hf"}, {CASE_GROUPS, "hf_bf16"},
        {CASE_GRANITE, "hf"}, {CASE_GRANITE, "hf_bf16"}, {CASE_NEMOTRON, "hf"}, {CASE_FALCON_H1, "hf"}, {CASE_MAMBA1, "mamba_ssm"},
        {CASE_MAMBA1, "hf"}, {CASE_FALCON_MAMBA, "hf"}};
    int i, bad = 0, skipped = 0;
    if (!shared_dir()) { fprintf(stderr, "--prepare: golden data not found (../shared or $M2_SHARED_DIR)\n"); return 1; }
    snprintf(tmp_dir, sizeof tmp_dir, "%s", dir);
    for (i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        if (!golden_model(want[i].c, want[i].layout)) { fprintf(stderr, "--prepare: %s/%s failed\n", case_names[want[i].c], want[i].layout); bad++; }
    for (i = 0; i < N_CASES * N_DTYPES; i++) {
        if (i % N_DTYPES >= case_dtypes[i / N_DTYPES]) { skipped++; continue; } /* (no Q8_0 for that shape) */
        if (!golden_model_dtype(i / N_DTYPES, i % N_DTYPES)) { fprintf(stderr, "--prepare: %s/hf --dtype %s failed\n", case_names[i / N_DTYPES], dtype_names[i % N_DTYPES]); bad++; }
    }
    if (!neox_model()) { fprintf(stderr, "--prepare: neox failed\n"); bad++; }
    printf("prepared %d models in %s%s\n", (int)(sizeof want / sizeof want[0]) + N_CASES * N_DTYPES + 1 - bad - skipped, dir, bad ? " (some failed)" : "");
    return bad ? 1 : 0;
}

static int make_tmp_dir(void) {
#ifdef _WIN32
    const char *base = getenv("TEMP");
    snprintf(tmp_dir, sizeof tmp_dir, "%s\\mamba2-test-XXXXXX", base && *base ? base : ".");
    return _mktemp(tmp_dir) != NULL && _mkdir(tmp_dir) == 0;
#elif defined(__wasi__)
    return 0; /* no mkdtemp in wasi-libc: pass M2_TEST_TMPDIR */
#else
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/mamba2-test-XXXXXX");
    return mkdtemp(tmp_dir) != NULL;
#endif
}

int main(int argc, char **argv) {
    int rc, i, own_tmp = 1;
    char cmd[300];
    const char *env, *prepare = NULL;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-external")) no_external = 1;
        else if (!strcmp(argv[i], "--prepare") && i + 1 < argc) prepare = argv[++i];
    }
    env = getenv("M2_TEST_NO_EXTERNAL");
    if (env && *env && strcmp(env, "0") != 0) no_external = 1;
    if (prepare) return no_external ? 1 : prepare_models(prepare);
    env = getenv("M2_TEST_MODELS");
    if (env && *env) snprintf(models_dir, sizeof models_dir, "%s", env);
    env = getenv("M2_TEST_TMPDIR");
    if (env && *env) { snprintf(tmp_dir, sizeof tmp_dir, "%s", env); own_tmp = 0; }
    else if (!make_tmp_dir()) { fprintf(stderr, "cannot make a temporary directory (set M2_TEST_TMPDIR)\n"); return 1; }
#ifdef M2__OPENMP
    env = "on";
#else
    env = "off";
#endif
    {
        int isa;
        printf("note: kernels %s (levels this build and CPU run:", m2_isa_name(M2_ISA_AUTO));
        for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++) if (m2_isa_available(isa)) printf(" %s", m2_isa_name(isa));
        printf("), OpenMP %s, %d-bit pointers\n", env, (int)(sizeof(void *) * 8));
    }
    if (!shared_dir()) printf("note: golden data not found (../shared or $M2_SHARED_DIR): golden tests will be skipped\n");
    if (no_external) printf("note: external commands are off: tests that need python3 use M2_TEST_MODELS or skip\n");
    rc = harness_run(all_tests, (int)(sizeof all_tests / sizeof all_tests[0]), argc, argv);
    if (convert_suite_summary[0]) printf("converter suite (tests/test_convert.py, run by convert.python_suite): %s\n", convert_suite_summary);
    if (gguf_suite_summary[0]) printf("GGUF suite (tests/test_gguf.py, run by convert.gguf_suite): %s\n", gguf_suite_summary);
    if (own_tmp) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
        if (run_command(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", tmp_dir);
    }
    return rc;
}
