/* Small helpers shared by the example programs (not part of the library). */
#ifndef EXAMPLE_COMMON_H
#define EXAMPLE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <time.h>

/* Parses "1,2,3" (commas and/or white space) into a new array. Returns 0 and prints why on a
   malformed list; an empty list is an error too, since no program here can run on nothing. */
static inline int ex_parse_ids(const char *text, int32_t **ids_out, size_t *n_out) {
    size_t n = 0, cap = 16;
    int32_t *ids = (int32_t *)malloc(cap * sizeof *ids);
    const char *p = text;
    if (!ids) { fprintf(stderr, "out of memory\n"); return 0; }
    for (;;) {
        char *end;
        long v;
        while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (!*p) break;
        if (*p < '0' || *p > '9') {
            fprintf(stderr, "error: malformed token id list at \"%.20s\" (want decimal ids like 1,2,3)\n", p);
            free(ids);
            return 0;
        }
        errno = 0;
        v = strtol(p, &end, 10);
        if (errno || v > INT32_MAX || (*end && *end != ',' && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r')) {
            fprintf(stderr, "error: malformed or too large token id at \"%.20s\"\n", p);
            free(ids);
            return 0;
        }
        if (n == cap) {
            int32_t *grown = (int32_t *)realloc(ids, (cap *= 2) * sizeof *ids);
            if (!grown) { free(ids); fprintf(stderr, "out of memory\n"); return 0; }
            ids = grown;
        }
        ids[n++] = (int32_t)v;
        p = end;
    }
    if (n == 0) {
        fprintf(stderr, "error: the token id list is empty\n");
        free(ids);
        return 0;
    }
    *ids_out = ids;
    *n_out = n;
    return 1;
}

/* Parses a whole-string number; returns 0 if the text is not one. */
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
    return s[0] && !*end && !errno;
}

static inline double ex_now(void) {
#if defined(CLOCK_MONOTONIC) && !defined(_WIN32)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
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

#endif
