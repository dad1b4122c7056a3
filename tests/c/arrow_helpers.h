/*
 * A hand-written producer and reader of the Arrow C stream interface for
 * test_arrow.c (the library itself uses arrow-rs; this is the C caller's
 * side, written out so that the test depends on nothing but the header).
 *
 * Producer: a stream of record batches made from a table of text cells.
 * Each column has a name and an Arrow type (utf8, decimal128(38, 2),
 * date32, float64, dictionary(int32, utf8)); its cells are converted from their text when the batch
 * is made (NULL text: a null cell). Options make the stream fail: get_next
 * failing at a given batch (with a message, or with get_last_error NULL),
 * get_schema failing, a utf8 array that is not UTF-8, a batch with a child
 * too few. Every schema, array and stream it hands out is counted
 * in `arrow_live` until released, so a test sees what the library failed
 * to release (or released twice).
 *
 * Reader: the result stream's schema and its one batch, with columns found
 * by name, decimal128 cells as 64-bit integers (checked to fit), utf8 and
 * dictionary(int8, utf8) cells as text, and validity bitmaps.
 */
#ifndef TARIFFS_TEST_ARROW_HELPERS_H
#define TARIFFS_TEST_ARROW_HELPERS_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tariffs.h"

/* Schemas, arrays and streams handed out and not yet released. */
static long arrow_live = 0;

/* ---- the producer ------------------------------------------------------- */

typedef enum { COL_UTF8, COL_DECIMAL, COL_DATE32, COL_FLOAT64, COL_DICT } col_type;

#define MAX_COLS 8
#define MAX_BATCHES 4

typedef struct {
    const char *name;
    col_type type;
    const char *const *cells; /* one text per row of the table, NULL: null */
} test_column;

typedef struct {
    size_t n_rows;
    int n_cols;
    test_column cols[MAX_COLS];
    /* Rows per batch, in order; they add up to n_rows. */
    int n_batches;
    size_t batch_rows[MAX_BATCHES];
    /* Ways to fail. */
    int fail_next_at;        /* get_next fails at this batch (-1: never) */
    int fail_without_message; /* ... and get_last_error returns NULL */
    int fail_schema;         /* get_schema fails */
    int bad_utf8;            /* the first utf8 column's first byte is 0xff */
    int missing_child;       /* batches have one child fewer than the schema */
} test_table;

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
 * days_from_civil). */
static inline int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

/* A decimal text ("-12.5", "1000") as an integer of hundredths; the test
 * only gives texts with at most two decimals. */
static inline long long hundredths(const char *s) {
    int neg = 0, digits = -1;
    long long v = 0;
    while (*s == ' ') s++;
    if (*s == '-') { neg = 1; s++; }
    for (; *s != '\0' && *s != ' '; s++) {
        if (*s == '.') { digits = 0; continue; }
        v = v * 10 + (*s - '0');
        if (digits >= 0) digits++;
    }
    for (int k = digits < 0 ? 0 : digits; k < 2; k++) v *= 10;
    return neg ? -v : v;
}

/* What an array owns: its buffers, its children and their pointer array,
 * its dictionary. */
typedef struct {
    void *buffers[3];
    const void *buffer_ptrs[3];
    struct ArrowArray *children;
    struct ArrowArray **child_ptrs;
    struct ArrowArray *dictionary;
} array_private;

static void release_array(struct ArrowArray *a) {
    array_private *p = a->private_data;
    for (int64_t k = 0; k < a->n_children; k++) {
        if (p->children[k].release != NULL) p->children[k].release(&p->children[k]);
    }
    free(p->children);
    free(p->child_ptrs);
    if (p->dictionary != NULL) {
        if (p->dictionary->release != NULL) p->dictionary->release(p->dictionary);
        free(p->dictionary);
    }
    for (int k = 0; k < 3; k++) free(p->buffers[k]);
    free(p);
    a->release = NULL;
    arrow_live--;
}

static void init_array(struct ArrowArray *a, int64_t length, int n_buffers, int n_children) {
    array_private *p = calloc(1, sizeof *p);
    memset(a, 0, sizeof *a);
    a->length = length;
    a->n_buffers = n_buffers;
    a->n_children = n_children;
    a->buffers = p->buffer_ptrs;
    if (n_children > 0) {
        p->children = calloc((size_t)n_children, sizeof *p->children);
        p->child_ptrs = calloc((size_t)n_children, sizeof *p->child_ptrs);
        for (int k = 0; k < n_children; k++) p->child_ptrs[k] = &p->children[k];
        a->children = p->child_ptrs;
    }
    a->release = release_array;
    a->private_data = p;
    arrow_live++;
}

static void set_buffer(struct ArrowArray *a, int k, void *buf) {
    array_private *p = a->private_data;
    p->buffers[k] = buf;
    p->buffer_ptrs[k] = buf;
}

static void column_array(const test_column *c, size_t start, size_t n, int bad_utf8,
                         struct ArrowArray *a);

/* A dictionary column: int32 keys into the distinct texts of the rows, in
 * order of first sight, as a utf8 array. */
static void dict_array(const test_column *c, size_t start, size_t n, struct ArrowArray *a) {
    const char **values = calloc(n ? n : 1, sizeof *values);
    int32_t *keys = calloc(n ? n : 1, sizeof *keys);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = c->cells[start + i];
        if (s == NULL) continue;
        size_t k = 0;
        while (k < distinct && strcmp(values[k], s) != 0) k++;
        if (k == distinct) values[distinct++] = s;
        keys[i] = (int32_t)k;
    }
    test_column dict = {c->name, COL_UTF8, values}, text = {c->name, COL_UTF8, c->cells};
    /* The rows as utf8 for their validity bitmap; offsets and data give way
     * to the keys. */
    column_array(&text, start, n, 0, a);
    array_private *p = a->private_data;
    free(p->buffers[1]);
    free(p->buffers[2]);
    p->buffers[2] = NULL;
    p->buffer_ptrs[2] = NULL;
    a->n_buffers = 2;
    set_buffer(a, 1, keys);
    p->dictionary = calloc(1, sizeof *p->dictionary);
    column_array(&dict, 0, distinct, 0, p->dictionary);
    a->dictionary = p->dictionary;
    free(values);
}

/* The column `c` of rows [start, start + n) as an Arrow array in `a`. */
static void column_array(const test_column *c, size_t start, size_t n, int bad_utf8,
                         struct ArrowArray *a) {
    uint8_t *valid = calloc(n / 8 + 1, 1);
    int64_t nulls = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->cells[start + i] != NULL) valid[i / 8] |= (uint8_t)(1u << (i % 8));
        else nulls++;
    }
    if (c->type == COL_DICT) {
        free(valid);
        dict_array(c, start, n, a);
        return;
    }
    if (c->type == COL_UTF8) {
        init_array(a, (int64_t)n, 3, 0);
        int32_t *offsets = calloc(n + 1, sizeof *offsets);
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            const char *s = c->cells[start + i];
            total += s ? strlen(s) : 0;
        }
        char *data = malloc(total + 1);
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            const char *s = c->cells[start + i];
            size_t len = s ? strlen(s) : 0;
            if (len) memcpy(data + at, s, len);
            at += len;
            offsets[i + 1] = (int32_t)at;
        }
        if (bad_utf8 && at > 0) data[0] = (char)0xff;
        set_buffer(a, 1, offsets);
        set_buffer(a, 2, data);
    } else if (c->type == COL_DECIMAL) {
        init_array(a, (int64_t)n, 2, 0);
        uint8_t *data = calloc(n ? n : 1, 16);
        for (size_t i = 0; i < n; i++) {
            const char *s = c->cells[start + i];
            long long v = s ? hundredths(s) : 0;
            uint64_t lo = (uint64_t)v, hi = v < 0 ? UINT64_MAX : 0;
            for (int b = 0; b < 8; b++) {
                data[16 * i + (size_t)b] = (uint8_t)(lo >> (8 * b));
                data[16 * i + 8 + (size_t)b] = (uint8_t)(hi >> (8 * b));
            }
        }
        set_buffer(a, 1, data);
    } else if (c->type == COL_DATE32) {
        init_array(a, (int64_t)n, 2, 0);
        int32_t *data = calloc(n ? n : 1, sizeof *data);
        for (size_t i = 0; i < n; i++) {
            int y = 0, m = 0, d = 0;
            const char *s = c->cells[start + i];
            if (s != NULL && sscanf(s, "%d-%d-%d", &y, &m, &d) == 3)
                data[i] = days_from_civil(y, m, d);
        }
        set_buffer(a, 1, data);
    } else {
        init_array(a, (int64_t)n, 2, 0);
        double *data = calloc(n ? n : 1, sizeof *data);
        for (size_t i = 0; i < n; i++) {
            const char *s = c->cells[start + i];
            data[i] = s ? strtod(s, NULL) : 0.0;
        }
        set_buffer(a, 1, data);
    }
    a->null_count = nulls;
    set_buffer(a, 0, valid);
}

/* What a schema owns. */
typedef struct {
    struct ArrowSchema *children;
    struct ArrowSchema **child_ptrs;
    struct ArrowSchema *dictionary;
} schema_private;

static void release_schema(struct ArrowSchema *s) {
    schema_private *p = s->private_data;
    for (int64_t k = 0; k < s->n_children; k++) {
        if (p->children[k].release != NULL) p->children[k].release(&p->children[k]);
    }
    free(p->children);
    free(p->child_ptrs);
    if (p->dictionary != NULL) {
        if (p->dictionary->release != NULL) p->dictionary->release(p->dictionary);
        free(p->dictionary);
    }
    free(p);
    s->release = NULL;
    arrow_live--;
}

static void init_schema(struct ArrowSchema *s, const char *format, const char *name,
                        int n_children) {
    schema_private *p = calloc(1, sizeof *p);
    memset(s, 0, sizeof *s);
    s->format = format; /* static strings */
    s->name = name;
    s->flags = ARROW_FLAG_NULLABLE;
    s->n_children = n_children;
    if (n_children > 0) {
        p->children = calloc((size_t)n_children, sizeof *p->children);
        p->child_ptrs = calloc((size_t)n_children, sizeof *p->child_ptrs);
        for (int k = 0; k < n_children; k++) p->child_ptrs[k] = &p->children[k];
        s->children = p->child_ptrs;
    }
    s->release = release_schema;
    s->private_data = p;
    arrow_live++;
}

static const char *col_format(col_type t) {
    switch (t) {
    case COL_UTF8: return "u";
    case COL_DECIMAL: return "d:38,2";
    case COL_DATE32: return "tdD";
    case COL_DICT: return "i";
    default: return "g";
    }
}

/* The stream's state. */
typedef struct {
    const test_table *table;
    int next_batch;
    size_t next_row;
} stream_private;

static int stream_get_schema(struct ArrowArrayStream *st, struct ArrowSchema *out) {
    const test_table *t = ((stream_private *)st->private_data)->table;
    if (t->fail_schema) return EIO;
    init_schema(out, "+s", "", t->n_cols);
    for (int c = 0; c < t->n_cols; c++) {
        init_schema(out->children[c], col_format(t->cols[c].type), t->cols[c].name, 0);
        if (t->cols[c].type == COL_DICT) {
            schema_private *p = out->children[c]->private_data;
            p->dictionary = calloc(1, sizeof *p->dictionary);
            init_schema(p->dictionary, "u", NULL, 0);
            out->children[c]->dictionary = p->dictionary;
        }
    }
    return 0;
}

static int stream_get_next(struct ArrowArrayStream *st, struct ArrowArray *out) {
    stream_private *p = st->private_data;
    const test_table *t = p->table;
    if (p->next_batch == t->fail_next_at) return EIO;
    if (p->next_batch >= t->n_batches) {
        memset(out, 0, sizeof *out); /* released: the end */
        return 0;
    }
    size_t n = t->batch_rows[p->next_batch];
    int children = t->n_cols - (t->missing_child ? 1 : 0);
    init_array(out, (int64_t)n, 1, children);
    int bad = t->bad_utf8;
    for (int c = 0; c < children; c++) {
        int spoil = bad && t->cols[c].type == COL_UTF8;
        column_array(&t->cols[c], p->next_row, n, spoil, out->children[c]);
        if (spoil) bad = 0;
    }
    p->next_row += n;
    p->next_batch++;
    return 0;
}

static const char *stream_get_last_error(struct ArrowArrayStream *st) {
    const test_table *t = ((stream_private *)st->private_data)->table;
    return t->fail_without_message ? NULL : "the test stream's disk is on fire";
}

static void stream_release(struct ArrowArrayStream *st) {
    free(st->private_data);
    st->release = NULL;
    arrow_live--;
}

/* A live stream of the batches of `t` (which must outlive it). */
static void make_stream(const test_table *t, struct ArrowArrayStream *out) {
    stream_private *p = calloc(1, sizeof *p);
    p->table = t;
    out->get_schema = stream_get_schema;
    out->get_next = stream_get_next;
    out->get_last_error = stream_get_last_error;
    out->release = stream_release;
    out->private_data = p;
    arrow_live++;
}

/* ---- the reader --------------------------------------------------------- */

typedef struct {
    struct ArrowSchema schema;
    struct ArrowArray batch; /* released when the stream had no batch */
    size_t rows;
} result_t;

/* Reads the result stream (schema and at most one batch) and releases it. */
static void read_result(struct ArrowArrayStream *out, result_t *r) {
    memset(r, 0, sizeof *r);
    CHECK(out->release != NULL);
    if (out->release == NULL) return;
    CHECK(out->get_schema(out, &r->schema) == 0);
    CHECK(strcmp(r->schema.format, "+s") == 0);
    CHECK(out->get_next(out, &r->batch) == 0);
    if (r->batch.release != NULL) {
        r->rows = (size_t)r->batch.length;
        CHECK(r->batch.offset == 0);
        CHECK(r->batch.n_children == r->schema.n_children);
        struct ArrowArray end;
        CHECK(out->get_next(out, &end) == 0);
        CHECK(end.release == NULL); /* one batch only */
        if (end.release != NULL) end.release(&end);
    }
    out->release(out);
    CHECK(out->release == NULL);
}

static void result_free(result_t *r) {
    if (r->batch.release != NULL) r->batch.release(&r->batch);
    if (r->schema.release != NULL) r->schema.release(&r->schema);
}

/* The index of column `name`, or -1. */
static int result_col(const result_t *r, const char *name) {
    for (int64_t k = 0; k < r->schema.n_children; k++) {
        if (strcmp(r->schema.children[k]->name, name) == 0) return (int)k;
    }
    return -1;
}

static int cell_valid(const struct ArrowArray *a, size_t i) {
    const uint8_t *bits = a->buffers[0];
    if (bits == NULL) return 1;
    size_t j = (size_t)a->offset + i;
    return (bits[j / 8] >> (j % 8)) & 1;
}

/* A decimal128 cell as an integer (of the column's scale); 0 and a failed
 * check when it does not fit 64 bits. */
static long long decimal_cell(const struct ArrowArray *a, size_t i) {
    const uint8_t *p = (const uint8_t *)a->buffers[1] + 16 * ((size_t)a->offset + i);
    uint64_t lo = 0, hi = 0;
    for (int b = 7; b >= 0; b--) {
        lo = (lo << 8) | p[b];
        hi = (hi << 8) | p[8 + b];
    }
    long long v = (long long)lo;
    CHECK(hi == (v < 0 ? UINT64_MAX : 0));
    return v;
}

/* A utf8 cell copied into buf (len bytes). */
static const char *utf8_cell(const struct ArrowArray *a, size_t i, char *buf, size_t len) {
    const int32_t *offsets = a->buffers[1];
    const char *data = a->buffers[2];
    size_t j = (size_t)a->offset + i;
    size_t n = (size_t)(offsets[j + 1] - offsets[j]);
    if (n >= len) n = len - 1;
    memcpy(buf, data + offsets[j], n);
    buf[n] = '\0';
    return buf;
}

/* A dictionary(int8, utf8) cell copied into buf (inline: test_refunds.c has no
 * dictionary column to read). */
static inline const char *dict_cell(const struct ArrowArray *a, size_t i, char *buf, size_t len) {
    const int8_t *keys = a->buffers[1];
    return utf8_cell(a->dictionary, (size_t)keys[(size_t)a->offset + i], buf, len);
}

#endif
