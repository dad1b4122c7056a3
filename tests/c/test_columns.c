/*
 * Tests of tariffs_quote_columns against the schedule in fixture.h.
 *
 * A table of ROWS rows of text (mixed codes with and without dots, origins,
 * values, dates, modes in any case, quantities with bases and repeats,
 * claims lists, and a bad row every 25 rows: NULL cells, non-UTF-8 text,
 * malformed cells, unknown codes, missing quantities, two bad cells...) is
 * quoted three ways: by tariffs_quote_columns; by building one entry per
 * row with the tariffs_entry_set_* setters (in the columns' order, stopping
 * at the first failing setter) and tariffs_quote_batch; and by tariffs_quote
 * per entry. Row by row, the columns batch must say exactly what the others
 * say: a failed setter's status, message and field; else the batch's
 * status, message and field, or its duty, fees, total, effective rate,
 * customs value and every per-authority amount, as the same text; and what
 * tariffs_quote gives (see check_row_against_quote). The same with the
 * importer given, with an importer the schedule does not cover, without the
 * optional columns, and on BIG rows (parsed on several threads) against the
 * batch. Then hand-computed rows, 24,000 rows with a quantity basis each
 * under an address-space limit, count 0, and NULL arguments.
 *
 * Usage: test_columns [ROWS [BIG]]   (defaults 1000 and 20000)
 */
/* getrlimit/setrlimit and sysconf (POSIX), with -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "batch_helpers.h"

#define DEFAULT_ROWS 1000
#define DEFAULT_BIG 20000

/* ---- helpers ------------------------------------------------------------ */

static const batch_fn batch_columns[5] = {tariffs_batch_duty, tariffs_batch_fees,
                                          tariffs_batch_total, tariffs_batch_effective_rate,
                                          tariffs_batch_customs_value};
static const quote_fn quote_columns[5] = {tariffs_quote_duty, tariffs_quote_fees,
                                          tariffs_quote_total, tariffs_quote_effective_rate,
                                          tariffs_quote_customs_value};

/* ---- the table of text -------------------------------------------------- */

/* One row of text. A cell is NULL when its flag says so. */
typedef struct {
    char hts[32], origin[8], value[48], date[16], mode[16], quantities[96], claims[64];
    unsigned char no_hts, no_origin, no_value, no_date, no_mode, no_quantities, no_claims;
} row_text;

/* The columns the call receives. */
typedef struct {
    size_t n;
    row_text *rows;
    const char **hts, **origin, **value, **date, **mode, **quantities, **claims;
} table;

#define BAD_KINDS 28
static int is_bad(size_t i) { return i % 25 == 7; }
static int bad_kind(size_t i) { return (int)((i / 25) % BAD_KINDS); }

#define SET(field, ...) snprintf(r->field, sizeof r->field, __VA_ARGS__)

/* A good row, varied by its index. */
static void good_row(size_t i, row_text *r) {
    static const char *const origins[] = {"CN", "VN", "DE", "CN", "MX", "cn"};
    static const char *const modes[] = {"ocean", "air", "express", "postal", "truck",
                                        NULL,    "AIR", " Postal ", "rail"};
    static const char *const codes[] = {"6109.10.00.12", "6109100012", "6109.10.00",
                                        " 6109.10.00.12 "};
    static const char *const dates[] = {"2025-03-03", "2025-04-01", "2025-04-01", "2025-06-15"};
    memset(r, 0, sizeof *r);
    int cheese = i % 5 == 0;
    SET(hts, "%s", cheese ? (i % 10 == 0 ? "0406.10.10" : "04061010") : codes[i % 4]);
    SET(origin, "%s", origins[i % 6]);
    /* Values from 0.00 to 49999.99: below, inside and above the MPF bounds. */
    SET(value, "%s%zu.%02zu", i % 17 == 0 ? " " : "", (i * 7919) % 50000, (i * 37) % 100);
    SET(date, "%s", dates[i % 4]);
    const char *mode = modes[(i / 5) % 9];
    if (mode == NULL) r->no_mode = 1;
    else SET(mode, "%s", mode);

    size_t kg_whole = i % 97, kg_frac = i % 10;
    if (cheese) {
        switch ((i / 5) % 5) {
        case 0: SET(quantities, "kg=%zu.%zu", kg_whole, kg_frac); break;
        case 1: SET(quantities, " kg = %zu.%zu ", kg_whole, kg_frac); break;
        case 2: SET(quantities, "no=3,kg=%zu.%zu", kg_whole, kg_frac); break;
        case 3: SET(quantities, "kg[copper, refined]=1,kg=%zu", kg_whole); break;
        default: SET(quantities, "kg=1,KG=%zu.%zu", kg_whole, kg_frac); break; /* kg twice: fails */
        }
    } else {
        switch (i % 7) {
        case 0: SET(quantities, "no=%zu", i % 50); break;
        case 1: SET(quantities, "doz=2,kg[Copper Content]=3.5"); break;
        case 2: SET(quantities, "   "); break;
        case 3: r->no_quantities = 1; break;
        default: break; /* "" */
        }
    }
    if (i % 11 == 0) SET(claims, "testclaim");
    else if (i % 17 == 0) SET(claims, "USMCA, TESTCLAIM");
    else if (i % 19 == 0) SET(claims, " ");
    else if (i % 23 == 0) SET(claims, "GSP");
    else if (i % 2 == 0) r->no_claims = 1;
}

/* A bad row: a good one with one or two cells spoiled. */
static void bad_row(size_t i, int kind, row_text *r) {
    good_row(i, r);
    switch (kind) {
    case 0: r->no_hts = 1; break;
    case 1: SET(hts, "8703.23.01"); break; /* not in the schedule */
    case 2: SET(hts, "0406.10.10"); r->no_quantities = 1; break; /* $/kg without kg */
    case 3: SET(hts, "8517.62.00"); break; /* the schedule's rate "banana" */
    case 4: r->no_date = 1; break;
    case 5: SET(value, "-5"); break; /* fails when quoting */
    case 6: SET(origin, "XX"); break;
    case 7: SET(date, "2025-02-29"); break;
    case 8: SET(date, "2024-12-31"); break; /* before the schedule's first date */
    case 9: SET(mode, "boat"); r->no_mode = 0; break;
    case 10: SET(quantities, "furlong=3"); r->no_quantities = 0; break;
    case 11: SET(hts, "0406.10.10"); SET(quantities, "kg=-1"); r->no_quantities = 0; break;
    case 12: SET(quantities, "no=1,kg12"); r->no_quantities = 0; break; /* no '=' */
    case 13: SET(claims, "US MCA"); r->no_claims = 0; break;
    case 14: SET(origin, "\xff\xfe"); break;
    case 15: SET(mode, "air\xff"); r->no_mode = 0; break;
    case 16: SET(value, "1,000"); break;
    case 17: SET(hts, "61.x"); break;
    case 18: SET(hts, "6109.10"); break; /* too short to quote */
    case 19: SET(claims, "USMCA,,TESTCLAIM"); r->no_claims = 0; break; /* an empty claim */
    case 20: r->no_origin = 1; break;
    case 21: r->no_value = 1; break;
    case 22: SET(quantities, "kg=\xff"); r->no_quantities = 0; break;
    case 23: SET(claims, "TESTCLAIM,\xff"); r->no_claims = 0; break;
    case 24: SET(hts, "61.x"); SET(origin, "XX"); break; /* the first bad cell counts */
    case 25: SET(value, "-5"); SET(mode, "boat"); r->no_mode = 0; break; /* mode first */
    case 26: SET(quantities, "kg=1,kg[copper=2"); r->no_quantities = 0; break;
    default: SET(value, "79228162514264337593543950335"); SET(origin, "CN"); break;
    }
}

static void fill_row(size_t i, row_text *r) {
    if (is_bad(i)) bad_row(i, bad_kind(i), r);
    else good_row(i, r);
}

/* Builds a table of `n` rows from `fill`. */
static int table_new(table *t, size_t n, void (*fill)(size_t, row_text *)) {
    memset(t, 0, sizeof *t);
    t->n = n;
    t->rows = calloc(n ? n : 1, sizeof *t->rows);
    const char ***cols[7] = {&t->hts, &t->origin, &t->value, &t->date,
                             &t->mode, &t->quantities, &t->claims};
    int ok = t->rows != NULL;
    for (int c = 0; c < 7; c++) {
        *cols[c] = calloc(n ? n : 1, sizeof(const char *));
        ok = ok && *cols[c] != NULL;
    }
    CHECK(ok);
    if (!ok) return 0;
    for (size_t i = 0; i < n; i++) {
        row_text *r = &t->rows[i];
        fill(i, r);
        t->hts[i] = r->no_hts ? NULL : r->hts;
        t->origin[i] = r->no_origin ? NULL : r->origin;
        t->value[i] = r->no_value ? NULL : r->value;
        t->date[i] = r->no_date ? NULL : r->date;
        t->mode[i] = r->no_mode ? NULL : r->mode;
        t->quantities[i] = r->no_quantities ? NULL : r->quantities;
        t->claims[i] = r->no_claims ? NULL : r->claims;
    }
    return 1;
}

/* Frees a table, scribbling over the text first: a batch must not borrow it. */
static void table_free(table *t) {
    if (t->rows != NULL) memset(t->rows, 'x', t->n * sizeof *t->rows);
    free(t->rows);
    free((void *)t->hts);
    free((void *)t->origin);
    free((void *)t->value);
    free((void *)t->date);
    free((void *)t->mode);
    free((void *)t->quantities);
    free((void *)t->claims);
    memset(t, 0, sizeof *t);
}

/* ---- the reference: setters, then tariffs_quote_batch / tariffs_quote --- */

/* Which optional columns a call passes. */
typedef struct {
    const char *importer; /* NULL: not given */
    int mode, quantities, claims;
} options;

/* What a setter said, copied (the last error is overwritten by later calls). */
typedef struct {
    tariffs_status status;
    char message[512];
    char field[64];
    int has_field;
    /* 0: compare the message word for word; 1: only check it contains `hint`
     * (no setter takes a whole quantities cell). */
    int loose;
    char hint[128];
} failure;

static int remember(tariffs_status st, failure *f) {
    if (st == TARIFFS_OK) return 0;
    f->status = st;
    snprintf(f->message, sizeof f->message, "%s", tariffs_last_error_message());
    const char *field = tariffs_last_error_field();
    f->has_field = field != NULL;
    snprintf(f->field, sizeof f->field, "%s", field ? field : "");
    return 1;
}

static int has_high_byte(const char *s) {
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80) return 1;
    }
    return 0;
}

static int blank(const char *s) {
    for (; *s != '\0'; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    }
    return 1;
}

/* Adds the quantities of a cell item by item with tariffs_entry_add_quantity
 * (items split at commas outside brackets, each at its first '='). */
static int add_quantities(tariffs_entry *e, const char *cell, failure *f) {
    if (has_high_byte(cell)) {
        f->status = TARIFFS_INVALID_UTF8;
        f->loose = 1;
        f->has_field = 1;
        snprintf(f->field, sizeof f->field, "quantities");
        snprintf(f->hint, sizeof f->hint, "quantities is not valid UTF-8");
        return 1;
    }
    char item[96];
    const char *p = cell;
    for (;;) {
        size_t k = 0;
        int depth = 0;
        for (; *p != '\0' && !(*p == ',' && depth == 0); p++) {
            if (*p == '[') depth++;
            if (*p == ']' && depth > 0) depth--;
            if (k + 1 < sizeof item) item[k++] = *p;
        }
        item[k] = '\0';
        char *eq = strchr(item, '=');
        if (eq == NULL) {
            f->status = TARIFFS_INVALID_INPUT;
            f->loose = 1;
            f->has_field = 1;
            snprintf(f->field, sizeof f->field, "quantities");
            snprintf(f->hint, sizeof f->hint, "%s", item);
            return 1;
        }
        *eq = '\0';
        if (remember(tariffs_entry_add_quantity(e, item, eq + 1), f)) return 1;
        if (*p == '\0') return 0;
        p++;
    }
}

/* Adds the claims of a cell one by one with tariffs_entry_add_claim. */
static int add_claims(tariffs_entry *e, const char *cell, failure *f) {
    if (has_high_byte(cell)) return remember(tariffs_entry_add_claim(e, cell), f);
    char item[64];
    const char *p = cell;
    for (;;) {
        size_t k = 0;
        for (; *p != '\0' && *p != ','; p++) {
            if (k + 1 < sizeof item) item[k++] = *p;
        }
        item[k] = '\0';
        if (remember(tariffs_entry_add_claim(e, item), f)) return 1;
        if (*p == '\0') return 0;
        p++;
    }
}

/* The entry of row `i` built with the setters, in the columns' order; NULL
 * when a setter failed (then `*f` says how). */
static tariffs_entry *reference_entry(const table *t, size_t i, const options *o, failure *f) {
    tariffs_entry *e = NULL;
    memset(f, 0, sizeof *f);
    CHECK_OK(tariffs_entry_new(&e));
    int bad = (o->importer != NULL && remember(tariffs_entry_set_importer(e, o->importer), f)) ||
              remember(tariffs_entry_set_hts(e, t->hts[i]), f) ||
              remember(tariffs_entry_set_origin(e, t->origin[i]), f) ||
              remember(tariffs_entry_set_value(e, t->value[i]), f) ||
              remember(tariffs_entry_set_date(e, t->date[i]), f) ||
              (o->mode && remember(tariffs_entry_set_mode(e, t->mode[i]), f)) ||
              (o->quantities && t->quantities[i] != NULL && !blank(t->quantities[i]) &&
               add_quantities(e, t->quantities[i], f)) ||
              (o->claims && t->claims[i] != NULL && !blank(t->claims[i]) &&
               add_claims(e, t->claims[i], f));
    if (bad) {
        tariffs_entry_free(e);
        return NULL;
    }
    return e;
}

static tariffs_status call_columns(const tariffs_schedule *s, const table *t, const options *o,
                                   tariffs_batch **out) {
    return tariffs_quote_columns(s, t->n, o->importer, t->hts, t->origin, t->value, t->date,
                                 o->mode ? t->mode : NULL, o->quantities ? t->quantities : NULL,
                                 o->claims ? t->claims : NULL, out);
}

/* ---- the checks --------------------------------------------------------- */

/* Row `row` of the columns batch is the setter failure `f`. */
static void check_row_against_setter(const tariffs_batch *c, size_t row, const failure *f) {
    CHECK_STATUS(tariffs_batch_row_status(c, row), f->status);
    CHECK_STR(tariffs_batch_row_error_field(c, row), f->has_field ? f->field : NULL);
    if (f->loose) {
        CHECK_CONTAINS(tariffs_batch_row_error_message(c, row), f->hint);
    } else {
        CHECK_STR(tariffs_batch_row_error_message(c, row), f->message);
    }
    /* A failed row has no amounts: reading one returns its status and
     * message. */
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];
    CHECK_STATUS(tariffs_batch_total(c, row, x, sizeof x, NULL), f->status);
    CHECK_STR(tariffs_last_error_message(), tariffs_batch_row_error_message(c, row));
}

/* Row `row` of the columns batch `c` is row `row` of the entries batch `b`,
 * as the same texts. */
static void check_row_against_batch(const tariffs_batch *c, const tariffs_batch *b, size_t row) {
    tariffs_status st = tariffs_batch_row_status(b, row);
    CHECK_STATUS(tariffs_batch_row_status(c, row), st);
    CHECK_STR(tariffs_batch_row_error_message(c, row), tariffs_batch_row_error_message(b, row));
    CHECK_STR(tariffs_batch_row_error_field(c, row), tariffs_batch_row_error_field(b, row));
    CHECK_STR(tariffs_batch_row_warning(c, row), tariffs_batch_row_warning(b, row));
    if (st != TARIFFS_OK) return;
    char x[TARIFFS_DECIMAL_BUFFER_SIZE], y[TARIFFS_DECIMAL_BUFFER_SIZE];
    for (int k = 0; k < 5; k++) {
        CHECK_STR(batch_text(batch_columns[k], c, row, x), batch_text(batch_columns[k], b, row, y));
    }
    for (size_t a = 0; a < tariffs_batch_authority_count(c); a++) {
        CHECK_OK(tariffs_batch_amount(c, row, a, x, sizeof x, NULL));
        CHECK_OK(tariffs_batch_amount(b, row, a, y, sizeof y, NULL));
        CHECK_STR(x, y);
    }
}

/* Row `row` of the columns batch says what tariffs_quote says for `entry`. */
static void check_row_against_quote(const tariffs_schedule *s, const tariffs_batch *c,
                                    size_t row, const tariffs_entry *entry) {
    struct tariffs_quote *q = NULL;
    tariffs_status st = tariffs_quote(s, entry, &q);
    CHECK_STATUS(tariffs_batch_row_status(c, row), st);
    if (st != TARIFFS_OK) {
        CHECK_STR(tariffs_batch_row_error_message(c, row), tariffs_last_error_message());
        CHECK_STR(tariffs_batch_row_error_field(c, row), tariffs_last_error_field());
        return;
    }
    char x[TARIFFS_DECIMAL_BUFFER_SIZE], y[TARIFFS_DECIMAL_BUFFER_SIZE];
    for (int k = 0; k < 5; k++) {
        CHECK_STR(batch_text(batch_columns[k], c, row, x), quote_text(quote_columns[k], q, y));
    }
    /* A warning exactly where the quote has one (the rows dated 2025-06-15). */
    CHECK((tariffs_batch_row_warning(c, row) != NULL) == (tariffs_quote_warning_count(q) > 0));
    check_authority_sums(c, row, q);
    tariffs_quote_free(q);
}

/* Quotes the table by columns and by the reference, and compares every row.
 * `with_quote` also compares each row with tariffs_quote. Returns the number
 * of rows that failed. */
static size_t compare(const tariffs_schedule *s, table *t, const options *o, int with_quote) {
    size_t n = t->n;
    tariffs_entry **owned = calloc(n ? n : 1, sizeof *owned);
    const tariffs_entry **entries = calloc(n ? n : 1, sizeof *entries);
    failure *failures = calloc(n ? n : 1, sizeof *failures);
    CHECK(owned != NULL && entries != NULL && failures != NULL);
    if (owned == NULL || entries == NULL || failures == NULL) {
        free(owned);
        free((void *)entries);
        free(failures);
        return 0;
    }
    size_t setter_failures = 0;
    for (size_t i = 0; i < n; i++) {
        owned[i] = reference_entry(t, i, o, &failures[i]);
        entries[i] = owned[i];
        if (owned[i] == NULL) setter_failures++;
    }

    tariffs_batch *c = NULL, *b = NULL;
    CHECK_OK(call_columns(s, t, o, &c));
    CHECK_OK(tariffs_quote_batch(s, entries, n, &b));
    /* The columns batch does not borrow the table. */
    table_free(t);
    if (c == NULL || b == NULL) {
        tariffs_batch_free(c);
        tariffs_batch_free(b);
        for (size_t i = 0; i < n; i++) tariffs_entry_free(owned[i]);
        free(owned);
        free((void *)entries);
        free(failures);
        return 0;
    }

    CHECK(tariffs_batch_len(c) == n);
    /* The batch's NULL rows are exactly the setter failures. */
    CHECK(tariffs_batch_error_count(c) == tariffs_batch_error_count(b));
    CHECK(tariffs_batch_authority_count(c) == tariffs_batch_authority_count(b));
    for (size_t a = 0; a < tariffs_batch_authority_count(b); a++) {
        CHECK_STR(tariffs_batch_authority_name(c, a), tariffs_batch_authority_name(b, a));
        CHECK(tariffs_batch_authority_is_fee(c, a) == tariffs_batch_authority_is_fee(b, a));
    }
    for (size_t i = 0; i < n; i++) {
        if (owned[i] == NULL) {
            check_row_against_setter(c, i, &failures[i]);
        } else {
            check_row_against_batch(c, b, i);
            if (with_quote) check_row_against_quote(s, c, i, owned[i]);
        }
        tariffs_entry_free(owned[i]);
    }
    size_t failed = tariffs_batch_error_count(c);
    printf("columns: %zu rows (importer %s%s%s%s), %zu failed (%zu in a setter)\n", n,
           o->importer ? o->importer : "NULL", o->mode ? ", mode" : "",
           o->quantities ? ", quantities" : "", o->claims ? ", claims" : "", failed,
           setter_failures);
    tariffs_batch_free(b);
    tariffs_batch_free(c);
    free(owned);
    free((void *)entries);
    free(failures);
    return failed;
}

static void test_varied_rows(size_t rows, size_t big) {
    tariffs_schedule *s = load_fixture();
    table t;
    const options all = {NULL, 1, 1, 1};
    const options us = {"us", 1, 1, 1};
    const options ca = {"CA", 1, 1, 1};
    const options required = {NULL, 0, 0, 0};

    /* With 700 rows or more, every kind of bad row is in the table (all
     * fail but the largest value, which quotes). */
    if (table_new(&t, rows, fill_row)) {
        size_t failed = compare(s, &t, &all, 1);
        CHECK(rows < 25 * BAD_KINDS || (failed >= BAD_KINDS - 1 && failed < rows / 10));
    }
    if (table_new(&t, rows < 300 ? rows : 300, fill_row)) compare(s, &t, &us, 1);
    /* An importer the schedule does not cover: every row that parses fails
     * with TARIFFS_UNKNOWN_IMPORTER (or its negative value first). */
    if (table_new(&t, rows < 300 ? rows : 300, fill_row)) compare(s, &t, &ca, 1);
    if (table_new(&t, rows, fill_row)) compare(s, &t, &required, 1);
    /* Enough rows for several parsing threads and several quoting chunks. */
    if (big > 0 && table_new(&t, big, fill_row)) compare(s, &t, &all, 0);
    tariffs_schedule_free(s);
}

/* Rows computed by hand (see test_batch.c): CN $1000 express: 165.00 +
 * 200.00 + MPF minimum 32.71 = 397.71; VN cheese 10 kg: 10.35 + 32.71 =
 * 43.06; CN with TESTCLAIM: the 20% removed, 197.71; and the header's
 * example, whose row 2 (origin XX) fails alone. */
static void test_hand_rows(void) {
    tariffs_schedule *s = load_fixture();
    const char *hts[] = {"6109.10.00.12", "0406.10.10", "6109.10.00.12", "6109.10.00.12"};
    const char *origin[] = {"CN", "VN", "CN", "XX"};
    const char *value[] = {"1000", "500", "1000", "10"};
    const char *date[] = {"2025-04-01", "2025-04-01", "2025-04-01", "2025-04-01"};
    const char *mode[] = {"express", NULL, NULL, NULL};
    const char *qty[] = {NULL, "kg=10", "", NULL};
    const char *claims[] = {"", NULL, "testclaim", NULL};
    tariffs_batch *b = NULL;
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];
    CHECK_OK(tariffs_quote_columns(s, 4, NULL, hts, origin, value, date, mode, qty, claims, &b));
    CHECK(tariffs_batch_len(b) == 4);
    CHECK(tariffs_batch_error_count(b) == 1);
    CHECK_STR(batch_text(tariffs_batch_duty, b, 0, x), "365.00");
    CHECK_STR(batch_text(tariffs_batch_total, b, 0, x), "397.71");
    CHECK_STR(batch_text(tariffs_batch_total, b, 1, x), "43.06");
    CHECK_STR(batch_text(tariffs_batch_total, b, 2, x), "197.71");
    CHECK_STATUS(tariffs_batch_row_status(b, 3), TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_batch_row_error_field(b, 3), "origin");
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 3), "XX");
    tariffs_batch_free(b);

    /* Without the optional columns: ocean, no kg (the cheese fails), no
     * claim (the 20% stays). */
    CHECK_OK(tariffs_quote_columns(s, 4, NULL, hts, origin, value, date, NULL, NULL, NULL, &b));
    CHECK(tariffs_batch_error_count(b) == 2);
    CHECK_STATUS(tariffs_batch_row_status(b, 1), TARIFFS_MISSING_QUANTITY);
    CHECK_STR(batch_text(tariffs_batch_total, b, 2, x), "397.71");
    tariffs_batch_free(b);
    tariffs_schedule_free(s);
}

/* ---- many distinct quantity bases: memory in proportion to the input --- */

/* A varied row (good or bad) whose good quantities also name a basis of
 * its own: every row adds a distinct unit and basis to the call. */
static void fill_row_with_own_basis(size_t i, row_text *r) {
    fill_row(i, r);
    if (is_bad(i)) return;
    if (r->no_quantities || blank(r->quantities)) {
        r->no_quantities = 0;
        SET(quantities, "kg[lot %zu]=1", i);
    } else {
        size_t used = strlen(r->quantities);
        snprintf(r->quantities + used, sizeof r->quantities - used, ",kg[lot %zu]=1", i);
    }
}

/* Cheese (the fixture's $1.035/kg) from VN, 10 kg and a basis of its own. */
static void cheese_row_with_own_basis(size_t i, row_text *r) {
    memset(r, 0, sizeof *r);
    SET(hts, "0406.10.10");
    SET(origin, "VN");
    SET(value, "500");
    SET(date, "2025-04-01");
    r->no_mode = 1;
    SET(quantities, "kg=10,kg[part %zu]=1", i);
    r->no_claims = 1;
}

/* Whether the program runs under valgrind (its preload library is in the
 * environment): the address-space limit below would constrain valgrind
 * itself, and memory use is not measured there. */
static int under_valgrind(void) {
    const char *p = getenv("LD_PRELOAD");
    return p != NULL && strstr(p, "vgpreload") != NULL;
}

/* The process's address space (VmSize), in bytes; 0 when unknown. */
static unsigned long long address_space(void) {
    unsigned long long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL) return 0;
    if (fscanf(f, "%llu", &pages) != 1) pages = 0;
    fclose(f);
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* tariffs_quote_columns kept one quantity column as long as the batch per
 * distinct unit and basis: 24,000 rows each with a basis of its own were
 * 24,000 x 24,000 cells of 20 bytes, 11.5 GB, and the process aborted.
 * Under a limit of 1.5 GB more address space than the process has, the
 * call must now succeed, each row quoted as by hand: 10 kg x $1.035 =
 * 10.35, MPF minimum 32.71, total 43.06. Then rows of every kind (bad
 * ones too) with bases of their own say exactly what the setters,
 * tariffs_quote_batch and tariffs_quote say. */
static void test_many_distinct_bases(void) {
    tariffs_schedule *s = load_fixture();
    const options all = {NULL, 1, 1, 1};
    table t;
    const size_t n = 24000;
    if (table_new(&t, n, cheese_row_with_own_basis)) {
        struct rlimit old;
        int limited = 0;
        unsigned long long now = address_space();
        if (!under_valgrind() && now > 0 && getrlimit(RLIMIT_AS, &old) == 0) {
            struct rlimit lim = old;
            rlim_t want = (rlim_t)(now + 1536ULL * 1024 * 1024);
            if (old.rlim_cur == RLIM_INFINITY || old.rlim_cur > want) {
                lim.rlim_cur = want;
                limited = setrlimit(RLIMIT_AS, &lim) == 0;
            }
        }
        tariffs_batch *b = NULL;
        CHECK_OK(tariffs_quote_columns(s, n, NULL, t.hts, t.origin, t.value, t.date, t.mode,
                                       t.quantities, t.claims, &b));
        if (limited) CHECK(setrlimit(RLIMIT_AS, &old) == 0);
        CHECK(tariffs_batch_len(b) == n);
        CHECK(tariffs_batch_error_count(b) == 0);
        char x[TARIFFS_DECIMAL_BUFFER_SIZE];
        size_t rows[] = {0, 1, n / 2, n - 1};
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
            CHECK_STR(batch_text(tariffs_batch_duty, b, rows[k], x), "10.35");
            CHECK_STR(batch_text(tariffs_batch_fees, b, rows[k], x), "32.71");
            CHECK_STR(batch_text(tariffs_batch_total, b, rows[k], x), "43.06");
        }
        tariffs_batch_free(b);
        table_free(&t);
    }
    if (table_new(&t, 1000, fill_row_with_own_basis)) compare(s, &t, &all, 1);
    tariffs_schedule_free(s);
}

static void test_empty_and_null_arguments(void) {
    tariffs_schedule *s = load_fixture();
    const char *hts[] = {"6109.10.00.12"};
    const char *origin[] = {"CN"};
    const char *value[] = {"1000"};
    const char *date[] = {"2025-04-01"};
    tariffs_batch *const sentinel = (tariffs_batch *)(uintptr_t)1;
    tariffs_batch *b = NULL;
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];

    /* count 0: every array may be NULL; the batch is empty but has its
     * authority columns. */
    CHECK_OK(tariffs_quote_columns(s, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &b));
    CHECK(b != NULL);
    CHECK(tariffs_batch_len(b) == 0);
    CHECK(tariffs_batch_error_count(b) == 0);
    CHECK(tariffs_batch_authority_count(b) == 4);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STATUS(tariffs_batch_total(b, 0, x, sizeof x, NULL), TARIFFS_INDEX_OUT_OF_RANGE);
    tariffs_batch_free(b);
    b = NULL;
    CHECK_OK(tariffs_quote_columns(s, 0, "US", hts, origin, value, date, NULL, NULL, NULL, &b));
    CHECK(tariffs_batch_len(b) == 0);
    tariffs_batch_free(b);

    /* The call's own arguments. */
    b = sentinel;
    CHECK_STATUS(tariffs_quote_columns(NULL, 1, NULL, hts, origin, value, date, NULL, NULL, NULL,
                                       &b),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(b == NULL);
    CHECK_STATUS(tariffs_quote_columns(s, 1, NULL, hts, origin, value, date, NULL, NULL, NULL,
                                       NULL),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    const char *const names[4] = {"hts", "origin", "value", "date"};
    for (int k = 0; k < 4; k++) {
        const char *const *c[4] = {hts, origin, value, date};
        c[k] = NULL;
        b = sentinel;
        CHECK_STATUS(tariffs_quote_columns(s, 1, NULL, c[0], c[1], c[2], c[3], NULL, NULL, NULL,
                                           &b),
                     TARIFFS_NULL_ARGUMENT);
        CHECK_STR(tariffs_last_error_field(), names[k]);
        CHECK(b == NULL);
    }
    /* A count no array can hold is refused before anything is read. */
    b = sentinel;
    CHECK_STATUS(tariffs_quote_columns(s, SIZE_MAX, NULL, hts, origin, value, date, NULL, NULL,
                                       NULL, &b),
                 TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "count");
    CHECK(b == NULL);
    /* A malformed importer fails the call, as tariffs_entry_set_importer
     * fails; one the schedule does not cover fails each row. */
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    const char *bad_importers[2] = {"XX", "U\xffS"};
    for (int k = 0; k < 2; k++) {
        tariffs_status expected = tariffs_entry_set_importer(e, bad_importers[k]);
        char message[512];
        snprintf(message, sizeof message, "%s", tariffs_last_error_message());
        CHECK(expected != TARIFFS_OK);
        b = sentinel;
        CHECK_STATUS(tariffs_quote_columns(s, 1, bad_importers[k], hts, origin, value, date, NULL,
                                           NULL, NULL, &b),
                     expected);
        CHECK_STR(tariffs_last_error_message(), message);
        CHECK_STR(tariffs_last_error_field(), "importer");
        CHECK(b == NULL);
    }
    tariffs_entry_free(e);
    CHECK_OK(tariffs_quote_columns(s, 1, "CA", hts, origin, value, date, NULL, NULL, NULL, &b));
    CHECK(tariffs_batch_error_count(b) == 1);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_UNKNOWN_IMPORTER);
    tariffs_batch_free(b);

    /* A schedule without the importer still returns a batch: every row
     * fails alone, and there are no authority columns. */
    const char *bare = "{\"format\": \"tariffs-schedule/1\"}";
    tariffs_schedule *empty = NULL;
    CHECK_OK(tariffs_schedule_from_json(bare, strlen(bare), &empty));
    CHECK_OK(tariffs_quote_columns(empty, 1, NULL, hts, origin, value, date, NULL, NULL, NULL, &b));
    CHECK(tariffs_batch_error_count(b) == 1);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_UNKNOWN_IMPORTER);
    CHECK(tariffs_batch_authority_count(b) == 0);
    tariffs_batch_free(b);
    tariffs_schedule_free(empty);
    tariffs_schedule_free(s);
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : DEFAULT_ROWS;
    long big = argc > 2 ? atol(argv[2]) : DEFAULT_BIG;
    if (rows < 1) rows = 1;
    if (big < 0) big = 0;
    test_varied_rows((size_t)rows, (size_t)big);
    test_hand_rows();
    test_many_distinct_bases();
    test_empty_and_null_arguments();
    return check_report("c_columns");
}
