/*
 * Tests of tariffs_refunds_arrow and tariffs_batch_authority_is_ieepa
 * against the builtin schedule.
 *
 * The amounts are worked out by hand from the builtin rates of CN
 * 6109.10.00.12 (cotton T-shirts), value 10000, ocean:
 *
 * - entered 2025-04-10: MFN 16.5% (1650.00), Section 301 List 4A 7.5%
 *   (750.00), IEEPA fentanyl 20% (2000.00), IEEPA reciprocal 125%
 *   (12500.00, 2025-04-10..2025-05-13): IEEPA principal 14500.00, duty
 *   16900.00 (169%), other duty 2400.00;
 * - entered 2026-03-10: IEEPA ended for entries from 2026-02-24, Section
 *   122 +10% (2026-02-24..2026-07-23): Section 122 principal 1000.00, IEEPA
 *   principal 0.00;
 * - origin XX: not a country, the row fails (field origin) and only it.
 *
 * The same rows quoted with tariffs_quote_batch: the amounts of the
 * authority columns tariffs_batch_authority_is_ieepa marks add up to the
 * same 14500.00 and 0.00. The audit of a long filed table (E1: the
 * reciprocal filed as 12000.00, a difference of -500.00, the other duties
 * as computed; E2: only its MFN filed, under its HTS code, so Section 301
 * 750.00 and Section 122 1000.00 missing; a line with no filed row would
 * not be audited) and its tolerance; the payer and the interest table change the interest. Then
 * the call's failures: NULL schedule, options, as_of, in; bad options
 * (payer, as_of, interest_to, tolerance, interest table JSON); released
 * and failing streams, a filed line that matches no input line, a missing
 * column. After every call, every schema, array and stream of the
 * producer must have been released exactly once (arrow_live == 0), and
 * under valgrind nothing leaks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrow_helpers.h"
#include "batch_helpers.h"

/* ---- the input ---------------------------------------------------------- */

static const char *in_entry[] = {"E1", "E2", "E3"};
static const char *in_line[] = {"001", "001", "001"};
static const char *in_hts[] = {"6109.10.00.12", "6109.10.00.12", "6109.10.00.12"};
static const char *in_origin[] = {"CN", "CN", "XX"};
static const char *in_value[] = {"10000", "10000", "10000"};
static const char *in_date[] = {"2025-04-10", "2026-03-10", "2025-04-10"};

/* The three rows, in two batches (2 + 1). */
static void input_table(test_table *t) {
    memset(t, 0, sizeof *t);
    t->n_rows = 3;
    t->fail_next_at = -1;
    t->n_cols = 6;
    t->cols[0] = (test_column){"entry_number", COL_UTF8, in_entry};
    t->cols[1] = (test_column){"line_number", COL_UTF8, in_line};
    t->cols[2] = (test_column){"hts", COL_UTF8, in_hts};
    t->cols[3] = (test_column){"origin", COL_UTF8, in_origin};
    t->cols[4] = (test_column){"value", COL_UTF8, in_value};
    t->cols[5] = (test_column){"date", COL_UTF8, in_date};
    t->n_batches = 2;
    t->batch_rows[0] = 2;
    t->batch_rows[1] = 1;
}

/* The long filed table of E1/001: every duty as computed but the
 * reciprocal, filed 500.00 short (fees are audited only when filed). */
static const char *filed_entry[] = {"E1", "E1", "E1", "E1", "E2"};
static const char *filed_line[] = {"001", "001", "001", "001", "001"};
static const char *filed_key[] = {"mfn", "section_301", "ieepa_fentanyl", "ieepa_reciprocal", "6109.10.0012"};
static const char *filed_amount[] = {"1650.00", "750.00", "2000.00", "12000.00", "1650.00"};

static void filed_table(test_table *t) {
    memset(t, 0, sizeof *t);
    t->n_rows = 5;
    t->fail_next_at = -1;
    t->n_cols = 4;
    t->cols[0] = (test_column){"entry_number", COL_UTF8, filed_entry};
    t->cols[1] = (test_column){"line_number", COL_UTF8, filed_line};
    t->cols[2] = (test_column){"key", COL_UTF8, filed_key};
    t->cols[3] = (test_column){"amount", COL_DECIMAL, filed_amount};
    t->n_batches = 1;
    t->batch_rows[0] = 5;
}

/* ---- reading the tables ------------------------------------------------- */

/* Column `name` of a result, checked to exist. */
static const struct ArrowArray *col(const result_t *r, const char *name) {
    int k = result_col(r, name);
    CHECK(k >= 0);
    if (k < 0) {
        fprintf(stderr, "  no column %s\n", name);
        return NULL;
    }
    return r->batch.children[k];
}

static uint64_t u64_cell(const struct ArrowArray *a, size_t i) {
    return ((const uint64_t *)a->buffers[1])[(size_t)a->offset + i];
}

static uint32_t u32_cell(const struct ArrowArray *a, size_t i) {
    return ((const uint32_t *)a->buffers[1])[(size_t)a->offset + i];
}

/* A decimal128(38, 2) cell in cents; -1 and a failed check when null. */
static long long money(const result_t *r, const char *name, size_t i) {
    const struct ArrowArray *a = col(r, name);
    if (a == NULL) return -1;
    CHECK(cell_valid(a, i));
    if (!cell_valid(a, i)) {
        fprintf(stderr, "  %s[%zu] is null\n", name, i);
        return -1;
    }
    return decimal_cell(a, i);
}

/* A utf8 cell, or NULL for a null one. */
static const char *text(const result_t *r, const char *name, size_t i, char *buf, size_t len) {
    const struct ArrowArray *a = col(r, name);
    if (a == NULL || !cell_valid(a, i)) return NULL;
    return utf8_cell(a, i, buf, len);
}

/* The five tables of one call. */
typedef struct {
    result_t lines, duties, audit, totals, errors;
} tables_t;

static tariffs_status run(const tariffs_schedule *s, const tariffs_refund_options *o,
                          const test_table *in, const test_table *filed, tables_t *t) {
    struct ArrowArrayStream si, sf, ol, od, oa, ot, oe;
    make_stream(in, &si);
    if (filed != NULL) make_stream(filed, &sf);
    memset(t, 0, sizeof *t);
    tariffs_status st =
        tariffs_refunds_arrow(s, o, &si, filed ? &sf : NULL, &ol, &od, &oa, &ot, &oe);
    CHECK(si.release == NULL);
    if (filed != NULL) CHECK(sf.release == NULL);
    CHECK(arrow_live == 0);
    if (st == TARIFFS_OK) {
        read_result(&ol, &t->lines);
        read_result(&od, &t->duties);
        read_result(&oa, &t->audit);
        read_result(&ot, &t->totals);
        read_result(&oe, &t->errors);
        /* One batch each, also when the table has no rows. */
        CHECK(t->lines.batch.release != NULL && t->duties.batch.release != NULL &&
              t->audit.batch.release != NULL && t->totals.batch.release != NULL &&
              t->errors.batch.release != NULL);
    } else {
        CHECK(ol.release == NULL && od.release == NULL && oa.release == NULL &&
              ot.release == NULL && oe.release == NULL);
    }
    return st;
}

static void tables_free(tables_t *t) {
    result_free(&t->lines);
    result_free(&t->duties);
    result_free(&t->audit);
    result_free(&t->totals);
    result_free(&t->errors);
}

/* ---- the report, by hand ------------------------------------------------ */

static void test_report(const tariffs_schedule *s) {
    test_table in, filed;
    tables_t t;
    char buf[512];
    input_table(&in);
    filed_table(&filed);
    tariffs_refund_options o = {0};
    o.as_of = "2026-06-01";
    CHECK_OK(run(s, &o, &in, &filed, &t));

    /* lines: one row per input row, in order. */
    const result_t *l = &t.lines;
    CHECK(l->rows == 3);
    if (l->rows == 3) {
        for (size_t i = 0; i < 3; i++) CHECK(u64_cell(col(l, "row"), i) == i);
        CHECK_STR(text(l, "entry_number", 0, buf, sizeof buf), "E1");
        CHECK_STR(text(l, "entry_number", 2, buf, sizeof buf), "E3");
        /* 2025-04-10 */
        CHECK(money(l, "value", 0) == 1000000);
        CHECK(money(l, "ieepa_principal", 0) == 1450000);
        CHECK(money(l, "ieepa_fentanyl", 0) == 200000);
        CHECK(money(l, "ieepa_reciprocal", 0) == 1250000);
        CHECK(money(l, "duty", 0) == 1690000);
        CHECK(money(l, "other_duty", 0) == 240000);
        CHECK(money(l, "section_122_principal", 0) == 0);
        long long interest = money(l, "ieepa_interest", 0);
        CHECK(interest > 0); /* over a year at the overpayment rate */
        CHECK(money(l, "ieepa_refund", 0) == 1450000 + interest);
        CHECK(text(l, "error", 0, buf, sizeof buf) == NULL);
        /* 2026-03-10 */
        CHECK(money(l, "section_122_principal", 1) == 100000);
        CHECK(money(l, "ieepa_principal", 1) == 0);
        CHECK(money(l, "ieepa_fentanyl", 1) == 0);
        CHECK(money(l, "ieepa_reciprocal", 1) == 0);
        CHECK(money(l, "ieepa_interest", 1) == 0);
        CHECK(text(l, "section_122_note", 1, buf, sizeof buf) != NULL);
        /* origin XX: failed, null amounts, its error */
        CHECK(!cell_valid(col(l, "ieepa_principal"), 2));
        CHECK_CONTAINS(text(l, "error", 2, buf, sizeof buf), "XX");
    }

    /* errors: only the bad row, naming the field. */
    const result_t *e = &t.errors;
    CHECK(e->rows == 1);
    if (e->rows == 1) {
        CHECK(u64_cell(col(e, "row"), 0) == 2);
        CHECK_STR(text(e, "entry_number", 0, buf, sizeof buf), "E3");
        CHECK_STR(text(e, "field", 0, buf, sizeof buf), "origin");
        CHECK_CONTAINS(text(e, "error", 0, buf, sizeof buf), "XX");
    }

    /* duties: the IEEPA lines of row 0 add up to its principal; row 1 has
     * a Section 122 line of 1000.00 and no IEEPA line; row 2 has none. */
    const result_t *d = &t.duties;
    long long ieepa0 = 0, s122_1 = 0;
    int ieepa1 = 0, row2 = 0;
    for (size_t i = 0; i < d->rows; i++) {
        uint64_t row = u64_cell(col(d, "row"), i);
        const char *group = text(d, "refund_group", i, buf, sizeof buf);
        int is_ieepa = group != NULL && strcmp(group, "ieepa") == 0;
        int is_122 = group != NULL && strcmp(group, "section_122") == 0;
        if (row == 0 && is_ieepa) ieepa0 += money(d, "amount", i);
        if (row == 1 && is_ieepa) ieepa1++;
        if (row == 1 && is_122) s122_1 += money(d, "amount", i);
        if (row == 2) row2++;
    }
    CHECK(ieepa0 == 1450000);
    CHECK(ieepa1 == 0);
    CHECK(s122_1 == 100000);
    CHECK(row2 == 0);

    /* audit: on E1, one finding, the reciprocal filed 500.00 short. E2
     * has only its MFN filed (1650.00 under its HTS code, as computed):
     * Section 301 750.00 and Section 122 1000.00 are missing. E3 failed:
     * not audited. */
    const result_t *a = &t.audit;
    int reciprocal = 0, missing = 0, other = 0;
    long long missing_sum = 0;
    CHECK(a->rows == 3);
    for (size_t i = 0; i < a->rows; i++) {
        uint64_t row = u64_cell(col(a, "row"), i);
        const char *key = text(a, "key", i, buf, sizeof buf);
        if (row == 0 && key != NULL && strcmp(key, "ieepa_reciprocal") == 0) {
            reciprocal++;
            CHECK_STR(text(a, "kind", i, buf, sizeof buf), "amount");
            CHECK(money(a, "filed", i) == 1200000);
            CHECK(money(a, "computed", i) == 1250000);
            CHECK(money(a, "difference", i) == -50000);
        } else if (row == 1) {
            missing++;
            CHECK_STR(text(a, "kind", i, buf, sizeof buf), "missing");
            CHECK(money(a, "filed", i) == 0);
            CHECK(money(a, "difference", i) == -money(a, "computed", i));
            missing_sum += money(a, "computed", i);
        } else {
            other++;
        }
    }
    CHECK(reciprocal == 1 && missing == 2 && other == 0);
    CHECK(missing_sum == 75000 + 100000);
    if (l->rows == 3) {
        CHECK(u32_cell(col(l, "findings"), 0) == 1);
        CHECK(u32_cell(col(l, "findings"), 1) == 2);
        CHECK(money(l, "duty", 1) == 165000 + 75000 + 100000);
    }

    /* totals: the IEEPA principal adds up to row 0's, the Section 122 to
     * row 1's; the failed row is counted. */
    const result_t *tt = &t.totals;
    long long ieepa = 0, s122 = 0;
    uint64_t lines = 0, failed = 0;
    for (size_t i = 0; i < tt->rows; i++) {
        ieepa += money(tt, "ieepa_principal", i);
        s122 += money(tt, "section_122_principal", i);
        lines += u64_cell(col(tt, "lines"), i);
        failed += u64_cell(col(tt, "failed_lines"), i);
    }
    CHECK(ieepa == 1450000);
    CHECK(s122 == 100000);
    CHECK(failed == 1);
    CHECK(lines >= 2);
    tables_free(&t);
    CHECK(arrow_live == 0);

    /* A tolerance of 800.00: the reciprocal's 500.00 and E2's missing
     * Section 301 750.00 are within it; E2's Section 122 1000.00 is not. */
    o.tolerance = "800";
    CHECK_OK(run(s, &o, &in, &filed, &t));
    CHECK(t.audit.rows == 1);
    for (size_t i = 0; i < t.audit.rows; i++) {
        CHECK(u64_cell(col(&t.audit, "row"), i) == 1);
        CHECK(money(&t.audit, "computed", i) == 100000);
    }
    if (t.lines.rows == 3) {
        CHECK(u32_cell(col(&t.lines, "findings"), 0) == 0);
        CHECK(u32_cell(col(&t.lines, "findings"), 1) == 1);
    }
    tables_free(&t);
    o.tolerance = NULL;

    /* No filed table: no audit; findings null. */
    CHECK_OK(run(s, &o, &in, NULL, &t));
    CHECK(t.audit.rows == 0 && t.lines.rows == 3);
    if (t.lines.rows == 3) CHECK(!cell_valid(col(&t.lines, "findings"), 0));
    long long corporate = t.lines.rows == 3 ? money(&t.lines, "ieepa_interest", 0) : -1;
    tables_free(&t);

    /* The payer: the noncorporate overpayment rate is a point above the
     * corporate one (26 U.S.C. 6621(a)(1)), so more interest. */
    o.payer = "noncorporate";
    CHECK_OK(run(s, &o, &in, NULL, &t));
    if (t.lines.rows == 3) CHECK(money(&t.lines, "ieepa_interest", 0) > corporate);
    tables_free(&t);
    o.payer = NULL;

    /* An interest table of 0%: no interest. */
    o.interest_rates_json =
        "{\"format\": \"tariffs-interest/1\", \"quarters\": [{\"from\": \"2025-01-01\","
        " \"until\": \"2027-01-01\", \"overpayment_noncorporate\": \"0\","
        " \"overpayment_corporate\": \"0\", \"source\": \"test\"}]}";
    CHECK_OK(run(s, &o, &in, NULL, &t));
    if (t.lines.rows == 3) {
        CHECK(money(&t.lines, "ieepa_interest", 0) == 0);
        CHECK(money(&t.lines, "ieepa_refund", 0) == 1450000);
    }
    tables_free(&t);
    o.interest_rates_json = NULL;

    /* Every out-pointer NULL: the call still checks and reports OK. */
    struct ArrowArrayStream si;
    make_stream(&in, &si);
    CHECK_OK(tariffs_refunds_arrow(s, &o, &si, NULL, NULL, NULL, NULL, NULL, NULL));
    CHECK(si.release == NULL && arrow_live == 0);
}

/* ---- the same rows as a batch ------------------------------------------- */

static void test_batch_is_ieepa(const tariffs_schedule *s) {
    tariffs_entry *entries[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        CHECK_OK(tariffs_entry_new(&entries[i]));
        CHECK_OK(tariffs_entry_set_origin(entries[i], in_origin[i]));
        CHECK_OK(tariffs_entry_set_hts(entries[i], in_hts[i]));
        CHECK_OK(tariffs_entry_set_value(entries[i], in_value[i]));
        CHECK_OK(tariffs_entry_set_date(entries[i], in_date[i]));
    }
    tariffs_batch *b = NULL;
    CHECK_OK(tariffs_quote_batch(s, (const tariffs_entry *const *)entries, 2, &b));
    const long long expected[2] = {1450000, 0};
    int ieepa_columns = 0, mfn_seen = 0;
    for (size_t a = 0; a < tariffs_batch_authority_count(b); a++) {
        const char *name = tariffs_batch_authority_name(b, a);
        int flag = tariffs_batch_authority_is_ieepa(b, a);
        CHECK(flag == 0 || flag == 1);
        /* The names the builtin schedule gives its IEEPA authorities. */
        CHECK(flag == (strncmp(name, "ieepa_", 6) == 0));
        if (strcmp(name, "mfn") == 0) {
            mfn_seen = 1;
            CHECK(flag == 0);
        }
        if (strcmp(name, "section_122") == 0 || strcmp(name, "mpf") == 0) CHECK(flag == 0);
        ieepa_columns += flag;
    }
    CHECK(mfn_seen);
    CHECK(ieepa_columns >= 2); /* fentanyl and reciprocal at least */
    for (size_t row = 0; row < 2; row++) {
        long long sum = 0;
        char x[TARIFFS_DECIMAL_BUFFER_SIZE];
        for (size_t a = 0; a < tariffs_batch_authority_count(b); a++) {
            if (!tariffs_batch_authority_is_ieepa(b, a)) continue;
            CHECK_OK(tariffs_batch_amount(b, row, a, x, sizeof x, NULL));
            sum += hundredths(x);
        }
        CHECK(sum == expected[row]);
        if (sum != expected[row])
            fprintf(stderr, "  row %zu: IEEPA %lld cents, expected %lld\n", row, sum,
                    expected[row]);
    }
    /* Out of range and NULL: 0, no last error. */
    CHECK(tariffs_batch_authority_is_ieepa(b, tariffs_batch_authority_count(b)) == 0);
    CHECK(tariffs_batch_authority_is_ieepa(b, (size_t)-1) == 0);
    CHECK(tariffs_batch_authority_is_ieepa(NULL, 0) == 0);
    tariffs_batch_free(b);
    for (int i = 0; i < 2; i++) tariffs_entry_free(entries[i]);
}

/* ---- the call's failures ------------------------------------------------ */

/* The call with `in` (and `filed` when not NULL) fails with `status`, a
 * message containing `needle` and field `field`; the streams consumed, the
 * outs released, nothing of the producer's left. */
static void expect_failure(const tariffs_schedule *s, const tariffs_refund_options *o,
                           const test_table *in, const test_table *filed, tariffs_status status,
                           const char *needle, const char *field) {
    tables_t t;
    CHECK_STATUS(run(s, o, in, filed, &t), status);
    CHECK_CONTAINS(tariffs_last_error_message(), needle);
    CHECK_STR(tariffs_last_error_field(), field);
    if (arrow_live != 0) {
        fprintf(stderr, "  %ld schema(s)/array(s)/stream(s) not released after: %s\n", arrow_live,
                needle);
        arrow_live = 0;
    }
}

static void test_failures(const tariffs_schedule *s) {
    test_table in, filed;
    input_table(&in);
    filed_table(&filed);
    tariffs_refund_options o = {0};
    o.as_of = "2026-06-01";

    /* NULL arguments: the streams consumed all the same. */
    expect_failure(NULL, &o, &in, &filed, TARIFFS_NULL_ARGUMENT, "schedule", "schedule");
    expect_failure(s, NULL, &in, &filed, TARIFFS_NULL_ARGUMENT, "options", "options");
    o.as_of = NULL;
    expect_failure(s, &o, &in, &filed, TARIFFS_NULL_ARGUMENT, "as_of", "as_of");
    o.as_of = "2026-06-01";
    struct ArrowArrayStream sf, out;
    make_stream(&filed, &sf);
    memset(&out, 0xAB, sizeof out);
    CHECK_STATUS(tariffs_refunds_arrow(s, &o, NULL, &sf, &out, NULL, NULL, NULL, NULL),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "in");
    CHECK(sf.release == NULL && out.release == NULL && arrow_live == 0);

    /* Bad options, each named. */
    o.payer = "sole trader";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "sole trader", "payer");
    o.payer = NULL;
    o.as_of = "2026-13-01";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "2026-13-01", "as_of");
    o.as_of = "2026-06-01";
    o.interest_to = "2040-01-01"; /* past the builtin interest table */
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "2040-01-01", "interest_to");
    o.interest_to = "yesterday";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "yesterday", "interest_to");
    o.interest_to = NULL;
    o.tolerance = "-1";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "-1", "tolerance");
    o.tolerance = "one dollar";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "one dollar", "tolerance");
    o.tolerance = NULL;
    o.interest_rates_json = "{";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "interest_rates_json",
                   "interest_rates_json");
    o.interest_rates_json = "{\"format\": \"tariffs-interest/9\", \"quarters\": []}";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "tariffs-interest/9",
                   "interest_rates_json");
    o.interest_rates_json = NULL;
    o.importer = "ZZZ";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_INPUT, "ZZZ", "importer");
    o.importer = NULL;
    o.payer = "\xff";
    expect_failure(s, &o, &in, NULL, TARIFFS_INVALID_UTF8, "payer", "payer");
    o.payer = NULL;

    /* The streams. */
    test_table bad;
    input_table(&bad);
    bad.fail_next_at = 1;
    expect_failure(s, &o, &bad, &filed, TARIFFS_INVALID_INPUT, "disk is on fire", "in");
    filed_table(&bad);
    bad.fail_next_at = 0;
    expect_failure(s, &o, &in, &bad, TARIFFS_INVALID_INPUT, "disk is on fire", "filed");
    filed_table(&bad);
    bad.bad_utf8 = 1;
    expect_failure(s, &o, &in, &bad, TARIFFS_INVALID_INPUT,
                   "column entry_number of the filed Arrow stream is malformed", "filed");
    /* A released filed stream. */
    struct ArrowArrayStream si;
    make_stream(&in, &si);
    make_stream(&filed, &sf);
    sf.release(&sf);
    CHECK_STATUS(tariffs_refunds_arrow(s, &o, &si, &sf, NULL, NULL, NULL, NULL, NULL),
                 TARIFFS_INVALID_INPUT);
    CHECK_CONTAINS(tariffs_last_error_message(), "released");
    CHECK_STR(tariffs_last_error_field(), "filed");
    CHECK(si.release == NULL && arrow_live == 0);

    /* A filed line no input row has. */
    static const char *other_entry[] = {"E9", "E9", "E9", "E9", "E9"};
    filed_table(&bad);
    bad.cols[0].cells = other_entry;
    expect_failure(s, &o, &in, &bad, TARIFFS_INVALID_INPUT, "E9", "filed");
    /* The filed table without its amount column. */
    filed_table(&bad);
    bad.n_cols = 3;
    expect_failure(s, &o, &in, &bad, TARIFFS_INVALID_INPUT, "amount", "amount");
    /* The input without hts, also from a stream of no batch. */
    input_table(&bad);
    bad.cols[2].name = "code";
    expect_failure(s, &o, &bad, NULL, TARIFFS_INVALID_INPUT, "hts", "hts");
    bad.n_batches = 0;
    expect_failure(s, &o, &bad, NULL, TARIFFS_INVALID_INPUT, "hts", "hts");

    /* A stream of no batch: empty tables, one batch each. */
    input_table(&bad);
    bad.n_batches = 0;
    tables_t t;
    CHECK_OK(run(s, &o, &bad, NULL, &t));
    CHECK(t.lines.rows == 0 && t.errors.rows == 0 && t.duties.rows == 0);
    CHECK(result_col(&t.lines, "ieepa_principal") >= 0);
    tables_free(&t);
    CHECK(arrow_live == 0);
}

int main(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_builtin(&s));
    if (s == NULL) return check_report("test_refunds");
    test_report(s);
    test_batch_is_ieepa(s);
    test_failures(s);
    tariffs_schedule_free(s);
    return check_report("test_refunds");
}
