/* example_tokenize: the model's tokenizer from the command line.

     ./example_tokenize MODEL [--no-special] [--add-special] < text
                                        prints the ids, space-separated, on one line
     ./example_tokenize MODEL --decode < ids
                                        writes exactly the decoded bytes (no newline)

   Input bytes that are not valid UTF-8 are tokenized as U+FFFD; decoded bytes that are not valid
   UTF-8 are written as U+FFFD. --no-special treats text like "<|endoftext|>" as plain text;
   --add-special applies the file's post-processor (the BOS/EOS its template adds). --decode runs
   the file's decoder chain as it is, with no clean-up of spaces. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"
#ifdef _WIN32
#include <fcntl.h> /* _O_BINARY */
#include <io.h>    /* _setmode */
#endif

/* all of stdin, in binary */
static char *read_stdin(size_t *len) {
    size_t cap = 1 << 16, n = 0, got;
    char *buf = (char *)malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = (char *)realloc(buf, cap *= 2);
            if (!grown) { free(buf); return NULL; }
            buf = grown;
        }
    }
    if (buf && ferror(stdin)) { free(buf); return NULL; }
    if (buf) buf[n] = 0;
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    const char *model_path = NULL;
    int no_special = 0, add_special = 0, decode = 0, i, rc = 1;
    unsigned flags;
    m2_model *model = NULL;
    m2_tokenize_work *work = NULL;
    char err[512], *input = NULL, *out = NULL;
    int32_t *ids = NULL;
    size_t len = 0, n = 0, k;
    m2_result r;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-special")) no_special = 1;
        else if (!strcmp(argv[i], "--decode")) decode = 1;
        else if (!strcmp(argv[i], "--add-special")) add_special = 1;
        else if (argv[i][0] == '-' && argv[i][1]) { fprintf(stderr, "error: unknown option %s\n", argv[i]); return 2; }
        else if (!model_path) model_path = argv[i];
        else { fprintf(stderr, "usage: example_tokenize MODEL [--no-special] [--add-special] | --decode < input\n"); return 2; }
    }
    flags = (no_special ? M2_TOKENIZE_NO_SPECIAL : 0u) | (add_special ? M2_TOKENIZE_ADD_SPECIAL : 0u);
    if (!model_path) { fprintf(stderr, "usage: example_tokenize MODEL [--no-special] [--add-special] | --decode < input\n"); return 2; }
    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); return 1; }
    if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s has no tokenizer (convert it with --tokenizer tokenizer.json)\n", model_path); goto done; }
#ifdef _WIN32
    /* text mode would turn "\r\n" into "\n" on input (and stop at a 0x1A byte), "\n" into "\r\n" on output */
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    input = read_stdin(&len);
    if (!input) { fprintf(stderr, "error: cannot read standard input\n"); goto done; }
    if (decode) {
        size_t out_len = 0;
        /* ids: decimal, separated by white space; the list may be empty */
        const char *p = input;
        ids = (int32_t *)malloc((len / 2 + 1) * sizeof *ids);
        if (!ids) { fprintf(stderr, "error: out of memory\n"); goto done; }
        for (;;) {
            char *end;
            long v;
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',') p++;
            if (!*p) break;
            if (*p < '0' || *p > '9') { fprintf(stderr, "error: not a token id at \"%.20s\"\n", p); goto done; }
            errno = 0;
            v = strtol(p, &end, 10);
            if (errno || v > INT32_MAX) { fprintf(stderr, "error: token id out of range at \"%.20s\"\n", p); goto done; }
            ids[n++] = (int32_t)v;
            p = end;
        }
        r = m2_detokenize(model, ids, n, NULL, 0, &out_len);
        if (r != M2_OK && r != M2_ERR_BUFFER_TOO_SMALL) {
            fprintf(stderr, "error: cannot decode: %s (an id is outside the vocabulary of %d)\n", m2_result_str(r), m2_model_config(model)->vocab_size);
            goto done;
        }
        out = (char *)malloc(out_len + 1);
        if (!out || m2_detokenize(model, ids, n, out, out_len, &out_len) != M2_OK) { fprintf(stderr, "error: cannot decode\n"); goto done; }
        if (fwrite(out, 1, out_len, stdout) != out_len) { fprintf(stderr, "error: cannot write\n"); goto done; }
    } else {
        size_t cap = len + 8;
        if ((r = m2_tokenize_work_create(&work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
        ids = (int32_t *)malloc(cap * sizeof *ids);
        if (!ids) { fprintf(stderr, "error: out of memory\n"); goto done; }
        r = m2_tokenize(model, work, input, (ptrdiff_t)len, ids, cap, &n, flags);
        if (r == M2_ERR_BUFFER_TOO_SMALL) { /* more ids than bytes: only if every byte became a U+FFFD run */
            int32_t *grown = (int32_t *)realloc(ids, n * sizeof *ids);
            if (!grown) { fprintf(stderr, "error: out of memory\n"); goto done; }
            ids = grown;
            r = m2_tokenize(model, work, input, (ptrdiff_t)len, ids, n, &n, flags);
        }
        if (r != M2_OK) { fprintf(stderr, "error: cannot tokenize: %s\n", m2_result_str(r)); goto done; }
        for (k = 0; k < n; k++) printf("%s%ld", k ? " " : "", (long)ids[k]);
        printf("\n");
    }
    if (fflush(stdout) != 0) goto done;
    rc = 0;
done:
    free(input);
    free(ids);
    free(out);
    m2_tokenize_work_destroy(work);
    m2_model_close(model);
    return rc;
}
