/* example_logits: write the logits of every prompt position, to compare with a reference.

     ./example_logits MODEL --ids 1,2,3 --out FILE [--mode prefill|step] [--threads N]

   FILE receives raw little-endian float32, row-major [T, V] (V = lm_head rows, padding included);
   "T V" is printed on stderr. --mode prefill runs the chunked scan, --mode step the recurrence. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

/* Tokens are handed to the library in blocks of a multiple of its chunk length, so the blocks
   change nothing in the results (prefill is resumable), and memory stays bounded (~16 MB of rows). */
static size_t block_tokens(const m2_session *s, int V) {
    size_t chunk = (size_t)m2_session_options(s)->chunk_size, block = ((size_t)16 << 20) / ((size_t)V * sizeof(float));
    block = block / chunk * chunk;
    return block ? block : chunk;
}

static int write_rows(FILE *f, const float *rows, size_t n) {
    const unsigned int one = 1;
    if (*(const unsigned char *)&one) return fwrite(rows, sizeof(float), n, f) == n; /* little-endian host */
    {
        size_t i;
        for (i = 0; i < n; i++) {
            unsigned char b[4];
            uint32_t u;
            memcpy(&u, &rows[i], 4);
            b[0] = (unsigned char)u; b[1] = (unsigned char)(u >> 8); b[2] = (unsigned char)(u >> 16); b[3] = (unsigned char)(u >> 24);
            if (fwrite(b, 1, 4, f) != 4) return 0;
        }
        return 1;
    }
}

#define USAGE "usage: example_logits MODEL --ids 1,2,3 --out FILE [--mode prefill|step] [--threads N] [--f32-activations]\n"

int main(int argc, char **argv) {
    const char *model_path = NULL, *ids_arg = NULL, *out_path = NULL, *mode = "prefill";
    long threads = 0;
    int rc = 1, f32_act = 0;
    ex_cli cli;
    ex_progress prog;
    const char *a;
    int32_t *ids = NULL;
    size_t n = 0, t, block;
    m2_model *model = NULL;
    m2_session *s = NULL;
    m2_session_opts so;
    char err[512];
    float *rows = NULL;
    FILE *out = NULL;
    int V;
    m2_result r;

    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_str(&cli, a, "--ids", &ids_arg)) continue;
        if (ex_opt_str(&cli, a, "--out", &out_path)) continue;
        if (ex_opt_str(&cli, a, "--mode", &mode)) continue;
        if (ex_opt_long(&cli, a, "--threads", &threads, 0, 1024)) continue;
        if (ex_opt_flag(&cli, a, "--f32-activations", &f32_act)) continue; /* exact activations: the weights' own reference */
        ex_positional(&cli, a, &model_path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!model_path || !ids_arg || !out_path) { fprintf(stderr, "error: %s is required\n%s", !model_path ? "MODEL" : !ids_arg ? "--ids" : "--out", USAGE); return 2; }
    if (strcmp(mode, "prefill") && strcmp(mode, "step")) { fprintf(stderr, "error: --mode %s: must be prefill or step\n", mode); return 2; }
    if (!ex_parse_ids(ids_arg, &ids, &n)) return 1;

    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); goto done; }
    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads;
    so.n_ctx = n < (1u << 24) ? (int)n : 1 << 24; /* a model with attention: room for every id (ignored otherwise) */
    so.f32_activations = f32_act;
    if ((r = m2_session_create(&s, model, &so)) != M2_OK) { fprintf(stderr, "error: cannot create a session: %s\n", m2_result_str(r)); goto done; }
    V = m2_model_config(model)->vocab_rows;
    for (t = 0; t < n; t++)
        if (ids[t] >= V) { fprintf(stderr, "error: token id %ld at position %lu is out of range (the model has %d rows)\n", (long)ids[t], (unsigned long)t, V); goto done; }
    block = block_tokens(s, V);
    rows = (float *)malloc(block * (size_t)V * sizeof(float));
    if (!rows) { fprintf(stderr, "error: out of memory\n"); goto done; }
    out = fopen(out_path, "wb");
    if (!out) { ex_cannot("open", out_path); goto done; }
    ex_progress_init(&prog); /* (on a terminal only: long id lists take a while) */
    for (t = 0; t < n;) {
        size_t k = n - t < block ? n - t : block, j;
        if (!strcmp(mode, "prefill")) {
            r = m2_prefill(s, ids + t, k, rows);
        } else {
            r = M2_OK;
            for (j = 0; j < k && r == M2_OK; j++) {
                r = m2_step(s, ids[t + j]);
                if (r == M2_OK) memcpy(rows + j * (size_t)V, m2_session_logits(s), (size_t)V * sizeof(float));
            }
        }
        if (r != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); goto done; }
        if (!write_rows(out, rows, k * (size_t)V)) { fprintf(stderr, "error: writing %s failed\n", out_path); goto done; }
        t += k;
        ex_progress_tick(&prog, (double)t, (double)n, "tok", NULL);
    }
    ex_progress_end(&prog);
    if (fclose(out) != 0) { out = NULL; fprintf(stderr, "error: writing %s failed\n", out_path); goto done; }
    out = NULL;
    fprintf(stderr, "%lu %d\n", (unsigned long)n, V);
    rc = 0;
done:
    if (out) fclose(out);
    free(rows);
    free(ids);
    m2_session_destroy(s);
    m2_model_close(model);
    return rc;
}
