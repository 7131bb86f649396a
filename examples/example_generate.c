/* example_generate: generate text (or token ids) from a prompt.

     ./example_generate [MODEL] ["prompt"] [--ids 1,2,3] [-n N] [--temp T] [--top-k K] [--top-p P]
                        [--min-p P] [--repeat-penalty R] [--seed S] [--threads N] [--print-ids]
                        [--ignore-eos] [--stop TEXT]... [--isa NAME]

   Without a MODEL (or when the first argument is not an existing file, and so is the prompt) it
   runs the model shipped in the repository, found relative to the current directory, else beside
   the executable. The default prompt is "Once upon a time".

   stdout is only the generated text, streamed (with --print-ids: one line of the generated ids).
   The last two stderr lines are "prompt: T tokens, X tok/s" and "generation: N tokens, Y tok/s". */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

static int usage(void) {
    fprintf(stderr,
            "usage: example_generate [MODEL] [\"prompt\"] [--ids 1,2,3] [-n N] [--temp T] [--top-k K] [--top-p P]\n"
            "                        [--min-p P] [--repeat-penalty R] [--seed S] [--threads N] [--print-ids] [--ignore-eos]\n"
            "                        [--stop TEXT]... [--isa NAME]\n"
            "defaults: the shipped model (%s), prompt \"Once upon a time\", -n 256, --temp 0.8 (0 = greedy),\n"
            "          --top-k 0 (off), --top-p 0.9, --min-p 0 (off), --repeat-penalty 1.0 (off),\n"
            "          a fixed seed (--seed -1 = from the clock); --stop ends the text before TEXT (up to 8);\n"
            "          --isa: the kernels' level (scalar, avx2, ..., as m2_isa_name gives them; default the best)\n",
            EX_DEFAULT_MODEL);
    return 2;
}

int main(int argc, char **argv) {
    const char *model_path = NULL, *prompt = NULL, *ids_arg = NULL, *stops[M2_STOP_SEQS];
    int n_stops = 0;
    char default_path[4096];
    m2_stop stopper;
    long n_gen = 256, threads = 0, seed = 42, top_k = 0;
    float temp = 0.8f, top_p = 0.9f, min_p = 0.0f, rep = 1.0f;
    int print_ids = 0, ignore_eos = 0, i, rc = 1, eos, isa = M2_ISA_AUTO;
    int32_t *ids = NULL, *gen = NULL;
    size_t n_ids = 0, n_out = 0;
    m2_model *model = NULL;
    m2_session *s = NULL;
    m2_tokenize_work *work = NULL;
    m2_session_opts so;
    m2_sampler_opts sopts;
    m2_sampler smp;
    m2_decoder dec;
    char err[512];
    double t0, t1, t2;
    m2_result r;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--ids") && has_val) ids_arg = argv[++i];
        else if (!strcmp(a, "-n") && has_val) { if (!ex_parse_long(argv[++i], &n_gen) || n_gen < 0) { fprintf(stderr, "error: bad -n\n"); return 2; } }
        else if (!strcmp(a, "--temp") && has_val) { if (!ex_parse_float(argv[++i], &temp) || !(temp >= 0.0f)) { fprintf(stderr, "error: bad --temp\n"); return 2; } }
        else if (!strcmp(a, "--top-k") && has_val) { if (!ex_parse_long(argv[++i], &top_k) || top_k < 0 || top_k > INT32_MAX) { fprintf(stderr, "error: bad --top-k\n"); return 2; } }
        else if (!strcmp(a, "--top-p") && has_val) { if (!ex_parse_float(argv[++i], &top_p) || !(top_p >= 0.0f && top_p <= 1.0f)) { fprintf(stderr, "error: bad --top-p\n"); return 2; } }
        else if (!strcmp(a, "--min-p") && has_val) { if (!ex_parse_float(argv[++i], &min_p) || !(min_p >= 0.0f && min_p <= 1.0f)) { fprintf(stderr, "error: bad --min-p\n"); return 2; } }
        else if (!strcmp(a, "--repeat-penalty") && has_val) { if (!ex_parse_float(argv[++i], &rep) || !(rep > 0.0f)) { fprintf(stderr, "error: bad --repeat-penalty\n"); return 2; } }
        else if (!strcmp(a, "--seed") && has_val) { if (!ex_parse_long(argv[++i], &seed)) { fprintf(stderr, "error: bad --seed\n"); return 2; } }
        else if (!strcmp(a, "--threads") && has_val) { if (!ex_parse_long(argv[++i], &threads) || threads < 0 || threads > 1024) { fprintf(stderr, "error: bad --threads\n"); return 2; } }
        else if (!strcmp(a, "--stop") && has_val) { if (n_stops == M2_STOP_SEQS || !argv[i + 1][0] || strlen(argv[i + 1]) >= M2_STOP_MAX) { fprintf(stderr, "error: at most %d --stop texts of 1..%d bytes\n", M2_STOP_SEQS, M2_STOP_MAX - 1); return 2; } stops[n_stops++] = argv[++i]; }
        else if (!strcmp(a, "--isa") && has_val) {
            const char *name = argv[++i];
            for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128 && strcmp(m2_isa_name(isa), name) != 0; isa++) {}
            if (isa > M2_ISA_WASM_SIMD128) { fprintf(stderr, "error: unknown --isa %s\n", name); return 2; }
        }
        else if (!strcmp(a, "--print-ids")) print_ids = 1;
        else if (!strcmp(a, "--ignore-eos")) ignore_eos = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) return usage();
        else if (a[0] == '-' && a[1]) { fprintf(stderr, "error: unknown option %s\n", a); return usage(); }
        else if (!model_path) model_path = a;
        else if (!prompt) prompt = a;
        else return usage();
    }
    if (model_path && !ex_is_file(model_path)) { /* not a model: the prompt, and the shipped model */
        if (prompt) { fprintf(stderr, "error: %s is not a file\n", model_path); return 2; }
        prompt = model_path;
        model_path = NULL;
    }
    if (!model_path) {
        model_path = ex_find_default_model(argv[0], default_path, sizeof default_path);
        if (!model_path) { fprintf(stderr, "error: no MODEL given and %s not found here or beside the executable\n", EX_DEFAULT_MODEL); return usage(); }
    }
    if (!prompt && !ids_arg) prompt = "Once upon a time";
    if (prompt && ids_arg) { fprintf(stderr, "error: give either a text prompt or --ids, not both\n"); return 2; }
    if (m2_stop_init(&stopper, stops, n_stops) != M2_OK) return 2;

    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); goto done; }
    if (ids_arg) {
        if (!ex_parse_ids(ids_arg, &ids, &n_ids)) goto done;
    } else {
        size_t cap;
        if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s has no tokenizer: give the prompt as --ids\n", model_path); goto done; }
        if ((r = m2_tokenize_work_create(&work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
        cap = strlen(prompt) + 1;
        ids = (int32_t *)malloc(cap * sizeof *ids);
        if (!ids) { fprintf(stderr, "error: out of memory\n"); goto done; }
        if ((r = m2_tokenize(model, work, prompt, -1, ids, cap, &n_ids, 0)) != M2_OK) { fprintf(stderr, "error: cannot tokenize the prompt: %s\n", m2_result_str(r)); goto done; }
        if (n_ids == 0) { fprintf(stderr, "error: the prompt is empty\n"); goto done; }
    }
    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads;
    so.isa = isa;
    if ((r = m2_session_create(&s, model, &so)) != M2_OK) { fprintf(stderr, "error: cannot create a session: %s\n", m2_result_str(r)); goto done; }
    memset(&sopts, 0, sizeof sopts);
    sopts.temperature = temp;
    sopts.top_k = (int)top_k;
    sopts.top_p = top_p;
    sopts.min_p = min_p;
    sopts.repeat_penalty = rep;
    sopts.seed = seed == -1 ? (uint64_t)time(NULL) ^ ((uint64_t)(ex_now() * 1e9) << 32) : (uint64_t)seed + 1u; /* +1: 0 means "default" */
    m2_sampler_init(&smp, &sopts);
    m2_decoder_init(&dec);
    gen = (int32_t *)malloc(((size_t)n_gen + 1) * sizeof *gen);
    if (!gen) { fprintf(stderr, "error: out of memory\n"); goto done; }
    if (!print_ids && !m2_model_has_tokenizer(model)) fprintf(stderr, "note: the model has no tokenizer; printing token ids\n");
    eos = m2_model_config(model)->eos_id;

    t0 = ex_now();
    if (m2_prefill(s, ids, n_ids, NULL) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); goto done; }
    t1 = ex_now();
    for (n_out = 0; n_out < (size_t)n_gen; n_out++) {
        int32_t id;
        if (m2_sample(s, &smp, &id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); goto done; }
        if (id == eos && !ignore_eos) break;
        gen[n_out] = id;
        if (!print_ids) {
            if (m2_model_has_tokenizer(model)) {
                char buf[1024], shown[1024 + M2_STOP_MAX];
                size_t len = 0, n_shown = 0;
                if (m2_decode_stream(model, &dec, id, buf, sizeof buf, &len) == M2_OK) {
                    int stop = m2_stop_feed(&stopper, buf, len, shown, &n_shown);
                    fwrite(shown, 1, n_shown, stdout);
                    if (stop) { n_out++; break; }
                }
            } else {
                printf("%s%ld", n_out ? " " : "", (long)id);
            }
            fflush(stdout);
        }
        if (m2_step(s, id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); goto done; }
    }
    t2 = ex_now();
    if (print_ids) {
        size_t k;
        for (k = 0; k < n_out; k++) printf("%s%ld", k ? " " : "", (long)gen[k]);
        printf("\n");
    } else {
        char buf[64];
        size_t len = 0;
        if (m2_model_has_tokenizer(model) && m2_decoder_flush(&dec, buf, sizeof buf, &len) == M2_OK) {
            char shown[64 + M2_STOP_MAX];
            size_t n_shown = 0;
            if (!m2_stop_feed(&stopper, buf, len, shown, &n_shown)) n_shown += m2_stop_flush(&stopper, shown + n_shown);
            fwrite(shown, 1, n_shown, stdout);
        }
        if (!m2_model_has_tokenizer(model)) printf("\n");
        fflush(stdout);
    }
    fprintf(stderr, "kernels: %s, %d thread%s\n", m2_isa_name(m2_session_options(s)->isa), m2_session_options(s)->n_threads, m2_session_options(s)->n_threads == 1 ? "" : "s");
    fprintf(stderr, "prompt: %lu tokens, %.1f tok/s\n", (unsigned long)n_ids, t1 > t0 ? (double)n_ids / (t1 - t0) : 0.0);
    fprintf(stderr, "generation: %lu tokens, %.1f tok/s\n", (unsigned long)n_out, t2 > t1 ? (double)n_out / (t2 - t1) : 0.0);
    rc = 0;
done:
    free(ids);
    free(gen);
    m2_tokenize_work_destroy(work);
    m2_session_destroy(s);
    m2_model_close(model);
    return rc;
}
