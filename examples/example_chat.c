/* example_chat: chat with an instruct model through its chat template.

     ./example_chat MODEL [--system TEXT] [--template FILE] [--prompt TEXT] [-n N] [--temp T]
                    [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S]
                    [--threads N] [--stop TEXT]...
     ./example_chat [MODEL] --render [--template FILE]  < vars.json

   Chat: each line read from stdin is a user turn; the reply streams to stdout, followed by a
   newline. With --prompt TEXT it answers that one message and exits (for scripts and tests).
   The session keeps its state between turns instead of re-reading the history: each turn the
   whole conversation is rendered, and when the text already fed is a prefix of the new rendering
   only the rest is fed. When it is not (a template that rewrites earlier turns, e.g. one that
   drops the reasoning of past replies) the conversation is fed again from the start, and a note on
   stderr says so. A reply ends at the model's EOS token, at the template's end-of-turn marker (the
   text the template writes right after an assistant message, up to its first '>' or white space,
   e.g. "<|eot_id|>" or "<|im_end|>"), at -n tokens, or at a --stop TEXT.

   --render: reads ONE JSON object from stdin, {"messages": [...], "add_generation_prompt": true,
   ...} where every other top-level key ("tools", "enable_thinking", ...) is a template variable,
   and writes the rendered prompt to stdout exactly, nothing added. bos_token and eos_token come
   from MODEL (a key in the JSON overrides them); with --template FILE no MODEL is needed. A
   template that raises an error (e.g. roles that do not alternate) exits 1 with its message.

   --template FILE renders with FILE instead of the model's own template. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

static int usage(void) {
    fprintf(stderr,
            "usage: example_chat MODEL [--system TEXT] [--template FILE] [--prompt TEXT] [-n N] [--temp T] [--top-k K]\n"
            "                    [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--threads N] [--stop TEXT]...\n"
            "       example_chat [MODEL] --render [--template FILE] < vars.json\n"
            "defaults: -n 512 tokens per reply, --temp 0.7 (0 = greedy), --top-k 0 (off), --top-p 0.9, --min-p 0 (off),\n"
            "          --repeat-penalty 1.0 (off), a fixed seed (--seed -1 = from the clock)\n");
    return 2;
}

/* The model's own chat template (the converter packs tokenizer_config.json's chat_template). */
static int model_chat_template(const m2_model *model, const char **text, size_t *len) {
    return m2_model_chat_template(model, text, len) == M2_OK;
}

/* Reads a whole stream into a NUL-terminated buffer. */
static char *read_all(FILE *f, size_t *len) {
    size_t cap = 65536, n = 0;
    char *buf = (char *)malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap) { if (ferror(f)) { free(buf); return NULL; } break; }
        {
            char *g = (char *)realloc(buf, cap * 2);
            if (!g) { free(buf); return NULL; }
            buf = g;
            cap *= 2;
        }
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* One line of stdin without its newline, or NULL at the end. */
static char *read_line(void) {
    size_t cap = 256, n = 0;
    char *buf = (char *)malloc(cap);
    int c;
    if (!buf) return NULL;
    while ((c = getchar()) != EOF && c != '\n') {
        if (n + 2 > cap) {
            char *g = (char *)realloc(buf, cap * 2);
            if (!g) { free(buf); return NULL; }
            buf = g;
            cap *= 2;
        }
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) { free(buf); return NULL; }
    if (n && buf[n - 1] == '\r') n--;
    buf[n] = 0;
    return buf;
}

/* Renders into a new buffer (msgs, or vars_json when msgs is NULL); NULL with err set on failure. */
static char *render(const char *tmpl, size_t tmpl_len, const m2_chat_message *msgs, size_t n_msgs, int gen_prompt,
                    const char *vars_json, size_t json_len, const m2_chat_opts *opts, size_t *len, char *err, size_t err_size) {
    size_t cap = 4096;
    for (;;) {
        char *buf = (char *)malloc(cap);
        m2_result r;
        if (!buf) { snprintf(err, err_size, "out of memory"); return NULL; }
        r = msgs || !vars_json
                ? m2_chat_render(tmpl, (ptrdiff_t)tmpl_len, msgs, n_msgs, gen_prompt, opts, buf, cap, len, err, err_size)
                : m2_chat_render_json(tmpl, (ptrdiff_t)tmpl_len, vars_json, (ptrdiff_t)json_len, opts, buf, cap, len, err, err_size);
        if (r == M2_OK) return buf;
        free(buf);
        if (r != M2_ERR_BUFFER_TOO_SMALL) return NULL;
        cap = *len + 1;
    }
}

/* A special token's text (BOS / EOS) for the template, or NULL. Owned by the model. */
static const char *token_text(const m2_model *model, int id, char *buf, size_t cap) {
    const char *p;
    size_t n;
    if (!model || id < 0 || m2_token_bytes(model, id, &p, &n) != M2_OK || n + 1 > cap) return NULL;
    memcpy(buf, p, n);
    buf[n] = 0;
    return buf;
}

/* The end-of-turn marker: what the template writes right after an assistant message's content. */
static void end_of_turn_marker(const char *tmpl, size_t tmpl_len, const m2_chat_opts *opts, char *marker, size_t cap) {
    static const char content[] = "Qx7ReplyMarker";
    m2_chat_message probe[3];
    char err[256], *text;
    const char *at;
    size_t len, k = 0;
    marker[0] = 0;
    probe[0].role = "user"; probe[0].content = "Hello";
    probe[1].role = "assistant"; probe[1].content = content;
    probe[2].role = "user"; probe[2].content = "Bye";
    text = render(tmpl, tmpl_len, probe, 3, 1, NULL, 0, opts, &len, err, sizeof err);
    if (!text) return;
    at = strstr(text, content);
    if (at) {
        at += sizeof content - 1;
        if (*at == '<') { while (at[k] && at[k] != '>' && k + 2 < cap) k++; if (at[k] == '>') k++; else k = 0; }
        else while (at[k] && at[k] != ' ' && at[k] != '\n' && at[k] != '\t' && k + 1 < cap) k++;
        memcpy(marker, at, k);
        marker[k] = 0;
    }
    free(text);
}

typedef struct chat_state {
    const m2_model *model;
    m2_session *s;
    m2_tokenize_work *work;
    m2_sampler smp;
    char *fed;           /* the text the session has consumed so far */
    size_t fed_len;
} chat_state;

/* Feeds text (tokenized on its own) into the session. */
static int feed_text(chat_state *cs, const char *text, size_t len) {
    size_t cap = len + 1, n = 0;
    int32_t *ids = (int32_t *)malloc(cap * sizeof *ids);
    m2_result r;
    char *grown;
    if (!ids) return 0;
    r = m2_tokenize(cs->model, cs->work, text, (ptrdiff_t)len, ids, cap, &n, 0);
    if (r == M2_OK && n) r = m2_prefill(cs->s, ids, n, NULL);
    free(ids);
    if (r != M2_OK) { fprintf(stderr, "error: cannot feed the prompt: %s\n", m2_result_str(r)); return 0; }
    grown = (char *)realloc(cs->fed, cs->fed_len + len + 1);
    if (!grown) return 0;
    cs->fed = grown;
    memcpy(cs->fed + cs->fed_len, text, len);
    cs->fed_len += len;
    cs->fed[cs->fed_len] = 0;
    return 1;
}

/* Brings the session to the end of this rendering: only the new part when the fed text is its prefix. */
static int sync_prompt(chat_state *cs, const char *rendered, size_t len) {
    if (cs->fed_len <= len && (cs->fed_len == 0 || memcmp(cs->fed, rendered, cs->fed_len) == 0))
        return feed_text(cs, rendered + cs->fed_len, len - cs->fed_len);
    fprintf(stderr, "note: the template renders the earlier conversation differently now: feeding it again from the start\n");
    m2_session_reset(cs->s);
    cs->fed_len = 0;
    return feed_text(cs, rendered, len);
}

/* Generates one reply into *reply (malloc'd, the visible text); the session consumes what it samples. */
static int generate(chat_state *cs, long n_gen, const char *const *stops, int n_stops, char **reply) {
    m2_stop stopper;
    m2_decoder dec;
    size_t cap = 1024, n = 0;
    char *out = (char *)malloc(cap);
    int eos = m2_model_config(cs->model)->eos_id, stopped = 0;
    long k;
    if (!out || m2_stop_init(&stopper, stops, n_stops) != M2_OK) { free(out); return 0; }
    m2_decoder_init(&dec);
    for (k = 0; k < n_gen && !stopped; k++) {
        int32_t id;
        char piece[1024], shown[1024 + M2_STOP_MAX];
        size_t plen = 0, slen = 0;
        if (m2_sample(cs->s, &cs->smp, &id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(cs->s)); free(out); return 0; }
        if (id == eos) break;
        if (m2_decode_stream(cs->model, &dec, id, piece, sizeof piece, &plen) != M2_OK) plen = 0;
        stopped = m2_stop_feed(&stopper, piece, plen, shown, &slen);
        if (n + slen + 1 > cap) {
            char *g;
            while (n + slen + 1 > cap) cap *= 2;
            g = (char *)realloc(out, cap);
            if (!g) { free(out); return 0; }
            out = g;
        }
        memcpy(out + n, shown, slen);
        n += slen;
        fwrite(shown, 1, slen, stdout);
        fflush(stdout);
        if (stopped) break; /* the token that completed a stop text is not fed */
        {   /* the session consumes the token: remember its text as fed */
            const char *tb;
            size_t tl;
            char *g;
            if (m2_step(cs->s, id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(cs->s)); free(out); return 0; }
            if (m2_token_bytes(cs->model, id, &tb, &tl) != M2_OK) tl = 0;
            g = (char *)realloc(cs->fed, cs->fed_len + tl + 1);
            if (!g) { free(out); return 0; }
            cs->fed = g;
            memcpy(cs->fed + cs->fed_len, tb, tl);
            cs->fed_len += tl;
            cs->fed[cs->fed_len] = 0;
        }
    }
    if (!stopped) {
        char tail[64], shown[64 + M2_STOP_MAX];
        size_t tl = 0, slen = 0;
        if (m2_decoder_flush(&dec, tail, sizeof tail, &tl) == M2_OK && !m2_stop_feed(&stopper, tail, tl, shown, &slen))
            slen += m2_stop_flush(&stopper, shown + slen);
        if (n + slen + 1 > cap) { char *g = (char *)realloc(out, n + slen + 1); if (!g) { free(out); return 0; } out = g; }
        memcpy(out + n, shown, slen);
        n += slen;
        fwrite(shown, 1, slen, stdout);
    }
    out[n] = 0;
    printf("\n");
    fflush(stdout);
    *reply = out;
    return 1;
}

int main(int argc, char **argv) {
    const char *model_path = NULL, *template_path = NULL, *system = NULL, *prompt = NULL, *stops[M2_STOP_SEQS];
    int n_stops = 0, render_mode = 0, i, rc = 1;
    long n_gen = 512, threads = 0, seed = 42, top_k = 0;
    float temp = 0.7f, top_p = 0.9f, min_p = 0.0f, rep = 1.0f;
    char default_path[4096], err[1024], bos_buf[256], eos_buf[256], marker[M2_STOP_MAX];
    char *tmpl_owned = NULL;
    const char *tmpl = NULL;
    size_t tmpl_len = 0;
    m2_model *model = NULL;
    m2_chat_opts copts;
    chat_state cs;
    m2_chat_message *msgs = NULL;
    size_t n_msgs = 0;
    m2_result r;

    memset(&cs, 0, sizeof cs);
    memset(&copts, 0, sizeof copts);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--template") && has_val) template_path = argv[++i];
        else if (!strcmp(a, "--system") && has_val) system = argv[++i];
        else if (!strcmp(a, "--prompt") && has_val) prompt = argv[++i];
        else if (!strcmp(a, "--render")) render_mode = 1;
        else if (!strcmp(a, "-n") && has_val) { if (!ex_parse_long(argv[++i], &n_gen) || n_gen < 0) { fprintf(stderr, "error: bad -n\n"); return 2; } }
        else if (!strcmp(a, "--temp") && has_val) { if (!ex_parse_float(argv[++i], &temp) || !(temp >= 0.0f)) { fprintf(stderr, "error: bad --temp\n"); return 2; } }
        else if (!strcmp(a, "--top-k") && has_val) { if (!ex_parse_long(argv[++i], &top_k) || top_k < 0 || top_k > INT32_MAX) { fprintf(stderr, "error: bad --top-k\n"); return 2; } }
        else if (!strcmp(a, "--top-p") && has_val) { if (!ex_parse_float(argv[++i], &top_p) || !(top_p >= 0.0f && top_p <= 1.0f)) { fprintf(stderr, "error: bad --top-p\n"); return 2; } }
        else if (!strcmp(a, "--min-p") && has_val) { if (!ex_parse_float(argv[++i], &min_p) || !(min_p >= 0.0f && min_p <= 1.0f)) { fprintf(stderr, "error: bad --min-p\n"); return 2; } }
        else if (!strcmp(a, "--repeat-penalty") && has_val) { if (!ex_parse_float(argv[++i], &rep) || !(rep > 0.0f)) { fprintf(stderr, "error: bad --repeat-penalty\n"); return 2; } }
        else if (!strcmp(a, "--seed") && has_val) { if (!ex_parse_long(argv[++i], &seed)) { fprintf(stderr, "error: bad --seed\n"); return 2; } }
        else if (!strcmp(a, "--threads") && has_val) { if (!ex_parse_long(argv[++i], &threads) || threads < 0 || threads > 1024) { fprintf(stderr, "error: bad --threads\n"); return 2; } }
        else if (!strcmp(a, "--stop") && has_val) { if (n_stops == M2_STOP_SEQS - 1 || !argv[i + 1][0] || strlen(argv[i + 1]) >= M2_STOP_MAX) { fprintf(stderr, "error: at most %d --stop texts of 1..%d bytes\n", M2_STOP_SEQS - 1, M2_STOP_MAX - 1); return 2; } stops[n_stops++] = argv[++i]; }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) return usage();
        else if (a[0] == '-' && a[1]) { fprintf(stderr, "error: unknown option %s\n", a); return usage(); }
        else if (!model_path) model_path = a;
        else return usage();
    }
    if (model_path && !ex_is_file(model_path)) { fprintf(stderr, "error: %s is not a file\n", model_path); return 2; }
    if (!model_path && !(render_mode && template_path)) {
        model_path = ex_find_default_model(argv[0], default_path, sizeof default_path);
        if (!model_path) { fprintf(stderr, "error: no MODEL given and %s not found here or beside the executable\n", EX_DEFAULT_MODEL); return usage(); }
    }
    if (model_path && m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); goto done; }
    if (template_path) {
        FILE *f = fopen(template_path, "rb");
        if (!f || !(tmpl_owned = read_all(f, &tmpl_len))) { fprintf(stderr, "error: cannot read %s\n", template_path); if (f) fclose(f); goto done; }
        fclose(f);
        tmpl = tmpl_owned;
    } else if (!model_chat_template(model, &tmpl, &tmpl_len)) {
        fprintf(stderr, "error: %s carries no chat template: give one with --template FILE\n", model_path);
        goto done;
    }
    if (model) {
        copts.bos_token = token_text(model, m2_model_config(model)->bos_id, bos_buf, sizeof bos_buf);
        copts.eos_token = token_text(model, m2_model_config(model)->eos_id, eos_buf, sizeof eos_buf);
    }

    if (render_mode) {
        size_t json_len, out_len;
        char *json = read_all(stdin, &json_len), *text;
        if (!json) { fprintf(stderr, "error: cannot read stdin\n"); goto done; }
        text = render(tmpl, tmpl_len, NULL, 0, 0, json, json_len, &copts, &out_len, err, sizeof err);
        free(json);
        if (!text) { fprintf(stderr, "error: %s\n", err); goto done; }
        rc = fwrite(text, 1, out_len, stdout) == out_len && fflush(stdout) == 0 ? 0 : 1;
        free(text);
        goto done;
    }

    /* chat */
    if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s has no tokenizer\n", model_path); goto done; }
    if (m2_chat_template_check(tmpl, (ptrdiff_t)tmpl_len, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: the chat template: %s\n", err); goto done; }
    end_of_turn_marker(tmpl, tmpl_len, &copts, marker, sizeof marker);
    if (marker[0]) stops[n_stops++] = marker;
    {
        m2_session_opts so;
        memset(&so, 0, sizeof so);
        so.n_threads = (int)threads;
        if ((r = m2_session_create(&cs.s, model, &so)) != M2_OK) { fprintf(stderr, "error: cannot create a session: %s\n", m2_result_str(r)); goto done; }
        if ((r = m2_tokenize_work_create(&cs.work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
        ex_sampler_init(&cs.smp, temp, top_k, top_p, min_p, rep, seed);
    }
    cs.model = model;
    msgs = (m2_chat_message *)malloc(sizeof *msgs * 2);
    if (!msgs) goto done;
    if (system) { msgs[0].role = "system"; msgs[0].content = system; n_msgs = 1; }
    for (;;) {
        char *line, *text, *reply = NULL;
        size_t len;
        m2_chat_message *g;
        if (prompt) {
            if (n_msgs && !strcmp(msgs[n_msgs - 1].role, "assistant")) break; /* --prompt: one answer */
            line = (char *)malloc(strlen(prompt) + 1);
            if (!line) goto done;
            strcpy(line, prompt);
        } else {
            fprintf(stderr, "> ");
            fflush(stderr);
            line = read_line();
            if (!line) break;
            if (!line[0]) { free(line); continue; }
        }
        g = (m2_chat_message *)realloc(msgs, sizeof *msgs * (n_msgs + 2));
        if (!g) { free(line); goto done; }
        msgs = g;
        msgs[n_msgs].role = "user";
        msgs[n_msgs++].content = line;
        text = render(tmpl, tmpl_len, msgs, n_msgs, 1, NULL, 0, &copts, &len, err, sizeof err);
        if (!text) { fprintf(stderr, "error: %s\n", err); goto done; }
        if (!sync_prompt(&cs, text, len)) { free(text); goto done; }
        free(text);
        if (!generate(&cs, n_gen, stops, n_stops, &reply)) goto done;
        msgs[n_msgs].role = "assistant";
        msgs[n_msgs++].content = reply;
    }
    rc = 0;
done:
    if (msgs) {
        size_t k;
        for (k = system ? 1 : 0; k < n_msgs; k++) free((void *)msgs[k].content);
        free(msgs);
    }
    free(cs.fed);
    free(tmpl_owned);
    m2_tokenize_work_destroy(cs.work);
    m2_session_destroy(cs.s);
    m2_model_close(model);
    return rc;
}
