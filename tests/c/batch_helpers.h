/*
 * Helpers shared by the batch tests (test_batch.c, test_columns.c): the
 * fixture schedule, money texts in cents, and reading a batch or quote
 * column as text. `static inline` so that a test need not use every one.
 */
#ifndef TARIFFS_TEST_BATCH_HELPERS_H
#define TARIFFS_TEST_BATCH_HELPERS_H

#include <string.h>

#include "check.h"
#include "fixture.h"
#include "tariffs.h"

static inline tariffs_schedule *load_fixture(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_from_json(FIXTURE_JSON, strlen(FIXTURE_JSON), &s));
    CHECK(s != NULL);
    return s;
}

/* A money amount ("165.00", "0", "32.7") in cents; -1 if it is not one. */
static inline long long cents(const char *s) {
    long long whole = 0;
    int frac = 0, digits = 0;
    const char *p = s;
    if (*p == '\0') return -1;
    for (; *p >= '0' && *p <= '9'; p++) whole = whole * 10 + (*p - '0');
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (digits == 2) return -1; /* more than cents */
            frac = frac * 10 + (*p - '0');
            digits++;
        }
    }
    if (*p != '\0') return -1;
    if (digits == 1) frac *= 10;
    return whole * 100 + frac;
}

typedef tariffs_status (*batch_fn)(const tariffs_batch *, size_t, char *, size_t, size_t *);
typedef tariffs_status (*quote_fn)(const struct tariffs_quote *, char *, size_t, size_t *);

/* Reads a batch column into `buf` (TARIFFS_DECIMAL_BUFFER_SIZE bytes). */
static inline const char *batch_text(batch_fn fn, const tariffs_batch *b, size_t row, char *buf) {
    size_t len = 0;
    CHECK_OK(fn(b, row, buf, TARIFFS_DECIMAL_BUFFER_SIZE, &len));
    CHECK(len == strlen(buf));
    return buf;
}

/* Reads a quote amount into `buf` (TARIFFS_DECIMAL_BUFFER_SIZE bytes). */
static inline const char *quote_text(quote_fn fn, const struct tariffs_quote *q, char *buf) {
    CHECK_OK(fn(q, buf, TARIFFS_DECIMAL_BUFFER_SIZE, NULL));
    return buf;
}

#endif
