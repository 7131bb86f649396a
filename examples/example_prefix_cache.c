/* example_prefix_cache: process a long shared prompt once, then start many sessions from it.

     ./example_prefix_cache MODEL [--prefix-tokens 512] [--sessions 8] [--threads N]

   A system prompt or a game's shared lore is the same for every conversation: prefill it once, keep
   the session's state (a fixed few MB, whatever the prompt's length) as a snapshot, and begin each
   new conversation by loading that snapshot instead of reprocessing the prompt. The program checks
   that a session started from the snapshot gives exactly the logits of one that processed the whole
   prompt itself, and prints both timings. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

#define USAGE "usage: example_prefix_cache MODEL [--prefix-tokens N (1-1048576, default 512)] [--sessions N (1-1024, default 8)]\n" \
              "                            [--threads N]\n"

int main(int argc, char **argv) {
    const char *model_path = NULL;
    long n_prefix = 512, n_sessions = 8, threads = 0, i;
    ex_cli cli;
    const char *a;
    m2_model *model = NULL;
    m2_session *base = NULL, *fresh = NULL, **sessions = NULL;
    m2_session_opts so;
    char err[512];
    int32_t *prefix = NULL, suffix;
    unsigned char *snapshot = NULL;
    size_t snap_size, V;
    double t0, t_prefill, t_restore_total = 0;
    int rc = 1, exact = 1;
    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_long(&cli, a, "--prefix-tokens", &n_prefix, 1, 1L << 20)) continue;
        if (ex_opt_long(&cli, a, "--sessions", &n_sessions, 1, 1024)) continue;
        if (ex_opt_long(&cli, a, "--threads", &threads, 0, 1024)) continue;
        ex_positional(&cli, a, &model_path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!model_path) { fprintf(stderr, "error: no MODEL given\n%s", USAGE); return 2; }
    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); return 1; }
    V = (size_t)m2_model_config(model)->vocab_rows;
    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads;
    so.n_ctx = (int)n_prefix + 16; /* a model with attention: the prefix and what each session adds */
    prefix = (int32_t *)malloc((size_t)n_prefix * sizeof *prefix);
    sessions = (m2_session **)calloc((size_t)n_sessions, sizeof *sessions);
    if (!prefix || !sessions) goto done;
    for (i = 0; i < n_prefix; i++) prefix[i] = (int32_t)((i * 7919 + 11) % m2_model_config(model)->vocab_size);

    /* once: the shared prompt, then its snapshot */
    if (m2_session_create(&base, model, &so) != M2_OK) goto done;
    t0 = ex_now();
    if (m2_prefill(base, prefix, (size_t)n_prefix, NULL) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(base)); goto done; }
    t_prefill = ex_now() - t0;
    snap_size = m2_session_state_size(base);
    snapshot = (unsigned char *)malloc(snap_size);
    if (!snapshot || m2_session_save(base, snapshot, snap_size) != M2_OK) goto done;

    /* many conversations, each from the snapshot, each with its own continuation */
    for (i = 0; i < n_sessions; i++) {
        if (m2_session_create(&sessions[i], model, &so) != M2_OK) goto done;
        t0 = ex_now();
        if (m2_session_load(sessions[i], snapshot, snap_size) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(sessions[i])); goto done; }
        t_restore_total += ex_now() - t0;
        suffix = (int32_t)((i * 31 + 5) % m2_model_config(model)->vocab_size);
        if (m2_step(sessions[i], suffix) != M2_OK) goto done;
    }
    /* the check: a session that processed the prompt itself agrees exactly */
    if (m2_session_create(&fresh, model, &so) != M2_OK || m2_prefill(fresh, prefix, (size_t)n_prefix, NULL) != M2_OK ||
        m2_step(fresh, (int32_t)(5 % m2_model_config(model)->vocab_size)) != M2_OK) goto done;
    exact = memcmp(m2_session_logits(fresh), m2_session_logits(sessions[0]), V * sizeof(float)) == 0;
    printf("prefix of %ld tokens: prefill %.1f ms once; snapshot %.2f MB; restoring it %.3f ms per session (%ld sessions)\n",
           n_prefix, t_prefill * 1e3, (double)snap_size / 1e6, t_restore_total / (double)n_sessions * 1e3, n_sessions);
    printf("a session started from the snapshot %s a session that processed the prompt itself\n", exact ? "gives exactly the logits of" : "DIFFERS from");
    rc = exact ? 0 : 1;
done:
    if (rc && !exact) fprintf(stderr, "error: the restored session differs\n");
    for (i = 0; sessions && i < n_sessions; i++) m2_session_destroy(sessions[i]);
    free(sessions);
    free(prefix);
    free(snapshot);
    m2_session_destroy(base);
    m2_session_destroy(fresh);
    m2_model_close(model);
    return rc;
}
