/* Just enough JSON for the test data (tokenizer cases): objects, arrays, strings with every escape
   (\uXXXX surrogate pairs included; a lone surrogate becomes U+FFFD, as in a Rust String), numbers,
   true/false/null. Trusts its input: it reads files of this repository and ../shared only. */
#ifndef JSON_MINI_H
#define JSON_MINI_H
#include <stdlib.h>
#include <string.h>

typedef struct jv {
    int type;          /* 0 null, 1 bool, 2 number, 3 string, 4 array, 5 object */
    double num;
    char *str;         /* UTF-8, NUL-terminated; len excludes the NUL (may contain NULs) */
    size_t len;
    struct jv *items;  /* array elements / object values */
    char **keys;       /* object keys */
    size_t n;
} jv;

static size_t jm_utf8_put(char *o, unsigned c) {
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) { o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F)); o[2] = (char)(0x80 | (c & 0x3F)); return 3; }
    o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F)); o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static unsigned jm_hex4(const char *s) {
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10);
    }
    return v;
}

static void jm_ws(const char **p) { while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t') (*p)++; }

static char *jm_string(const char **p, size_t *len) {
    size_t cap = 64, n = 0;
    char *o = (char *)malloc(cap);
    (*p)++;
    while (**p && **p != '"') {
        unsigned c;
        if (n + 8 > cap) { cap *= 2; o = (char *)realloc(o, cap); }
        if (**p != '\\') { o[n++] = *(*p)++; continue; }
        (*p)++;
        switch (*(*p)++) {
        case 'n': o[n++] = '\n'; break;
        case 't': o[n++] = '\t'; break;
        case 'r': o[n++] = '\r'; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'u':
            c = jm_hex4(*p); *p += 4;
            if (c >= 0xD800 && c < 0xDC00 && (*p)[0] == '\\' && (*p)[1] == 'u') {
                unsigned lo = jm_hex4(*p + 2);
                if (lo >= 0xDC00 && lo < 0xE000) { c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00); *p += 6; }
            }
            if (c >= 0xD800 && c < 0xE000) c = 0xFFFD;
            n += jm_utf8_put(o + n, c);
            break;
        default: o[n++] = (*p)[-1]; break;
        }
    }
    if (**p) (*p)++;
    o[n] = 0;
    *len = n;
    return o;
}

static void jm_value(const char **p, jv *v) {
    jm_ws(p);
    memset(v, 0, sizeof *v);
    if (**p == '"') { v->type = 3; v->str = jm_string(p, &v->len); }
    else if (**p == '[' || **p == '{') {
        int obj = **p == '{';
        size_t cap = 8;
        v->type = obj ? 5 : 4;
        v->items = (jv *)malloc(cap * sizeof(jv));
        v->keys = obj ? (char **)malloc(cap * sizeof(char *)) : NULL;
        (*p)++;
        jm_ws(p);
        while (**p && **p != ']' && **p != '}') {
            if (v->n == cap) {
                cap *= 2;
                v->items = (jv *)realloc(v->items, cap * sizeof(jv));
                if (obj) v->keys = (char **)realloc(v->keys, cap * sizeof(char *));
            }
            if (obj) {
                size_t kl;
                jm_ws(p);
                v->keys[v->n] = jm_string(p, &kl);
                jm_ws(p);
                if (**p == ':') (*p)++;
            }
            jm_value(p, &v->items[v->n++]);
            jm_ws(p);
            if (**p == ',') (*p)++;
            jm_ws(p);
        }
        if (**p) (*p)++;
    } else if (**p == 't') { v->type = 1; v->num = 1; *p += 4; }
    else if (**p == 'f') { v->type = 1; *p += 5; }
    else if (**p == 'n') { *p += 4; }
    else { char *e; v->type = 2; v->num = strtod(*p, &e); *p = e; }
}

static void jm_free(jv *v) {
    size_t i;
    for (i = 0; i < v->n; i++) {
        jm_free(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

static const jv *jm_get(const jv *o, const char *key) {
    size_t i;
    for (i = 0; o->type == 5 && i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0) return &o->items[i];
    return NULL;
}
#endif
