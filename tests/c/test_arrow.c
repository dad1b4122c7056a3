/*
 * Tests of tariffs_quote_arrow against the schedule in fixture.h.
 *
 * Streams are made by hand (arrow_helpers.h) from a table of text rows:
 * varied codes, origins, values, dates (some after the fixture's reviewed
 * date: a warning), modes, kg quantities, claims, and a bad row every 9
 * rows (null cells, unknown codes, a missing quantity, a bad rate, a
 * negative value, a bad country, mode or claim, a date before the
 * schedule). The rows go in as several batches (one of them empty), once
 * with every column utf8, once with `value` and `qty_kg` decimal128(38, 2),
 * `date` date32 and `hts`, `origin`, `mode` dictionary(int32, utf8). Each row of the result stream is checked against the
 * same row built with the tariffs_entry_set_* setters and quoted with
 * tariffs_quote: a failed row has null amounts and the setter's or the
 * quote's message and kind; a quoted row has its duty, fees, total,
 * effective rate, warning and per-authority amounts (each authority
 * column the sum of the quote's lines of that authority).
 *
 * Then the call's own failures: NULL arguments, a released stream, a
 * stream whose get_schema or get_next fails (with and without a message),
 * a utf8 array that is not UTF-8, a batch that does not match its schema, a missing
 * `hts` column, a float `value` column; and a stream of no batch. After
 * every call, every schema, array and stream the producer handed out must
 * have been released exactly once.
 *
 * Usage: test_arrow [ROWS]   (default 600)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow_helpers.h"
#include "batch_helpers.h"

#define DEFAULT_ROWS 600

/* ---- the rows ----------------------------------------------------------- */

typedef struct {
    char hts[24], origin[8], value[24], date[16], mode[12], kg[16], claims[24];
    unsigned char no_hts, no_origin, no_value, no_date, no_mode, no_kg, no_claims;
} row_t;

typedef struct {
    size_t n;
    row_t *rows;
    const char **hts, **origin, **value, **date, **mode, **kg, **claims;
} rows_t;

#define BAD_KINDS 16
#define SET(field, ...) snprintf(r->field, sizeof r->field, __VA_ARGS__)

/* Row `i`; `typed`: only cells a decimal128(38, 2) value or kg and a
 * date32 date can hold (real dates), and decimals written with two places,
 * as the library writes a decimal128(38, 2) value in a message ("-5.00"). */
static void fill_row(size_t i, int typed, row_t *r) {
    static const char *const codes[] = {"6109.10.00.12", "6109100012", "6109.10.00", "0406.10.10"};
    static const char *const origins[] = {"CN", "VN", "DE", "MX", "cn"};
    static const char *const dates[] = {"2025-03-03", "2025-04-01", "2025-06-15"};
    static const char *const modes[] = {"ocean", "air", "express", "postal", NULL, "truck"};
    memset(r, 0, sizeof *r);
    int cheese = i % 4 == 3;
    SET(hts, "%s", codes[i % 4]);
    SET(origin, "%s", origins[i % 5]);
    SET(value, "%zu.%02zu", (i * 7919) % 50000, (i * 37) % 100);
    SET(date, "%s", dates[i % 3]);
    const char *mode = modes[(i / 3) % 6];
    if (mode == NULL) r->no_mode = 1;
    else SET(mode, "%s", mode);
    if (cheese) SET(kg, typed ? "%zu.%zu0" : "%zu.%zu", i % 97, i % 10);
    else r->no_kg = 1;
    if (i % 11 == 0) SET(claims, "TESTCLAIM");
    else if (i % 13 == 0) SET(claims, "USMCA,TESTCLAIM");
    else r->no_claims = 1;
    if (i % 9 != 4) return;
    switch ((i / 9) % BAD_KINDS) {
    case 0: r->no_hts = 1; break;
    case 1: SET(hts, "8703.23.01"); break; /* not in the schedule */
    case 2: SET(hts, "0406.10.10"); r->no_kg = 1; break; /* $/kg without kg */
    case 3: SET(hts, "8517.62.00"); break; /* the schedule's rate "banana" */
    case 4: r->no_date = 1; break;
    case 5: SET(value, "%s", typed ? "-5.00" : "-5"); break;
    case 6: SET(origin, "XX"); break;
    case 7: SET(date, "2024-12-31"); break; /* before the schedule */
    case 8: SET(mode, "boat"); r->no_mode = 0; break;
    case 9: r->no_origin = 1; break;
    case 10: r->no_value = 1; break;
    case 11: SET(hts, "%s", typed ? "8703.23.01" : "61.x"); break;
    case 12: SET(date, "%s", typed ? "2024-12-31" : "2025-02-29"); break;
    case 13: SET(value, "%s", typed ? "-0.01" : "1,000"); break;
    case 14: SET(claims, "US MCA"); r->no_claims = 0; break;
    default: SET(hts, "0406.10.10"); SET(kg, "%s", typed ? "-1.00" : "-1"); r->no_kg = 0; break;
    }
}

static void rows_new(rows_t *t, size_t n, int typed) {
    memset(t, 0, sizeof *t);
    t->n = n;
    t->rows = calloc(n ? n : 1, sizeof *t->rows);
    const char ***cols[7] = {&t->hts, &t->origin, &t->value, &t->date, &t->mode, &t->kg, &t->claims};
    for (int c = 0; c < 7; c++) *cols[c] = calloc(n ? n : 1, sizeof(const char *));
    for (size_t i = 0; i < n; i++) {
        row_t *r = &t->rows[i];
        fill_row(i, typed, r);
        t->hts[i] = r->no_hts ? NULL : r->hts;
        t->origin[i] = r->no_origin ? NULL : r->origin;
        t->value[i] = r->no_value ? NULL : r->value;
        t->date[i] = r->no_date ? NULL : r->date;
        t->mode[i] = r->no_mode ? NULL : r->mode;
        t->kg[i] = r->no_kg ? NULL : r->kg;
        t->claims[i] = r->no_claims ? NULL : r->claims;
    }
}

static void rows_free(rows_t *t) {
    free(t->rows);
    free((void *)t->hts);
    free((void *)t->origin);
    free((void *)t->value);
    free((void *)t->date);
    free((void *)t->mode);
    free((void *)t->kg);
    free((void *)t->claims);
}

/* The table of `rows` as a stream: the columns in an order of their own
 * (found by name), `typed` with decimal128 value and kg, date32 date and
 * dictionary(int32, utf8) hts, origin and mode (the empty batch has
 * dictionaries of no values), in three batches of which the second is
 * empty. */
static void rows_table(const rows_t *t, int typed, test_table *tt) {
    memset(tt, 0, sizeof *tt);
    tt->n_rows = t->n;
    tt->fail_next_at = -1;
    test_column cols[] = {
        {"mode", typed ? COL_DICT : COL_UTF8, t->mode},
        {"value", typed ? COL_DECIMAL : COL_UTF8, t->value},
        {"origin", typed ? COL_DICT : COL_UTF8, t->origin},
        {"hts", typed ? COL_DICT : COL_UTF8, t->hts},
        {"qty_kg", typed ? COL_DECIMAL : COL_UTF8, t->kg},
        {"date", typed ? COL_DATE32 : COL_UTF8, t->date},
        {"claims", COL_UTF8, t->claims},
    };
    tt->n_cols = 7;
    memcpy(tt->cols, cols, sizeof cols);
    tt->n_batches = 3;
    tt->batch_rows[0] = t->n / 3;
    tt->batch_rows[1] = 0;
    tt->batch_rows[2] = t->n - t->n / 3;
}

/* ---- the reference: setters and tariffs_quote --------------------------- */

typedef struct {
    tariffs_status status; /* TARIFFS_OK: `quote` holds the quote */
    char message[512];
    int null_cell;         /* a required cell was null: its field's name */
    char field[16];
    struct tariffs_quote *quote;
} expected_t;

static int failed(tariffs_status st, expected_t *x) {
    if (st == TARIFFS_OK) return 0;
    x->status = st;
    snprintf(x->message, sizeof x->message, "%s", tariffs_last_error_message());
    return 1;
}

static int add_claims(tariffs_entry *e, const char *cell, expected_t *x) {
    char item[24];
    const char *p = cell;
    for (;;) {
        size_t k = 0;
        for (; *p != '\0' && *p != ','; p++) {
            if (k + 1 < sizeof item) item[k++] = *p;
        }
        item[k] = '\0';
        if (failed(tariffs_entry_add_claim(e, item), x)) return 1;
        if (*p == '\0') return 0;
        p++;
    }
}

static void expect_row(const tariffs_schedule *s, const rows_t *t, size_t i, expected_t *x) {
    memset(x, 0, sizeof *x);
    const char *required[4] = {t->hts[i], t->origin[i], t->value[i], t->date[i]};
    const char *names[4] = {"hts", "origin", "value", "date"};
    for (int k = 0; k < 4; k++) {
        if (required[k] == NULL) {
            x->status = TARIFFS_INVALID_INPUT;
            x->null_cell = 1;
            snprintf(x->field, sizeof x->field, "%s", names[k]);
            return;
        }
    }
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    int bad = failed(tariffs_entry_set_hts(e, t->hts[i]), x) ||
              failed(tariffs_entry_set_origin(e, t->origin[i]), x) ||
              failed(tariffs_entry_set_value(e, t->value[i]), x) ||
              failed(tariffs_entry_set_date(e, t->date[i]), x) ||
              (t->mode[i] != NULL && failed(tariffs_entry_set_mode(e, t->mode[i]), x)) ||
              (t->kg[i] != NULL && failed(tariffs_entry_add_quantity(e, "kg", t->kg[i]), x)) ||
              (t->claims[i] != NULL && add_claims(e, t->claims[i], x)) ||
              failed(tariffs_quote(s, e, &x->quote), x);
    if (!bad) x->status = TARIFFS_OK;
    tariffs_entry_free(e);
}

/* The kind name of a status: TARIFFS_UNKNOWN_CODE -> unknown_code. */
static const char *kind_of(tariffs_status st, char *buf, size_t len) {
    const char *name = tariffs_status_str((int)st) + strlen("TARIFFS_");
    size_t k = 0;
    for (; name[k] != '\0' && k + 1 < len; k++) buf[k] = (char)tolower((unsigned char)name[k]);
    buf[k] = '\0';
    return buf;
}

/* A decimal text as an integer of 10^-scale, rounded half away from zero. */
static long long scaled(const char *s, int scale) {
    int neg = 0, digits = -1, round_up = 0;
    long long v = 0;
    if (*s == '-') { neg = 1; s++; }
    for (; *s != '\0'; s++) {
        if (*s == '.') { digits = 0; continue; }
        if (digits == scale) {
            round_up = *s >= '5';
            break;
        }
        v = v * 10 + (*s - '0');
        if (digits >= 0) digits++;
    }
    for (int k = digits < 0 ? 0 : digits; k < scale; k++) v *= 10;
    v += round_up;
    return neg ? -v : v;
}

/* ---- checking a result against the reference ---------------------------- */

static const char *const RESULT_COLUMNS[] = {"duty", "fees", "total", "effective_rate",
                                             "error", "error_kind", "warning"};

static int is_result_column(const char *name) {
    for (size_t k = 0; k < sizeof RESULT_COLUMNS / sizeof *RESULT_COLUMNS; k++) {
        if (strcmp(name, RESULT_COLUMNS[k]) == 0) return 1;
    }
    return 0;
}

/* The authority an amount column is of ("authority_duty" for an authority
 * named duty), or NULL for the other columns. */
static const char *authority_of(const char *column) {
    if (is_result_column(column)) return NULL;
    const char *prefix = "authority_";
    if (strncmp(column, prefix, strlen(prefix)) == 0 && is_result_column(column + strlen(prefix)))
        return column + strlen(prefix);
    return column;
}

/* The result's schema: the fixed columns with their types. */
static void check_schema(const result_t *r) {
    const char *formats[] = {"d:38,2", "d:38,2", "d:38,2", "d:38,6", "u", "c", "c"};
    for (size_t k = 0; k < 7; k++) {
        int c = result_col(r, RESULT_COLUMNS[k]);
        CHECK(c >= 0);
        if (c < 0) continue;
        CHECK_STR(r->schema.children[c]->format, formats[k]);
        if (k >= 5) {
            CHECK(r->schema.children[c]->dictionary != NULL &&
                  strcmp(r->schema.children[c]->dictionary->format, "u") == 0);
        }
    }
    for (int64_t k = 0; k < r->schema.n_children; k++) {
        if (authority_of(r->schema.children[k]->name) != NULL)
            CHECK_STR(r->schema.children[k]->format, "d:38,2");
    }
}

/* Row `i` of the result is what the reference says. */
static void check_row(const result_t *r, size_t i, const expected_t *x, const rows_t *t) {
    const struct ArrowArray *const *col = (const struct ArrowArray *const *)r->batch.children;
    int duty = result_col(r, "duty"), fees = result_col(r, "fees"), total = result_col(r, "total");
    int rate = result_col(r, "effective_rate"), error = result_col(r, "error");
    int kind = result_col(r, "error_kind"), warning = result_col(r, "warning");
    if (duty < 0 || fees < 0 || total < 0 || rate < 0 || error < 0 || kind < 0 || warning < 0)
        return; /* check_schema reported it */
    char buf[512], k[64], y[TARIFFS_DECIMAL_BUFFER_SIZE];
    int before = check_failed;
    if (x->status != TARIFFS_OK) {
        CHECK(!cell_valid(col[duty], i) && !cell_valid(col[fees], i) &&
              !cell_valid(col[total], i) && !cell_valid(col[rate], i));
        for (int64_t c = 0; c < r->schema.n_children; c++) {
            if (authority_of(r->schema.children[c]->name) != NULL) CHECK(!cell_valid(col[c], i));
        }
        CHECK(cell_valid(col[error], i));
        CHECK(cell_valid(col[kind], i));
        if (cell_valid(col[error], i)) {
            utf8_cell(col[error], i, buf, sizeof buf);
            if (x->null_cell) CHECK_CONTAINS(buf, x->field);
            else CHECK_STR(buf, x->message);
        }
        if (cell_valid(col[kind], i))
            CHECK_STR(dict_cell(col[kind], i, k, sizeof k), kind_of(x->status, y, sizeof y));
        CHECK(!cell_valid(col[warning], i));
    } else {
        const struct tariffs_quote *q = x->quote;
        CHECK(!cell_valid(col[error], i) && !cell_valid(col[kind], i));
        CHECK(cell_valid(col[duty], i) && cell_valid(col[fees], i) && cell_valid(col[total], i) &&
              cell_valid(col[rate], i));
        CHECK(decimal_cell(col[duty], i) == cents(quote_text(tariffs_quote_duty, q, y)));
        CHECK(decimal_cell(col[fees], i) == cents(quote_text(tariffs_quote_fees, q, y)));
        CHECK(decimal_cell(col[total], i) == cents(quote_text(tariffs_quote_total, q, y)));
        CHECK(decimal_cell(col[rate], i) == scaled(quote_text(tariffs_quote_effective_rate, q, y), 6));
        /* Each authority column is the sum of the quote's lines of that
         * authority; together they are the total. */
        long long sum = 0;
        for (int64_t c = 0; c < r->schema.n_children; c++) {
            const char *authority = authority_of(r->schema.children[c]->name);
            if (authority == NULL) continue;
            long long expected = 0;
            for (size_t l = 0; l < tariffs_quote_line_count(q); l++) {
                const tariffs_line *line = NULL;
                CHECK_OK(tariffs_quote_line(q, l, &line));
                if (tariffs_line_get_kind(line) != TARIFFS_LINE_EXEMPTION &&
                    strcmp(tariffs_line_get_authority(line), authority) == 0)
                    expected += cents(tariffs_line_get_amount(line));
            }
            CHECK(cell_valid(col[c], i));
            CHECK(decimal_cell(col[c], i) == expected);
            sum += decimal_cell(col[c], i);
        }
        CHECK(sum == cents(quote_text(tariffs_quote_total, q, y)));
        /* A warning where the quote has one: the fixture's is the date the
         * policy was reviewed through. The column is a dictionary of one
         * text per warning, without the row's own date, so it is not the
         * quote's message word for word. */
        if (tariffs_quote_warning_count(q) > 0) {
            const char *message = NULL;
            CHECK_OK(tariffs_quote_warning(q, 0, &message));
            CHECK_CONTAINS(message, "after 2025-06-01");
            CHECK(cell_valid(col[warning], i));
            if (cell_valid(col[warning], i))
                CHECK_CONTAINS(dict_cell(col[warning], i, buf, sizeof buf),
                               "after 2025-06-01, the date the schedule's policy was reviewed "
                               "through");
        } else {
            CHECK(!cell_valid(col[warning], i));
        }
    }
    if (check_failed != before) {
        fprintf(stderr, "  row %zu: hts=%s origin=%s value=%s date=%s mode=%s kg=%s claims=%s\n",
                i, t->hts[i] ? t->hts[i] : "NULL", t->origin[i] ? t->origin[i] : "NULL",
                t->value[i] ? t->value[i] : "NULL", t->date[i] ? t->date[i] : "NULL",
                t->mode[i] ? t->mode[i] : "NULL", t->kg[i] ? t->kg[i] : "NULL",
                t->claims[i] ? t->claims[i] : "NULL");
    }
}

/* Quotes `n` rows as a stream (typed or text) and checks every row. */
static void test_rows(const tariffs_schedule *s, size_t n, int typed) {
    rows_t t;
    rows_new(&t, n, typed);
    test_table tt;
    rows_table(&t, typed, &tt);
    struct ArrowArrayStream in, out;
    make_stream(&tt, &in);
    memset(&out, 0xAB, sizeof out); /* garbage: written, never read */
    CHECK_OK(tariffs_quote_arrow(s, &in, &out));
    CHECK(in.release == NULL);
    CHECK(arrow_live == 0); /* every batch of `in` released */
    result_t r;
    read_result(&out, &r);
    CHECK(r.rows == n);
    check_schema(&r);
    size_t quoted = 0, warned = 0;
    for (size_t i = 0; i < r.rows && i < n; i++) {
        expected_t x;
        expect_row(s, &t, i, &x);
        check_row(&r, i, &x, &t);
        quoted += x.status == TARIFFS_OK;
        warned += x.status == TARIFFS_OK && tariffs_quote_warning_count(x.quote) > 0;
        tariffs_quote_free(x.quote);
    }
    /* The rows are varied: most quote, some fail, some warn. */
    CHECK(quoted > n / 2 && quoted < n);
    CHECK(warned > 0);
    result_free(&r);
    rows_free(&t);
}

/* ---- hand-computed rows, decimal128 and date32 -------------------------- */

static void test_by_hand(const tariffs_schedule *s) {
    /* 6109.10.00 16.5%; CN +20% from 2025-03-04; MPF 0.3464%, 32.71..634.62. */
    const char *hts[] = {"6109.10.00", "6109.10.00", "6109.10.00"};
    const char *origin[] = {"VN", "CN", "XX"};
    const char *value[] = {"1000", "10000", "5"};
    const char *date[] = {"2025-03-10", "2025-03-10", "2025-03-10"};
    test_table tt;
    memset(&tt, 0, sizeof tt);
    tt.n_rows = 3;
    tt.fail_next_at = -1;
    tt.n_cols = 4;
    tt.cols[0] = (test_column){"hts", COL_UTF8, hts};
    tt.cols[1] = (test_column){"origin", COL_UTF8, origin};
    tt.cols[2] = (test_column){"value", COL_DECIMAL, value};
    tt.cols[3] = (test_column){"date", COL_DATE32, date};
    tt.n_batches = 2;
    tt.batch_rows[0] = 1;
    tt.batch_rows[1] = 2;
    struct ArrowArrayStream in, out;
    make_stream(&tt, &in);
    CHECK_OK(tariffs_quote_arrow(s, &in, &out));
    CHECK(arrow_live == 0);
    result_t r;
    read_result(&out, &r);
    CHECK(r.rows == 3);
    int duty = result_col(&r, "duty"), total = result_col(&r, "total");
    int mfn = result_col(&r, "mfn"), cn = result_col(&r, "ieepa_fentanyl");
    int mpf = result_col(&r, "mpf"), rate = result_col(&r, "effective_rate");
    int error = result_col(&r, "error"), postal = result_col(&r, "test_postal");
    CHECK(duty >= 0 && total >= 0 && mfn >= 0 && cn >= 0 && mpf >= 0 && rate >= 0 && error >= 0);
    CHECK(postal == -1); /* no row has that authority: no column */
    if (r.rows == 3 && duty >= 0 && total >= 0 && mfn >= 0 && cn >= 0 && mpf >= 0 && rate >= 0 &&
        error >= 0) {
        struct ArrowArray **c = r.batch.children;
        /* VN 1000: 165.00 duty, MPF 32.71 (the minimum), no CN duty. */
        CHECK(decimal_cell(c[duty], 0) == 16500);
        CHECK(decimal_cell(c[mpf], 0) == 3271);
        CHECK(decimal_cell(c[total], 0) == 19771);
        CHECK(decimal_cell(c[cn], 0) == 0);
        CHECK(decimal_cell(c[rate], 0) == 165000); /* 0.165000 */
        /* CN 10000: 1650.00 + 2000.00, MPF 34.64. */
        CHECK(decimal_cell(c[mfn], 1) == 165000);
        CHECK(decimal_cell(c[cn], 1) == 200000);
        CHECK(decimal_cell(c[mpf], 1) == 3464);
        CHECK(decimal_cell(c[total], 1) == 368464);
        CHECK(decimal_cell(c[rate], 1) == 365000);
        /* XX: no amounts, an error naming the origin. */
        CHECK(!cell_valid(c[duty], 2) && !cell_valid(c[mfn], 2) && !cell_valid(c[total], 2));
        char buf[256];
        CHECK(cell_valid(c[error], 2));
        CHECK(!cell_valid(c[error], 0) && !cell_valid(c[error], 1));
        CHECK_CONTAINS(utf8_cell(c[error], 2, buf, sizeof buf), "XX");
    }
    result_free(&r);
}

/* ---- the call's failures ------------------------------------------------ */

/* A one-row table with the given column types for hts, origin, value, date. */
static const char *one_hts[] = {"6109.10.00"}, *one_origin[] = {"VN"}, *one_value[] = {"1000"},
                  *one_date[] = {"2025-03-10"};

static void one_row_table(test_table *tt, col_type value_type) {
    memset(tt, 0, sizeof *tt);
    tt->n_rows = 1;
    tt->fail_next_at = -1;
    tt->n_cols = 4;
    tt->cols[0] = (test_column){"hts", COL_UTF8, one_hts};
    tt->cols[1] = (test_column){"origin", COL_UTF8, one_origin};
    tt->cols[2] = (test_column){"value", value_type, one_value};
    tt->cols[3] = (test_column){"date", COL_UTF8, one_date};
    tt->n_batches = 2;
    tt->batch_rows[0] = 1;
    tt->batch_rows[1] = 0;
}

/* Calls tariffs_quote_arrow with the stream of `tt` and checks it fails
 * with `status`, a message containing `needle` and field `field`; `in`
 * consumed, `out` released, nothing of the producer's left. */
static void expect_failure(const tariffs_schedule *s, const test_table *tt, tariffs_status status,
                           const char *needle, const char *field) {
    struct ArrowArrayStream in, out;
    make_stream(tt, &in);
    memset(&out, 0xAB, sizeof out);
    CHECK_STATUS(tariffs_quote_arrow(s, &in, &out), status);
    CHECK_CONTAINS(tariffs_last_error_message(), needle);
    CHECK_STR(tariffs_last_error_field(), field);
    CHECK(in.release == NULL);
    CHECK(out.release == NULL);
    CHECK(arrow_live == 0);
    if (arrow_live != 0) {
        fprintf(stderr, "  %ld schema(s)/array(s)/stream(s) not released after: %s\n", arrow_live,
                needle);
        arrow_live = 0;
    }
}

static void test_failures(const tariffs_schedule *s) {
    test_table tt;
    struct ArrowArrayStream in, out;

    /* NULL arguments; a live `in` is consumed all the same. */
    one_row_table(&tt, COL_UTF8);
    make_stream(&tt, &in);
    memset(&out, 0xAB, sizeof out);
    CHECK_STATUS(tariffs_quote_arrow(NULL, &in, &out), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(in.release == NULL && out.release == NULL && arrow_live == 0);
    make_stream(&tt, &in);
    CHECK_STATUS(tariffs_quote_arrow(s, &in, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    CHECK(in.release == NULL && arrow_live == 0);
    CHECK_STATUS(tariffs_quote_arrow(s, NULL, &out), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "in");
    CHECK(out.release == NULL);
    CHECK_STATUS(tariffs_quote_arrow(NULL, NULL, NULL), TARIFFS_NULL_ARGUMENT);

    /* A released stream (a stream given twice). */
    make_stream(&tt, &in);
    CHECK_OK(tariffs_quote_arrow(s, &in, &out));
    out.release(&out);
    CHECK_STATUS(tariffs_quote_arrow(s, &in, &out), TARIFFS_INVALID_INPUT);
    CHECK_CONTAINS(tariffs_last_error_message(), "released");
    CHECK_STR(tariffs_last_error_field(), "in");
    CHECK(out.release == NULL && arrow_live == 0);
    /* A live stream without its callbacks: released, refused. */
    make_stream(&tt, &in);
    in.get_next = NULL;
    CHECK_STATUS(tariffs_quote_arrow(s, &in, &out), TARIFFS_INVALID_INPUT);
    CHECK_CONTAINS(tariffs_last_error_message(), "get_next");
    CHECK(in.release == NULL && out.release == NULL && arrow_live == 0);

    /* The stream fails. */
    one_row_table(&tt, COL_UTF8);
    tt.fail_next_at = 1; /* after one batch */
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "the test stream's disk is on fire", "in");
    tt.fail_without_message = 1;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "without a message", "in");
    tt.fail_next_at = 0;
    tt.fail_without_message = 0;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "disk is on fire", "in");
    one_row_table(&tt, COL_UTF8);
    tt.fail_schema = 1;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "schema", "in");

    /* Malformed batches. */
    one_row_table(&tt, COL_UTF8);
    tt.bad_utf8 = 1;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "column hts of the input Arrow stream is malformed",
                   "in");
    one_row_table(&tt, COL_UTF8);
    tt.missing_child = 1;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "does not match its schema", "in");

    /* Columns the core refuses: named in the message. */
    one_row_table(&tt, COL_FLOAT64);
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "value", "value");
    one_row_table(&tt, COL_UTF8);
    tt.cols[0].name = "code"; /* no hts */
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "hts", "hts");
    /* ... also from a stream of no batch (the schema is checked first). */
    tt.n_batches = 0;
    expect_failure(s, &tt, TARIFFS_INVALID_INPUT, "hts", "hts");

    /* No batch at all: a schema and no batch out. */
    one_row_table(&tt, COL_UTF8);
    tt.n_batches = 0;
    make_stream(&tt, &in);
    CHECK_OK(tariffs_quote_arrow(s, &in, &out));
    CHECK(arrow_live == 0);
    result_t r;
    read_result(&out, &r);
    CHECK(r.rows == 0 && r.batch.release == NULL);
    CHECK(result_col(&r, "total") >= 0 && result_col(&r, "error") >= 0);
    result_free(&r);
    CHECK(arrow_live == 0);
}

int main(int argc, char **argv) {
    size_t rows = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : DEFAULT_ROWS;
    tariffs_schedule *s = load_fixture();
    test_by_hand(s);
    test_rows(s, rows, 0);
    test_rows(s, rows, 1);
    test_failures(s);
    tariffs_schedule_free(s);
    return check_report("test_arrow");
}
