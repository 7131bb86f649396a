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
#include <limits.h>

#define USAGE \
    "usage: example_generate [MODEL] [\"prompt\"] [--ids 1,2,3] [-n N] [--temp T] [--top-k K] [--top-p P]\n" \
    "                        [--min-p P] [--repeat-penalty R] [--seed S] [--threads N] [--print-ids] [--ignore-eos]\n" \
    "                        [--stop TEXT]... [--isa NAME] [--ctx N] [--f32-activations]\n" \
    "defaults: the shipped model (" EX_DEFAULT_MODEL "), prompt \"Once upon a time\", -n 256, --temp 0.8 (0 = greedy),\n" \
    "          --top-k 0 (off), --top-p 0.9, --min-p 0 (off), --repeat-penalty 1.0 (off),\n" \
    "          a fixed seed (--seed -1 = from the clock); --stop ends the text before TEXT (up to 8);\n" \
    "          --isa: the kernels' level (scalar, avx2, ..., as m2_isa_name gives them; default the best);\n" \
    "          --ctx: tokens an attention model's KV cache holds (default the model's trained context, at most 8192);\n" \
    "          --f32-activations: no rounding of activations for the integer and bf16 kernels (m2_session_opts)\n"

int main(int argc, char **argv) {
    const char *model_path = NULL, *prompt = NULL, *ids_arg = NULL, *stops[M2_STOP_SEQS];
    int n_stops = 0;
    char default_path[4096];
    m2_stop stopper;
    long n_gen = 256, threads = 0, seed = 42, top_k = 0;
    float temp = 0.8f, top_p = 0.9f, min_p = 0.0f, rep = 1.0f;
    int print_ids = 0, ignore_eos = 0, f32_act = 0, rc = 1, eos, isa = M2_ISA_AUTO;
    long n_ctx = 0;
    ex_cli cli;
    const char *a;
    int32_t *ids = NULL, *gen = NULL;
    size_t n_ids = 0, n_out = 0;
    m2_model *model = NULL;
    m2_session *s = NULL;
    m2_tokenize_work *work = NULL;
    m2_session_opts so;
    m2_sampler smp;
    m2_decoder dec;
    char err[512];
    double t0, t1, t2;
    m2_result r;

    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        const char *stop = NULL, *isa_name = NULL;
        if (ex_opt_str(&cli, a, "--ids", &ids_arg)) continue;
        if (ex_opt_long(&cli, a, "-n", &n_gen, 0, 1L << 24)) continue;
        if (ex_opt_float(&cli, a, "--temp", &temp, 0.0f, 1e6f, 0)) continue;
        if (ex_opt_long(&cli, a, "--top-k", &top_k, 0, INT32_MAX)) continue;
        if (ex_opt_float(&cli, a, "--top-p", &top_p, 0.0f, 1.0f, 0)) continue;
        if (ex_opt_float(&cli, a, "--min-p", &min_p, 0.0f, 1.0f, 0)) continue;
        if (ex_opt_float(&cli, a, "--repeat-penalty", &rep, 0.0f, 1e6f, 1)) continue;
        if (ex_opt_long(&cli, a, "--seed", &seed, -1, LONG_MAX)) continue;
        if (ex_opt_long(&cli, a, "--threads", &threads, 0, 1024)) continue;
        if (ex_opt_str(&cli, a, "--stop", &stop)) {
            if (cli.done) continue;
            if (n_stops == M2_STOP_SEQS) ex_cli_error(&cli, "--stop: at most %d stop texts", M2_STOP_SEQS);
            else if (!stop[0] || strlen(stop) >= M2_STOP_MAX) ex_cli_error(&cli, "--stop: a stop text is 1 to %d bytes", M2_STOP_MAX - 1);
            else stops[n_stops++] = stop;
            continue;
        }
        if (ex_opt_str(&cli, a, "--isa", &isa_name)) {
            if (cli.done) continue;
            for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128 && strcmp(m2_isa_name(isa), isa_name) != 0; isa++) {}
            if (isa > M2_ISA_WASM_SIMD128) ex_cli_error(&cli, "--isa: unknown level %s", isa_name);
            continue;
        }
        if (ex_opt_long(&cli, a, "--ctx", &n_ctx, 0, 1L << 24)) continue;
        if (ex_opt_flag(&cli, a, "--print-ids", &print_ids)) continue;
        if (ex_opt_flag(&cli, a, "--f32-activations", &f32_act)) continue;
        if (ex_opt_flag(&cli, a, "--ignore-eos", &ignore_eos)) continue;
        ex_positional(&cli, a, &model_path, &prompt, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (model_path && !ex_is_file(model_path)) { /* not a model: the prompt, and the shipped model */
        if (prompt) { fprintf(stderr, "error: %s is not a file\n", model_path); return 2; }
        prompt = model_path;
        model_path = NULL;
    }
    if (!model_path) {
        model_path = ex_find_default_model(argv[0], default_path, sizeof default_path);
        if (!model_path) { fprintf(stderr, "error: no MODEL given and %s not found here or beside the executable\n%s", EX_DEFAULT_MODEL, USAGE); return 2; }
    }
    if (!prompt && !ids_arg) prompt = "Once upon a time";
    if (prompt && ids_arg) { fprintf(stderr, "error: give either a text prompt or --ids, not both\n"); return 2; }
    if (m2_stop_init(&stopper, stops, n_stops) != M2_OK) { fprintf(stderr, "error: bad --stop texts\n"); return 2; }

    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); goto done; }
    if (ids_arg) {
        if (!ex_parse_ids(ids_arg, &ids, &n_ids)) goto done;
    } else {
        size_t cap;
        if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s has no tokenizer: give the prompt as --ids\n", model_path); goto done; }
        if ((r = m2_tokenize_work_create(&work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
        /* ask for the count first (ids NULL, cap 0): the text's length is no bound ("\xff" can be 4 ids) */
        r = m2_tokenize(model, work, prompt, -1, NULL, 0, &n_ids, 0);
        if (r != M2_OK && r != M2_ERR_BUFFER_TOO_SMALL) { fprintf(stderr, "error: cannot tokenize the prompt: %s\n", m2_result_str(r)); goto done; }
        cap = n_ids ? n_ids : 1;
        ids = (int32_t *)malloc(cap * sizeof *ids);
        if (!ids) { fprintf(stderr, "error: out of memory\n"); goto done; }
        if ((r = m2_tokenize(model, work, prompt, -1, ids, cap, &n_ids, 0)) != M2_OK) { fprintf(stderr, "error: cannot tokenize the prompt: %s\n", m2_result_str(r)); goto done; }
        if (n_ids == 0) { fprintf(stderr, "error: the prompt is empty\n"); goto done; }
    }
    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads;
    so.isa = isa;
    so.n_ctx = (int)n_ctx;
    so.f32_activations = f32_act;
    if ((r = m2_session_create(&s, model, &so)) != M2_OK) { fprintf(stderr, "error: cannot create a session: %s\n", m2_result_str(r)); goto done; }
    ex_sampler_init(&smp, temp, top_k, top_p, min_p, rep, seed);
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
