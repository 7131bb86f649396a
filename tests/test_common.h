/* What the suites share: the scratch directory and external commands, file and number helpers,
   sessions at the level under test, the golden cases and the models converted from them once per
   run, a synthetic model written in memory, and the runner of the Python suites. Included once, by
   test_main.c, before every suite. */

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

/* ------------------------------------------------------------------ golden data */

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

/* A copy of the model file with the 32-bit word at off set to v and the checksum made valid again,
   so the structural checks (not the checksum) must catch it: 1 if the loader accepts it (a prefill
   and a step then run on it), 0 if it refuses it. */
static int accepts_word(const unsigned char *file, size_t size, size_t off, uint32_t v) {
    void *raw;
    unsigned char *mem = (unsigned char *)aligned_copy(file, size, &raw);
    m2_model *m = NULL;
    char err[256];
    int accepted = 0;
    m2__wr32(mem + off, v);
    refresh_crc(mem, size);
    if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) == M2_OK) {
        m2_session *s = new_session(m, 0, 0);
        int32_t ids[3] = {1, 2, 3};
        accepted = 1;
        if (s) { m2_prefill(s, ids, 3, NULL); m2_step(s, 4); m2_session_destroy(s); }
        m2_model_close(m);
    }
    free(raw);
    return accepted;
}

static void random_ids(int32_t *ids, size_t n, int V, unsigned seed) {
    size_t i;
    for (i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; ids[i] = (int32_t)((seed >> 8) % (unsigned)V); }
}

/* ------------------------------------------------------------------ Python suites */

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
