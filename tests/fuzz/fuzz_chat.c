/* fuzz_chat.c - libFuzzer harness: chat templates (m2_chat_template_check, m2_chat_render,
   m2_chat_render_json) on hostile templates and hostile JSON.

   Input: a flags byte, then the template, then (after the first NUL byte, if any) the variables.
     flags bit 0: render with the bytes after the NUL as the variables JSON (m2_chat_render_json);
                  clear: with a fixed conversation through m2_chat_render
     flags bit 1: add_generation_prompt (m2_chat_render)
     flags bit 2: bos_token / eos_token given

   Small caps (steps, memory, output, depth) keep each input fast; the counting allocator of
   fuzz_common.h sees every byte.

   Invariants:
   - every call returns a known code with a non-empty message on failure, and frees everything
     it allocated (on success and on every error path);
   - a rendering is valid UTF-8 (every string in the interpreter is: the template and the JSON are
     validated, literals and escapes encode characters, slices cut at character boundaries), is
     the same when rendered again, and a buffer one byte too small gives M2_ERR_BUFFER_TOO_SMALL
     with the same length;
   - the parse-only check agrees with rendering: what it refuses (M2_ERR_FORMAT /
     M2_ERR_UNSUPPORTED) rendering refuses with the same code; what it accepts never fails to
     parse when rendered (with the fixed conversation, whose variables cannot fail). */
#include "fuzz_common.h"

static const char *const seeds[] = {
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + "
    "'<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}"
    "{% endif %}{{ content }}{% endfor %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}",
    "{%- for message in messages %}\n    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}\n"
    "{%- endfor %}\n{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n",
    "{%- set ns = namespace(found=false, i=0) -%}{%- for m in messages[::-1] if m.role != 'system' %}{%- if not ns.found and m.role == 'user' %}"
    "{%- set ns.found = true %}{%- set ns.i = loop.index %}{%- endif %}{%- endfor %}{{ ns.i }} {{ messages[0].content.split(' ')[-1].strip('.') }}",
    "{% if tools is defined %}{{ tools | tojson(indent=2) }}{% endif %}{% for k, v in messages[0].items() %}{{ k }}={{ v|upper }};{% endfor %}"
    "{{ raise_exception('x') if messages|length > 9 }}{{ 1.5 * 2 // 1 ~ [1, 'a', none] }}{{ 'é'[::-1] }}",
};
static const char seed_vars[] = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi \\u00e9 \\ud83d\\ude00.\"}], "
                                "\"add_generation_prompt\": true, \"tools\": [{\"name\": \"f\", \"n\": 1.5e-7}]}";

static void write_seeds(const char *dir) {
    size_t k;
    for (k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        int json;
        for (json = 0; json < 2; json++) {
            char path[4096];
            FILE *f;
            snprintf(path, sizeof path, "%s/chat_%d_%d", dir, (int)k, json);
            if ((f = fopen(path, "wb")) != NULL) {
                unsigned char flags = (unsigned char)(json | 2 | 4);
                fwrite(&flags, 1, 1, f);
                fwrite(seeds[k], 1, strlen(seeds[k]), f);
                if (json) { fputc(0, f); fwrite(seed_vars, 1, sizeof seed_vars - 1, f); }
                fclose(f);
            }
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    if (getenv("FUZZ_WRITE_SEEDS")) write_seeds(getenv("FUZZ_WRITE_SEEDS"));
    return 0;
}

static int known_code(m2_result r) {
    return r == M2_OK || r == M2_ERR_FORMAT || r == M2_ERR_UNSUPPORTED || r == M2_ERR_INVALID_ARGUMENT ||
           r == M2_ERR_OUT_OF_MEMORY || r == M2_ERR_BUFFER_TOO_SMALL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char out[1 << 16], out2[1 << 16];
    char err[256];
    fuzz_budget budget;
    m2_chat_opts o;
    m2_chat_message msgs[4];
    const char *tmpl, *vars = NULL, *nul;
    size_t tmpl_n, vars_n = 0, len = 0, len2 = 0;
    unsigned flags;
    m2_result check, r, r2;
    if (size < 1) return 0;
    flags = data[0];
    tmpl = (const char *)data + 1;
    tmpl_n = size - 1;
    nul = (const char *)memchr(tmpl, 0, tmpl_n);
    if (nul) { vars = nul + 1; vars_n = tmpl_n - (size_t)(nul + 1 - tmpl); tmpl_n = (size_t)(nul - tmpl); }

    memset(&o, 0, sizeof o);
    o.alloc = fuzz_allocator(&budget);
    o.max_steps = 200000;
    o.max_memory = (size_t)8 << 20;
    o.max_output = sizeof out - 1;
    if (flags & 4) { o.bos_token = "<s>"; o.eos_token = "</s>"; }
    msgs[0].role = "system"; msgs[0].content = "  Be brief.  ";
    msgs[1].role = "user"; msgs[1].content = "Hi \xc3\xa9\n";
    msgs[2].role = "assistant"; msgs[2].content = "<think>x</think> Hello";
    msgs[3].role = "user"; msgs[3].content = "Q2";

    err[0] = 0;
    check = m2_chat_template_check(tmpl, (ptrdiff_t)tmpl_n, &o, err, sizeof err);
    FUZZ_CHECK(budget.live == 0);
    FUZZ_CHECK(check == M2_OK || ((check == M2_ERR_FORMAT || check == M2_ERR_UNSUPPORTED || check == M2_ERR_OUT_OF_MEMORY) && err[0]));

    err[0] = 0;
    if ((flags & 1) && vars)
        r = m2_chat_render_json(tmpl, (ptrdiff_t)tmpl_n, vars, (ptrdiff_t)vars_n, &o, out, sizeof out, &len, err, sizeof err);
    else
        r = m2_chat_render(tmpl, (ptrdiff_t)tmpl_n, msgs, 4, (flags & 2) != 0, &o, out, sizeof out, &len, err, sizeof err);
    FUZZ_CHECK(budget.live == 0);
    FUZZ_CHECK(known_code(r));
    FUZZ_CHECK(r == M2_OK || err[0] || r == M2_ERR_INVALID_ARGUMENT); /* raise_exception('') may leave it empty */
    if (check == M2_ERR_FORMAT || check == M2_ERR_UNSUPPORTED) FUZZ_CHECK(r == check);
    if (check == M2_OK && !((flags & 1) && vars)) FUZZ_CHECK(r != M2_ERR_FORMAT);
    if (r != M2_OK) return 0;
    FUZZ_CHECK(len < sizeof out && out[len] == 0);
    FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)out, len));

    /* again: the same text; then one byte short */
    if ((flags & 1) && vars)
        r2 = m2_chat_render_json(tmpl, (ptrdiff_t)tmpl_n, vars, (ptrdiff_t)vars_n, &o, out2, sizeof out2, &len2, err, sizeof err);
    else
        r2 = m2_chat_render(tmpl, (ptrdiff_t)tmpl_n, msgs, 4, (flags & 2) != 0, &o, out2, sizeof out2, &len2, err, sizeof err);
    FUZZ_CHECK(r2 == M2_OK && len2 == len && memcmp(out, out2, len) == 0);
    if ((flags & 1) && vars)
        r2 = m2_chat_render_json(tmpl, (ptrdiff_t)tmpl_n, vars, (ptrdiff_t)vars_n, &o, out2, len, &len2, err, sizeof err);
    else
        r2 = m2_chat_render(tmpl, (ptrdiff_t)tmpl_n, msgs, 4, (flags & 2) != 0, &o, out2, len, &len2, err, sizeof err);
    FUZZ_CHECK(r2 == M2_ERR_BUFFER_TOO_SMALL && len2 == len);
    FUZZ_CHECK(budget.live == 0);
    return 0;
}
