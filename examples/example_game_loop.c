/* example_game_loop: several characters, each with its own session, generating inside a 60 fps
   game loop without ever taking more than a small budget of each frame.

     ./example_game_loop MODEL [--characters 4] [--frames 600] [--budget-ms 2] [--threads 1]

   Each frame the library gets --budget-ms: characters take turns running one slice of their step
   (one layer, or a block of the lm_head) with m2_step_run until the budget is spent. Every 120 frames one
   character "leaves the scene": its session is saved to a file and destroyed; it comes back the next
   frame from that file and carries on. At the end: tokens per character, the worst and mean time
   per frame spent in the library, and each character's text when the model has a tokenizer.
   (The loop does not sleep between frames: it measures, it does not wait.) */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

#define MAX_CHARS 16
#define USAGE "usage: example_game_loop MODEL [--characters N (1-16, default 4)] [--frames N (default 600)]\n" \
              "                         [--budget-ms MS (default 2)] [--threads N (default 1)] [--ctx N]\n" \
              "(--ctx: tokens a character's session holds in a model with attention, default the model's; a\n" \
              " character whose context is full starts a new scene from its prompt)\n"

typedef struct character {
    m2_session *s;
    m2_sampler smp;
    int stepping;       /* a sliced step is in progress */
    int tokens;
    char path[256];     /* where it waits while off scene */
    int off_scene;
    char text[4096];
    size_t text_len;
    m2_decoder dec;
} character;

static int save_to_file(m2_session *s, const char *path) {
    size_t n = m2_session_state_size(s);
    void *buf = malloc(n);
    FILE *f;
    int ok = 0;
    if (!buf) return 0;
    if (m2_session_save(s, buf, n) == M2_OK && (f = fopen(path, "wb")) != NULL) {
        ok = fwrite(buf, 1, n, f) == n;
        ok = (fclose(f) == 0) && ok;
    }
    free(buf);
    return ok;
}

static int load_from_file(m2_session *s, const char *path) {
    FILE *f = fopen(path, "rb");
    long n;
    /* (fopen's reason, if it fails, is left in errno for the caller's message) */
    void *buf;
    int ok = 0;
    if (!f) return 0;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) != NULL) {
        ok = fread(buf, 1, (size_t)n, f) == (size_t)n && m2_session_load(s, buf, (size_t)n) == M2_OK;
        free(buf);
    }
    fclose(f);
    return ok;
}

int main(int argc, char **argv) {
    const char *model_path = NULL;
    long n_chars = 4, frames = 600, threads = 1, n_ctx = 0;
    ex_cli cli;
    const char *a;
    float budget_ms = 2.0f;
    m2_model *model = NULL;
    static character ch[MAX_CHARS]; /* ~70 KB: too much for a small stack (wasm32: 64 KB by default) */
    m2_session_opts so;
    char err[512];
    double worst = 0, total = 0;
    long f;
    int k, rc = 1, have_tok;
    m2_result r;
    static const char *prompts[] = {"The old knight said:", "The merchant laughed and", "Deep in the forest, the witch",
                                    "The little dragon wanted", "Captain Mara looked at the map and"};
    memset(ch, 0, sizeof ch);
    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_long(&cli, a, "--characters", &n_chars, 1, MAX_CHARS)) continue;
        if (ex_opt_long(&cli, a, "--frames", &frames, 1, 100000000L)) continue;
        if (ex_opt_float(&cli, a, "--budget-ms", &budget_ms, 0.0f, 1e6f, 1)) continue;
        if (ex_opt_long(&cli, a, "--threads", &threads, 0, 64)) continue;
        if (ex_opt_long(&cli, a, "--ctx", &n_ctx, 0, 1L << 24)) continue;
        ex_positional(&cli, a, &model_path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!model_path) { fprintf(stderr, "error: no MODEL given\n%s", USAGE); return 2; }
    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); return 1; }
    have_tok = m2_model_has_tokenizer(model);
    memset(&so, 0, sizeof so);
    so.n_threads = (int)threads; /* a game keeps its other cores: 1 by default */
    so.n_ctx = (int)n_ctx;
    for (k = 0; k < n_chars; k++) {
        m2_sampler_opts sopt;
        int32_t ids[64];
        size_t n = 0;
        if (m2_session_create(&ch[k].s, model, &so) != M2_OK) { fprintf(stderr, "error: cannot create a session\n"); goto done; }
        if (have_tok) {
            m2_tokenize_work *w;
            if (m2_tokenize_work_create(&w, model, NULL) != M2_OK) goto done;
            m2_tokenize(model, w, prompts[k % 5], -1, ids, 64, &n, 0);
            m2_tokenize_work_destroy(w);
        }
        if (n == 0) { ids[0] = (int32_t)(k + 1) % m2_model_config(model)->vocab_size; n = 1; }
        if (m2_prefill(ch[k].s, ids, n, NULL) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(ch[k].s)); goto done; }
        memset(&sopt, 0, sizeof sopt);
        sopt.temperature = 0.8f; sopt.top_k = 40; sopt.top_p = 0.9f; sopt.seed = (uint64_t)(k + 1);
        m2_sampler_init(&ch[k].smp, &sopt);
        m2_decoder_init(&ch[k].dec);
        snprintf(ch[k].path, sizeof ch[k].path, "game_character_%d.state", k);
        ch[k].text_len = (size_t)snprintf(ch[k].text, sizeof ch[k].text, "%s", have_tok ? prompts[k % 5] : "");
    }
    for (f = 0; f < frames; f++) {
        double t0 = ex_now(), spent = 0;
        int turn = (int)(f % n_chars), tries = 0;
        /* the scene: every 120 frames a character leaves (saved to disk), and comes back next frame */
        if (f % 120 == 60) {
            character *c = &ch[f / 120 % n_chars];
            if (!c->stepping && !c->off_scene) {
                if (!save_to_file(c->s, c->path)) { ex_cannot("save to", c->path); goto done; }
                m2_session_destroy(c->s);
                c->s = NULL;
                c->off_scene = 1;
            }
        } else if (f % 120 == 61) {
            character *c = &ch[f / 120 % n_chars];
            if (c->off_scene) {
                if (m2_session_create(&c->s, model, &so) != M2_OK || !load_from_file(c->s, c->path)) { fprintf(stderr, "error: cannot restore %s\n", c->path); goto done; }
                remove(c->path);
                c->off_scene = 0;
            }
        }
        /* slices, round robin, until this frame's budget is gone */
        while (spent < budget_ms * 1e-3 && tries < (int)n_chars * 8) {
            character *c = &ch[(turn + tries) % n_chars];
            int done = 0;
            tries++;
            if (c->off_scene) continue;
            if (!c->stepping) {
                int32_t id;
                char piece[512];
                size_t len = 0;
                if (m2_sample(c->s, &c->smp, &id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(c->s)); goto done; }
                if (have_tok && m2_decode_stream(model, &c->dec, id, piece, sizeof piece, &len) == M2_OK && c->text_len + len < sizeof c->text) {
                    memcpy(c->text + c->text_len, piece, len);
                    c->text_len += len;
                }
                r = m2_step_begin(c->s, id);
                if (r == M2_ERR_CONTEXT_FULL) { /* attention: the scene is over, a new one begins */
                    m2_session_reset(c->s);
                    if (m2_prefill(c->s, &id, 1, NULL) != M2_OK) goto done;
                    continue;
                }
                if (r != M2_OK) goto done;
                c->stepping = 1;
            }
            if (m2_step_run(c->s, 1, &done) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(c->s)); goto done; }
            if (done) { c->stepping = 0; c->tokens++; }
            spent = ex_now() - t0;
        }
        spent = ex_now() - t0;
        total += spent;
        if (spent > worst) worst = spent;
    }
    for (k = 0; k < n_chars; k++) {
        printf("character %d: %d tokens", k, ch[k].tokens);
        if (have_tok) printf(": %.*s", (int)ch[k].text_len, ch[k].text);
        printf("\n");
    }
    printf("%ld frames, budget %.2f ms: worst frame %.3f ms in the library, mean %.3f ms\n", frames, budget_ms, worst * 1e3, total / (double)frames * 1e3);
    rc = 0;
done:
    for (k = 0; k < n_chars; k++) {
        if (ch[k].s && ch[k].stepping) m2_step_cancel(ch[k].s);
        m2_session_destroy(ch[k].s);
        if (ch[k].off_scene) remove(ch[k].path);
    }
    m2_model_close(model);
    return rc;
}
