/* Small helpers shared by the example programs (not part of the library). */
#ifndef EXAMPLE_COMMON_H
#define EXAMPLE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <stdarg.h>
#if defined(_WIN32)
#include <io.h>
#define EX_ISATTY_FD(fd) _isatty(fd)
#else
#include <unistd.h>
#define EX_ISATTY_FD(fd) isatty(fd)
#endif

/* stderr is a terminal (progress lines are drawn only then) */
static inline int ex_isatty_stderr(void) { return EX_ISATTY_FD(2) != 0; }

/* Parses "1,2,3" or "1 2 3" (one comma between ids, white space anywhere) into a new array. Returns
   0 and prints why on a malformed list ("1,,2", "1,", "1;2", "-1", an id over 2^31-1); an empty
   list is an error too unless allow_empty. */
static inline int ex_parse_ids_ex(const char *text, int allow_empty, int32_t **ids_out, size_t *n_out) {
    size_t n = 0, cap = 16;
    int32_t *ids = (int32_t *)malloc(cap * sizeof *ids);
    const char *p = text;
    int comma = 0; /* a comma was just passed: an id must follow */
    if (!ids) { fprintf(stderr, "error: out of memory\n"); return 0; }
    for (;;) {
        char *end;
        long v;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p && !comma) break;
        if (*p < '0' || *p > '9') {
            if (!*p || *p == ',') fprintf(stderr, "error: malformed token id list: an empty item %s\n", *p ? "between commas" : "after the last comma");
            else fprintf(stderr, "error: malformed token id list at \"%.20s\" (want decimal ids like 1,2,3)\n", p);
            free(ids);
            return 0;
        }
        errno = 0;
        v = strtol(p, &end, 10);
        if (errno || v > INT32_MAX || (*end && *end != ',' && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r')) {
            fprintf(stderr, "error: malformed or too large token id at \"%.20s\" (at most %ld)\n", p, (long)INT32_MAX);
            free(ids);
            return 0;
        }
        if (n == cap) {
            int32_t *grown = (int32_t *)realloc(ids, (cap *= 2) * sizeof *ids);
            if (!grown) { free(ids); fprintf(stderr, "error: out of memory\n"); return 0; }
            ids = grown;
        }
        ids[n++] = (int32_t)v;
        p = end;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        comma = *p == ',';
        if (comma) p++;
    }
    if (n == 0 && !allow_empty) {
        fprintf(stderr, "error: the token id list is empty\n");
        free(ids);
        return 0;
    }
    *ids_out = ids;
    *n_out = n;
    return 1;
}
static inline int ex_parse_ids(const char *text, int32_t **ids_out, size_t *n_out) { return ex_parse_ids_ex(text, 0, ids_out, n_out); }

static inline double ex_now(void) {
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
}

/* Parses a whole-string number; returns 0 if the text is not one (or not finite). */
static inline int ex_parse_long(const char *s, long *out) {
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    return s[0] && !*end && !errno;
}
static inline int ex_parse_float(const char *s, float *out) {
    char *end;
    errno = 0;
    *out = strtof(s, &end);
    return s[0] && !*end && !errno && *out - *out == 0.0f; /* "inf" and "nan" parse, but are no value */
}

/* ---- the command line, shared by every program ----
   ex_cli walks argv; each program tries its options in turn on the current argument:

       ex_cli cli;
       const char *a;
       ex_cli_init(&cli, argc, argv, USAGE);            USAGE starts "usage:"
       while ((a = ex_cli_next(&cli)) != NULL) {
           if (ex_opt_long(&cli, a, "-n", &n, 0, 100000)) continue;
           if (ex_opt_flag(&cli, a, "--print-ids", &print_ids)) continue;
           ex_positional(&cli, a, &model_path, &prompt, NULL);   else: unknown option / extra argument
       }
       if (cli.done) return cli.status;

   -h / --help print the usage on stdout (status 0); every mistake prints one "error: ..." line and
   the usage on stderr (status 2). Once cli.done is set ex_cli_next returns NULL. */
typedef struct ex_cli {
    int argc, i;
    char **argv;
    const char *usage;
    int done;   /* stop parsing: --help, or an error */
    int status; /* exit status when done */
} ex_cli;

static inline void ex_cli_init(ex_cli *c, int argc, char **argv, const char *usage) {
    c->argc = argc; c->argv = argv; c->i = 0; c->usage = usage; c->done = 0; c->status = 0;
}

/* Prints "error: <message>" and the usage on stderr; parsing stops with status 2. Returns 1. */
static inline int ex_cli_error(ex_cli *c, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "error: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", c->usage);
    c->done = 1;
    c->status = 2;
    return 1;
}

static inline const char *ex_cli_next(ex_cli *c) {
    const char *a;
    if (c->done || ++c->i >= c->argc) return NULL;
    a = c->argv[c->i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
        fputs(c->usage, stdout);
        c->done = 1;
        c->status = 0;
        return NULL;
    }
    return a;
}

/* The value of option `name` when a is it: returns 1 and sets *value, or reports the missing value.
   The value may begin with '-' (a negative number). */
static inline int ex_opt_str(ex_cli *c, const char *a, const char *name, const char **value) {
    if (strcmp(a, name) != 0) return 0;
    if (c->i + 1 >= c->argc) return ex_cli_error(c, "%s needs a value", name);
    *value = c->argv[++c->i];
    return 1;
}

static inline int ex_opt_flag(ex_cli *c, const char *a, const char *name, int *flag) {
    (void)c;
    if (strcmp(a, name) != 0) return 0;
    *flag = 1;
    return 1;
}

/* An integer option in [lo, hi]; the message states the limit that was broken. */
static inline int ex_opt_long(ex_cli *c, const char *a, const char *name, long *out, long lo, long hi) {
    const char *v = NULL;
    long x;
    if (!ex_opt_str(c, a, name, &v)) return 0;
    if (c->done) return 1;
    if (!ex_parse_long(v, &x)) return ex_cli_error(c, "%s %s: not an integer (%ld to %ld)", name, v, lo, hi);
    if (x < lo) return ex_cli_error(c, "%s %s: at least %ld", name, v, lo);
    if (x > hi) return ex_cli_error(c, "%s %s: at most %ld", name, v, hi);
    *out = x;
    return 1;
}

/* A finite number option in [lo, hi], or (lo, hi] when lo_open. */
static inline int ex_opt_float(ex_cli *c, const char *a, const char *name, float *out, float lo, float hi, int lo_open) {
    const char *v = NULL;
    float x;
    if (!ex_opt_str(c, a, name, &v)) return 0;
    if (c->done) return 1;
    if (!ex_parse_float(v, &x)) return ex_cli_error(c, "%s %s: not a finite number", name, v);
    if (lo_open ? !(x > lo) : !(x >= lo)) return ex_cli_error(c, "%s %s: must be %s %g", name, v, lo_open ? "more than" : "at least", (double)lo);
    if (!(x <= hi)) return ex_cli_error(c, "%s %s: at most %g", name, v, (double)hi);
    *out = x;
    return 1;
}

/* What is left: an unknown option ("-" alone is a positional argument), else the first empty slot
   of the NULL-terminated list of const char ** slots; with no slot left, an error. */
static inline void ex_positional(ex_cli *c, const char *a, ...) {
    va_list ap;
    const char **slot;
    if (a[0] == '-' && a[1]) { ex_cli_error(c, "unknown option %s", a); return; }
    va_start(ap, a);
    while ((slot = va_arg(ap, const char **)) != NULL)
        if (!*slot) { *slot = a; va_end(ap); return; }
    va_end(ap);
    ex_cli_error(c, "unexpected argument \"%.60s\"", a);
}

/* "cannot open PATH: <the system's reason>" */
static inline void ex_cannot(const char *what, const char *path) {
    fprintf(stderr, "error: cannot %s %s: %s\n", what, path, strerror(errno));
}

/* ---- progress on a terminal ----
   Long work reports on stderr, only when stderr is a terminal: a pipe or a log file gets nothing
   extra. ex_progress_tick redraws one line at most every 0.25 s; ex_progress_end clears it. */
typedef struct ex_progress {
    int on;
    double t0, last;
} ex_progress;

static inline void ex_progress_init(ex_progress *p) {
    p->on = ex_isatty_stderr();
    p->t0 = p->last = ex_now();
}
/* done of total units (tokens), and an extra text (e.g. "ppl 12.3"); the rate and ETA are computed */
static inline void ex_progress_tick(ex_progress *p, double done, double total, const char *unit, const char *extra) {
    double t = ex_now(), rate;
    if (!p->on || (t - p->last < 0.25 && done < total)) return;
    p->last = t;
    rate = t > p->t0 ? done / (t - p->t0) : 0.0;
    fprintf(stderr, "\r%.0f/%.0f %s (%.0f%%), %.0f %s/s, %s%sETA %.0f s   ", done, total, unit, total > 0 ? 100.0 * done / total : 100.0,
            rate, unit, extra ? extra : "", extra && *extra ? ", " : "", rate > 0 ? (total - done) / rate : 0.0);
    fflush(stderr);
}
static inline void ex_progress_end(ex_progress *p) {
    if (p->on) fprintf(stderr, "\r%60s\r", "");
}


/* The model shipped in the repository (the quick start's default). */
#define EX_DEFAULT_MODEL "models/fable-3m.bin"

static inline int ex_is_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fclose(f);
    return 1;
}

/* EX_DEFAULT_MODEL relative to the current directory, else beside the executable (argv0's directory). */
static inline const char *ex_find_default_model(const char *argv0, char *buf, size_t cap) {
    const char *slash;
    if (ex_is_file(EX_DEFAULT_MODEL)) return EX_DEFAULT_MODEL;
    slash = argv0 ? strrchr(argv0, '/') : NULL;
#ifdef _WIN32
    if (argv0 && (!slash || strrchr(argv0, '\\') > slash)) slash = strrchr(argv0, '\\');
#endif
    if (!slash) return NULL;
    snprintf(buf, cap, "%.*s/%s", (int)(slash - argv0), argv0, EX_DEFAULT_MODEL);
    return ex_is_file(buf) ? buf : NULL;
}

/* The sampler of the options --temp, --top-k, --top-p, --min-p, --repeat-penalty and --seed (-1: a
   seed from the clock). Needs mamba2.h, which every includer includes first. */
static inline void ex_sampler_init(m2_sampler *smp, float temp, long top_k, float top_p, float min_p, float rep, long seed) {
    m2_sampler_opts sopts;
    memset(&sopts, 0, sizeof sopts);
    sopts.temperature = temp;
    sopts.top_k = (int)top_k;
    sopts.top_p = top_p;
    sopts.min_p = min_p;
    sopts.repeat_penalty = rep;
    sopts.seed = seed == -1 ? (uint64_t)time(NULL) ^ ((uint64_t)(ex_now() * 1e9) << 32) : (uint64_t)seed + 1u; /* +1: 0 means "default" */
    m2_sampler_init(smp, &sopts);
}

#endif
