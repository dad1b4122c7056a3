/*
 * Helpers shared by the batch tests (test_batch.c, test_columns.c): the
 * fixture schedule, money texts in cents, and reading a batch or quote
 * column as text. `static inline` so that a test need not use every one.
 */
#ifndef TARIFFS_TEST_BATCH_HELPERS_H
#define TARIFFS_TEST_BATCH_HELPERS_H

#include <stdio.h>
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

/* Each authority column of batch row `row` is the sum of the quote's lines
 * of that authority (exemption lines carry no amount and have no column);
 * the duty columns add up to the quote's duty and the fee columns to its fees. */
static inline void check_authority_sums(const tariffs_batch *b, size_t row,
                                        const struct tariffs_quote *q) {
    char x[TARIFFS_DECIMAL_BUFFER_SIZE], y[TARIFFS_DECIMAL_BUFFER_SIZE];
    long long duty = 0, fees = 0;
    for (size_t a = 0; a < tariffs_batch_authority_count(b); a++) {
        const char *name = tariffs_batch_authority_name(b, a);
        long long expected = 0;
        for (size_t l = 0; l < tariffs_quote_line_count(q); l++) {
            const tariffs_line *line = NULL;
            CHECK_OK(tariffs_quote_line(q, l, &line));
            if (tariffs_line_get_kind(line) != TARIFFS_LINE_EXEMPTION &&
                strcmp(tariffs_line_get_authority(line), name) == 0) {
                expected += cents(tariffs_line_get_amount(line));
            }
        }
        CHECK_OK(tariffs_batch_amount(b, row, a, x, sizeof x, NULL));
        long long got = cents(x);
        CHECK(got == expected);
        if (got != expected) {
            fprintf(stderr, "  row %zu %s: %s, expected %lld cents\n", row, name, x, expected);
        }
        if (tariffs_batch_authority_is_fee(b, a)) fees += got;
        else duty += got;
    }
    CHECK(duty == cents(quote_text(tariffs_quote_duty, q, y)));
    CHECK(fees == cents(quote_text(tariffs_quote_fees, q, y)));
}

#endif
