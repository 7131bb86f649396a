/* example_perplexity: perplexity of a model on a text file.

     ./example_perplexity MODEL FILE [--ctx N] [--threads N]

   The whole file is tokenised with the model's tokenizer (no BOS is added); token t+1 is scored
   by the logits after tokens 0..t, for t = 0..n-2, so n-1 tokens are scored. With --ctx N the
   state is reset every N tokens (before tokens N, 2N, ...); the token right after a reset is
   still scored, by the logits at the end of the previous window. Default: never reset.
   The last line on stdout is  tokens=<n> nll=<mean nats per scored token> ppl=<exp(nll)>.
   tools/train.py eval computes the same numbers with the PyTorch model. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"
#include <math.h>
#include <limits.h>

/* Blocks of a multiple of the session's chunk length change nothing in the results (prefill is
   resumable) and keep the logits buffer bounded (~16 MB). */
static size_t block_tokens(const m2_session *s, int V) {
    size_t chunk = (size_t)m2_session_options(s)->chunk_size, block = ((size_t)16 << 20) / ((size_t)V * sizeof(float));
    block = block / chunk * chunk;
    return block ? block : chunk;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL; /* (errno says why) */
    for (;;) {
        size_t got;
        if (n == cap) {
            char *grown = (char *)realloc(buf, cap = cap ? cap * 2 : 1 << 16);
            if (!grown) { free(buf); fclose(f); return NULL; }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) { free(buf); fclose(f); errno = EIO; return NULL; }
    fclose(f);
    *len = n;
    return buf;
}

/* -log softmax(row)[target], accumulated in double so that long files do not lose digits. */
static double token_nll(const float *row, int V, int32_t target) {
    double mx = row[0], sum = 0.0;
    int v;
    for (v = 1; v < V; v++)
        if (row[v] > mx) mx = row[v];
    for (v = 0; v < V; v++) sum += exp((double)row[v] - mx);
    return log(sum) + mx - (double)row[target];
}

#define USAGE "usage: example_perplexity MODEL FILE [--ctx N] [--threads N]\n" \
              "(on a terminal, progress is shown on stderr: tokens done, tok/s, running ppl, ETA)\n"

int main(int argc, char **argv) {
    const char *model_path = NULL, *text_path = NULL;
    long threads = 0, ctx = 0;
    int rc = 1, V;
    ex_cli cli;
    ex_progress prog;
    const char *a;
    char *text = NULL;
    size_t text_len = 0, n = 0, cap, block, t, scored = 0;
    int32_t *ids = NULL;
    float *rows = NULL;
    m2_model *model = NULL;
    m2_session *s = NULL;
    m2_tokenize_work *work = NULL;
    m2_session_opts so;
    char err[512];
    double nll = 0.0, t0;
    m2_result r;

    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_long(&cli, a, "--ctx", &ctx, 0, LONG_MAX)) continue;
        if (ex_opt_long(&cli, a, "--threads", &threads, 0, 1024)) continue;
        ex_positional(&cli, a, &model_path, &text_path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!model_path || !text_path) { fprintf(stderr, "error: %s is required\n%s", !model_path ? "MODEL" : "FILE", USAGE); return 2; }

    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); goto done; }
    if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s carries no tokenizer\n", model_path); goto done; }
    if (!(text = read_file(text_path, &text_len))) { ex_cannot("read", text_path); goto done; }
    if ((r = m2_tokenize_work_create(&work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
    /* Most text gives fewer ids than bytes, but not all (an invalid byte can give 4): try that, and
       retry with the count m2_tokenize reports if it was short (M2_TOKENIZE_MAX_IDS would be 6x). */
    cap = text_len + 16;
    for (;;) {
        if (!(ids = (int32_t *)malloc(cap * sizeof *ids))) { fprintf(stderr, "error: out of memory\n"); goto done; }
        r = m2_tokenize(model, work, text, (ptrdiff_t)text_len, ids, cap, &n, 0);
        if (r != M2_ERR_BUFFER_TOO_SMALL) break;
        free(ids);
        ids = NULL;
        cap = n;
    }
    if (r != M2_OK) { fprintf(stderr, "error: tokenising %s: %s\n", text_path, m2_result_str(r)); goto done; }
    if (n < 2) { fprintf(stderr, "error: %s has %lu token(s); at least 2 are needed\n", text_path, (unsigned long)n); goto done; }

    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads;
    /* a model with attention holds at most n_ctx tokens: --ctx sets it; without --ctx the state is
       reset whenever the default context is full */
    so.n_ctx = ctx > 0 && ctx < (1L << 24) ? (int)ctx : 0;
    if ((r = m2_session_create(&s, model, &so)) != M2_OK) { fprintf(stderr, "error: cannot create a session: %s\n", m2_result_str(r)); goto done; }
    if (ctx <= 0 && m2_session_options(s)->n_ctx > 0) ctx = m2_session_options(s)->n_ctx;
    V = m2_model_config(model)->vocab_rows;
    block = block_tokens(s, V);
    if (!(rows = (float *)malloc(block * (size_t)V * sizeof(float)))) { fprintf(stderr, "error: out of memory\n"); goto done; }

    t0 = ex_now();
    ex_progress_init(&prog);
    /* The last token only has to be scored, never fed. */
    for (t = 0; t < n - 1;) {
        size_t k = n - 1 - t, j;
        if (ctx > 0) {
            size_t window_end = (t / (size_t)ctx + 1) * (size_t)ctx;
            if (t % (size_t)ctx == 0) m2_session_reset(s);
            if (k > window_end - t) k = window_end - t;
        }
        if (k > block) k = block;
        if ((r = m2_prefill(s, ids + t, k, rows)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); goto done; }
        for (j = 0; j < k; j++) nll += token_nll(rows + j * (size_t)V, V, ids[t + j + 1]);
        t += k;
        scored += k;
        if (prog.on) {
            char extra[64];
            snprintf(extra, sizeof extra, "ppl %.4g", exp(nll / (double)scored));
            ex_progress_tick(&prog, (double)t, (double)(n - 1), "tok", extra);
        }
    }
    ex_progress_end(&prog);
    fprintf(stderr, "%lu tokens from %lu bytes, %lu scored, ctx %ld, %.2f s (%.0f tokens/s)\n",
            (unsigned long)n, (unsigned long)text_len, (unsigned long)scored, ctx, ex_now() - t0,
            (double)scored / (ex_now() - t0 + 1e-9));
    nll /= (double)scored;
    printf("tokens=%lu nll=%.6f ppl=%.4f\n", (unsigned long)n, nll, exp(nll));
    rc = 0;
done:
    free(rows);
    free(ids);
    free(text);
    m2_tokenize_work_destroy(work);
    m2_session_destroy(s);
    m2_model_close(model);
    return rc;
}
