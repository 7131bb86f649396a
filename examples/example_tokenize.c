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

#define USAGE \
    "usage: example_tokenize MODEL [--no-special] [--add-special] < text     prints the ids, space-separated, on one line\n" \
    "       (--add-special: the post-processor's tokens, e.g. BOS, as the tokenizer's template adds them)\n" \
    "       example_tokenize MODEL --decode < ids           writes exactly the decoded bytes\n"

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
    int no_special = 0, add_special = 0, decode = 0, rc = 1;
    unsigned flags;
    ex_cli cli;
    const char *a;
    m2_model *model = NULL;
    m2_tokenize_work *work = NULL;
    char err[512], *input = NULL, *out = NULL;
    int32_t *ids = NULL;
    size_t len = 0, n = 0, k;
    m2_result r;
    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_flag(&cli, a, "--no-special", &no_special)) continue;
        if (ex_opt_flag(&cli, a, "--decode", &decode)) continue;
        if (ex_opt_flag(&cli, a, "--add-special", &add_special)) continue;
        ex_positional(&cli, a, &model_path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!model_path) { fprintf(stderr, "error: no MODEL given\n%s", USAGE); return 2; }
    if ((no_special || add_special) && decode) { fprintf(stderr, "error: %s and --decode exclude each other (it is for encoding)\n%s", no_special ? "--no-special" : "--add-special", USAGE); return 2; }
    flags = (no_special ? M2_TOKENIZE_NO_SPECIAL : 0u) | (add_special ? M2_TOKENIZE_ADD_SPECIAL : 0u);
    if (m2_model_open(&model, model_path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); return 1; }
    if (!m2_model_has_tokenizer(model)) { fprintf(stderr, "error: %s has no tokenizer (convert it with --tokenizer tokenizer.json)\n", model_path); goto done; }
#ifdef _WIN32
    /* text mode would turn "\r\n" into "\n" on input (and stop at a 0x1A byte), "\n" into "\r\n" on output */
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    input = read_stdin(&len);
    if (!input) { fprintf(stderr, "error: cannot read standard input: %s\n", strerror(errno)); goto done; }
    if (decode) {
        size_t out_len = 0;
        /* ids: decimal, separated by white space or commas; the list may be empty */
        if (!ex_parse_ids_ex(input, 1, &ids, &n)) goto done;
        r = m2_detokenize(model, ids, n, NULL, 0, &out_len);
        if (r != M2_OK && r != M2_ERR_BUFFER_TOO_SMALL) {
            fprintf(stderr, "error: cannot decode: %s (an id is outside the vocabulary of %d)\n", m2_result_str(r), m2_model_config(model)->vocab_size);
            goto done;
        }
        out = (char *)malloc(out_len + 1);
        if (!out || m2_detokenize(model, ids, n, out, out_len, &out_len) != M2_OK) { fprintf(stderr, "error: cannot decode\n"); goto done; }
        if (fwrite(out, 1, out_len, stdout) != out_len) { fprintf(stderr, "error: cannot write\n"); goto done; }
    } else {
        if ((r = m2_tokenize_work_create(&work, model, NULL)) != M2_OK) { fprintf(stderr, "error: %s\n", m2_result_str(r)); goto done; }
        /* the count first (ids NULL, cap 0), then exactly that many: the text's length is no bound */
        r = m2_tokenize(model, work, input, (ptrdiff_t)len, NULL, 0, &n, flags);
        if (r == M2_ERR_BUFFER_TOO_SMALL) {
            ids = (int32_t *)malloc(n * sizeof *ids);
            if (!ids) { fprintf(stderr, "error: out of memory\n"); goto done; }
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
