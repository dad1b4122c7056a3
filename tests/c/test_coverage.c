/*
 * Tests of what a schedule covers, through the C interface: coverage,
 * quote and batch warnings, strict schedules, TARIFFS_NOT_COVERED,
 * TARIFFS_PROHIBITED (an import ban), the Chapter 99 report and
 * tariffs_schedule_with_hts_export.
 *
 * Dates are asserted on the core's test fixture, tests/fixtures/schedule.json
 * (base lines from 2025-01-01, policy reviewed through 2025-06-01), never on
 * the builtin schedule, whose reviewed-through date moves whenever newer
 * policy is integrated. MFN 6109.10.00 is 16.5% in the fixture and a 10%
 * baseline applies to Vietnam from 2025-04-05, so a $1,000 Vietnamese
 * T-shirt entry by air owes 165.00 + 100.00 = 265.00 of duty.
 *
 * The builtin is only used with tests/fixtures/hts_export_sample.json, a
 * fixture export in the USITC format whose 6109.10.00 general rate is a
 * made-up 18% (the builtin's is 16.5%), with the real heading 9903.88.15
 * (modelled by the builtin) and a made-up 9903.99.98 (modelled by nothing).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tariffs.h"

#ifndef TARIFFS_TEST_FIXTURES
#define TARIFFS_TEST_FIXTURES "../fixtures"
#endif
#define FIXTURE_SCHEDULE TARIFFS_TEST_FIXTURES "/schedule.json"
#define SAMPLE_EXPORT TARIFFS_TEST_FIXTURES "/hts_export_sample.json"

/* A handle pointer the library must overwrite (with NULL on failure). */
#define SENTINEL(type) ((type)(uintptr_t)1)

/* ---- helpers ------------------------------------------------------------ */

static tariffs_schedule *load_fixture(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_from_file(FIXTURE_SCHEDULE, &s));
    CHECK(s != NULL);
    return s;
}

static tariffs_schedule *load_builtin(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_builtin(&s));
    CHECK(s != NULL);
    return s;
}

/* A $1,000 entry by air. */
static tariffs_entry *make_entry(const char *origin, const char *hts, const char *date) {
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    CHECK_OK(tariffs_entry_set_origin(e, origin));
    CHECK_OK(tariffs_entry_set_hts(e, hts));
    CHECK_OK(tariffs_entry_set_value(e, "1000"));
    CHECK_OK(tariffs_entry_set_date(e, date));
    CHECK_OK(tariffs_entry_set_mode(e, "air"));
    return e;
}

static struct tariffs_quote *quote_ok(const tariffs_schedule *s, const char *origin,
                                      const char *hts, const char *date) {
    tariffs_entry *e = make_entry(origin, hts, date);
    struct tariffs_quote *q = NULL;
    CHECK_OK(tariffs_quote(s, e, &q));
    CHECK(q != NULL);
    tariffs_entry_free(e);
    return q;
}

/* Quotes and expects `expected`, with *out left NULL. */
static void quote_fails(const tariffs_schedule *s, const char *origin, const char *date,
                        tariffs_status expected) {
    tariffs_entry *e = make_entry(origin, "6109.10.00.12", date);
    struct tariffs_quote *q = SENTINEL(struct tariffs_quote *);
    CHECK_STATUS(tariffs_quote(s, e, &q), expected);
    CHECK(q == NULL);
    if (q != SENTINEL(struct tariffs_quote *)) tariffs_quote_free(q);
    tariffs_entry_free(e);
}

static const char *duty(const struct tariffs_quote *q) {
    static char buf[TARIFFS_DECIMAL_BUFFER_SIZE];
    if (q == NULL) return "";
    CHECK_OK(tariffs_quote_duty(q, buf, sizeof buf, NULL));
    return buf;
}

static const tariffs_coverage *coverage_of(const tariffs_schedule *s) {
    const tariffs_coverage *c = NULL;
    CHECK_OK(tariffs_schedule_coverage(s, &c));
    CHECK(c != NULL);
    return c;
}

/* Frees a quote (or does nothing for NULL). */
static void done(struct tariffs_quote *q) { tariffs_quote_free(q); }

/* ---- status codes ------------------------------------------------------- */

static void test_status_names(void) {
    CHECK((int)TARIFFS_PROHIBITED == 16);
    CHECK((int)TARIFFS_NOT_COVERED == 17);
    CHECK_STR(tariffs_status_str(16), "TARIFFS_PROHIBITED");
    CHECK_STR(tariffs_status_str(17), "TARIFFS_NOT_COVERED");
    CHECK_STR(tariffs_status_str(18), "TARIFFS_TOO_LARGE");
    /* 19 was the first unknown value until TARIFFS_MISSING_RATE took it. */
    CHECK((int)TARIFFS_MISSING_RATE == 19);
    CHECK_STR(tariffs_status_str(19), "TARIFFS_MISSING_RATE");
    CHECK_STR(tariffs_status_str(TARIFFS_MISSING_RATE), "TARIFFS_MISSING_RATE");
    CHECK_STR(tariffs_status_str(20), "TARIFFS_UNKNOWN_STATUS");
    CHECK((int)TARIFFS_WARNING_UNKNOWN == 0);
    CHECK((int)TARIFFS_WARNING_AFTER_REVIEWED_DATE == 1);
}

/* ---- coverage of a file schedule ---------------------------------------- */

static void test_fixture_coverage(void) {
    tariffs_schedule *s = load_fixture();
    const tariffs_coverage *c = coverage_of(s);
    CHECK_STR(tariffs_coverage_get_name(c), "fixture");
    /* No first_date in the file: the earliest base line's. */
    CHECK_STR(tariffs_coverage_get_first_date(c), "2025-01-01");
    CHECK_STR(tariffs_coverage_get_reviewed_through(c), "2025-06-01");
    CHECK_STR(tariffs_coverage_get_hts_revision(c), tariffs_schedule_version_hts_revision(s));
    /* The base revision defaults to the HTS revision. */
    CHECK_STR(tariffs_coverage_get_base_revision(c), tariffs_coverage_get_hts_revision(c));
    CHECK_STR(tariffs_coverage_get_hts_published(c), NULL);
    CHECK_STR(tariffs_coverage_get_hts_effective(c), NULL);
    /* A schedule from a file knows no revision's Chapter 99. */
    CHECK(tariffs_coverage_get_chapter99_headings(c) == 0);
    CHECK(tariffs_coverage_get_chapter99_modelled(c) == 0);
    CHECK(tariffs_schedule_chapter99_count(s) == 0);
    CHECK(tariffs_schedule_unmodelled_count(s) == 0);
    const tariffs_chapter99 *h = SENTINEL(const tariffs_chapter99 *);
    CHECK_STATUS(tariffs_schedule_chapter99(s, 0, &h), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(h == NULL);
    CHECK_STR(tariffs_last_error_field(), "index");
    h = SENTINEL(const tariffs_chapter99 *);
    CHECK_STATUS(tariffs_schedule_unmodelled(s, 0, &h), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(h == NULL);

    /* The coverage is computed once and lent out: the same item each time. */
    CHECK(coverage_of(s) == c);

    /* A schedule without base lines or dates: nothing refused, nothing warned. */
    const char *bare = "{\"format\": \"tariffs-schedule/1\"}";
    tariffs_schedule *b = NULL;
    CHECK_OK(tariffs_schedule_from_json(bare, strlen(bare), &b));
    c = coverage_of(b);
    CHECK_STR(tariffs_coverage_get_first_date(c), NULL);
    CHECK_STR(tariffs_coverage_get_reviewed_through(c), NULL);
    CHECK_STR(tariffs_coverage_get_name(c), "");
    tariffs_schedule_free(b);
    tariffs_schedule_free(s);
}

/* ---- quote warnings ----------------------------------------------------- */

static void test_quote_warnings(void) {
    tariffs_schedule *s = load_fixture();

    /* On the reviewed-through date: no warning. */
    struct tariffs_quote *q = quote_ok(s, "VN", "6109.10.00.12", "2025-06-01");
    CHECK(tariffs_quote_warning_count(q) == 0);
    CHECK_STR(duty(q), "265.00");
    const char *msg = "x";
    CHECK_STATUS(tariffs_quote_warning(q, 0, &msg), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(msg == NULL);
    CHECK(tariffs_quote_warning_kind(q, 0) == TARIFFS_WARNING_UNKNOWN);
    char *json = NULL;
    CHECK_OK(tariffs_quote_to_json(q, &json));
    CHECK_CONTAINS(json, "\"warnings\":[]");
    tariffs_string_free(json);
    done(q);

    /* The day after: the quote, with one warning naming both dates. */
    q = quote_ok(s, "VN", "6109.10.00.12", "2025-06-02");
    CHECK(tariffs_quote_warning_count(q) == 1);
    CHECK(tariffs_quote_warning_kind(q, 0) == TARIFFS_WARNING_AFTER_REVIEWED_DATE);
    msg = NULL;
    CHECK_OK(tariffs_quote_warning(q, 0, &msg));
    CHECK_CONTAINS(msg, "2025-06-02");
    CHECK_CONTAINS(msg, "2025-06-01");
    CHECK_CONTAINS(msg, "reviewed through");
    /* The numbers are still given: 16.5% + 10% of $1,000. */
    CHECK_STR(duty(q), "265.00");
    CHECK_STATUS(tariffs_quote_warning(q, 1, &msg), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(msg == NULL);
    CHECK_STR(tariffs_last_error_field(), "index");
    CHECK(tariffs_quote_warning_kind(q, 1) == TARIFFS_WARNING_UNKNOWN);
    CHECK_OK(tariffs_quote_to_json(q, &json));
    CHECK_CONTAINS(json, "\"warnings\":[{\"kind\":\"after_reviewed_date\"");
    tariffs_string_free(json);
    char *text = NULL;
    CHECK_OK(tariffs_quote_explain(q, &text));
    CHECK_CONTAINS(text, "warning: entry date 2025-06-02 is after 2025-06-01");
    tariffs_string_free(text);

    /* The warning is the quote's: it outlives the schedule. */
    tariffs_schedule_free(s);
    CHECK_OK(tariffs_quote_warning(q, 0, &msg));
    CHECK_CONTAINS(msg, "2025-06-01");
    done(q);
}

/* ---- strict schedules and TARIFFS_NOT_COVERED --------------------------- */

static void test_strict(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_schedule *strict = SENTINEL(tariffs_schedule *);
    CHECK_OK(tariffs_schedule_strict(s, 1, &strict));
    CHECK(strict != NULL && strict != s);
    CHECK(tariffs_schedule_is_strict(strict) == 1);
    CHECK(tariffs_schedule_is_strict(s) == 0);
    /* Any non-zero int means strict. */
    tariffs_schedule *strict2 = NULL;
    CHECK_OK(tariffs_schedule_strict(s, -7, &strict2));
    CHECK(tariffs_schedule_is_strict(strict2) == 1);
    tariffs_schedule_free(strict2);

    /* After the reviewed-through date: refused, naming the date and the review. */
    quote_fails(strict, "VN", "2025-06-02", TARIFFS_NOT_COVERED);
    CHECK_STR(tariffs_last_error_field(), "entry_date");
    CHECK_STR(tariffs_last_error_value(), "2025-06-02");
    CHECK_CONTAINS(tariffs_last_error_message(), "strict");
    CHECK_CONTAINS(tariffs_last_error_message(), "2025-06-01");
    /* On it: quoted as usual, without a warning. */
    struct tariffs_quote *q = quote_ok(strict, "VN", "6109.10.00.12", "2025-06-01");
    CHECK_STR(duty(q), "265.00");
    CHECK(tariffs_quote_warning_count(q) == 0);
    done(q);
    /* The original is unchanged: the quote with its warning. */
    q = quote_ok(s, "VN", "6109.10.00.12", "2025-06-02");
    CHECK(tariffs_quote_warning_count(q) == 1);
    done(q);

    /* The same coverage; the copy outlives the original. */
    CHECK_STR(tariffs_coverage_get_reviewed_through(coverage_of(strict)), "2025-06-01");
    tariffs_schedule_free(s);
    CHECK_STR(tariffs_schedule_version_name(strict), "fixture");
    quote_fails(strict, "VN", "2025-06-02", TARIFFS_NOT_COVERED);

    /* Strict off again: a new handle that quotes with a warning. */
    tariffs_schedule *lenient = NULL;
    CHECK_OK(tariffs_schedule_strict(strict, 0, &lenient));
    CHECK(tariffs_schedule_is_strict(lenient) == 0);
    q = quote_ok(lenient, "VN", "6109.10.00.12", "2025-06-02");
    CHECK(tariffs_quote_warning_count(q) == 1);
    done(q);
    tariffs_schedule_free(lenient);
    tariffs_schedule_free(strict);
}

static void test_before_first_date(void) {
    tariffs_schedule *s = load_fixture();
    quote_fails(s, "VN", "2024-12-31", TARIFFS_NOT_COVERED);
    CHECK_STR(tariffs_last_error_field(), "entry_date");
    CHECK_STR(tariffs_last_error_value(), "2024-12-31");
    CHECK_CONTAINS(tariffs_last_error_message(), "before 2025-01-01");
    CHECK_CONTAINS(tariffs_last_error_message(), "reviewed through 2025-06-01");
    /* The first date itself is covered. */
    struct tariffs_quote *q = quote_ok(s, "VN", "6109.10.00.12", "2025-01-01");
    CHECK_STR(duty(q), "165.00");
    done(q);
    tariffs_schedule_free(s);
}

/* ---- TARIFFS_PROHIBITED ------------------------------------------------- */

/* 6109.10.00 at 16.5%, and a ban on Vietnamese T-shirts in March 2025 that
 * goods with the claim ARRIVED_BEFORE_BAN escape (the ban of tests/coverage.rs). */
static const char BAN_JSON[] =
    "{\"format\": \"tariffs-schedule/1\",\n"
    " \"version\": {\"name\": \"c-ban\", \"policy_date\": \"2025-06-01\"},\n"
    " \"importers\": [{\n"
    "  \"country\": \"US\", \"currency\": \"USD\",\n"
    "  \"base\": {\"source\": \"test lines\", \"lines\": [\n"
    "    {\"code\": \"6109.10.00\", \"general\": \"16.5%\", \"other\": \"90%\", \"from\": \"2025-01-01\"}]},\n"
    "  \"prohibitions\": [{\n"
    "    \"id\": \"ban-vn-shirts\", \"authority\": \"test_ban\", \"heading\": \"9903.99.99\",\n"
    "    \"description\": \"T-shirts of Vietnam may not be entered\",\n"
    "    \"origins\": {\"include\": [\"VN\"]}, \"products\": {\"include\": [\"6109\"]},\n"
    "    \"from\": \"2025-03-01\", \"until\": \"2025-04-01\",\n"
    "    \"conditions\": {\"not_claims\": [\"ARRIVED_BEFORE_BAN\"]},\n"
    "    \"source\": \"A made-up proclamation for this test\"}]\n"
    " }]\n"
    "}\n";

static void test_prohibited(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_from_json(BAN_JSON, strlen(BAN_JSON), &s));

    quote_fails(s, "VN", "2025-03-10", TARIFFS_PROHIBITED);
    CHECK_STR(tariffs_last_error_field(), "hts");
    CHECK_STR(tariffs_last_error_value(), "6109.10.00.12");
    CHECK_CONTAINS(tariffs_last_error_message(), "prohibited");
    CHECK_CONTAINS(tariffs_last_error_message(), "ban-vn-shirts");
    CHECK_CONTAINS(tariffs_last_error_message(), "A made-up proclamation for this test");

    /* Outside its origins or dates, or with the claim it excepts: 16.5%. */
    struct tariffs_quote *q = quote_ok(s, "TH", "6109.10.00.12", "2025-03-10");
    CHECK_STR(duty(q), "165.00");
    done(q);
    q = quote_ok(s, "VN", "6109.10.00.12", "2025-04-01");
    CHECK_STR(duty(q), "165.00");
    done(q);
    tariffs_entry *e = make_entry("VN", "6109.10.00.12", "2025-03-10");
    CHECK_OK(tariffs_entry_add_claim(e, "ARRIVED_BEFORE_BAN"));
    q = NULL;
    CHECK_OK(tariffs_quote(s, e, &q));
    CHECK_STR(duty(q), "165.00");
    done(q);

    /* In a batch, only the banned row fails, with the same status and message. */
    tariffs_entry *vn = make_entry("VN", "6109.10.00.12", "2025-03-10");
    tariffs_entry *th = make_entry("TH", "6109.10.00.12", "2025-03-10");
    const tariffs_entry *rows[4] = {vn, th, e, vn};
    tariffs_batch *b = NULL;
    CHECK_OK(tariffs_quote_batch(s, rows, 4, &b));
    CHECK(tariffs_batch_error_count(b) == 2);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_PROHIBITED);
    CHECK_STATUS(tariffs_batch_row_status(b, 1), TARIFFS_OK);
    CHECK_STATUS(tariffs_batch_row_status(b, 2), TARIFFS_OK);
    CHECK_STATUS(tariffs_batch_row_status(b, 3), TARIFFS_PROHIBITED);
    CHECK_STR(tariffs_batch_row_error_field(b, 0), "hts");
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 0), "ban-vn-shirts");
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];
    CHECK_STATUS(tariffs_batch_duty(b, 0, x, sizeof x, NULL), TARIFFS_PROHIBITED);
    CHECK_OK(tariffs_batch_duty(b, 1, x, sizeof x, NULL));
    CHECK_STR(x, "165.00");
    tariffs_batch_free(b);

    tariffs_entry_free(vn);
    tariffs_entry_free(th);
    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* ---- batch warnings ----------------------------------------------------- */

static void test_batch_warnings(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *on = make_entry("VN", "6109.10.00.12", "2025-06-01");
    tariffs_entry *after = make_entry("VN", "6109.10.00.12", "2025-06-02");
    tariffs_entry *before = make_entry("VN", "6109.10.00.12", "2024-12-31");
    const tariffs_entry *rows[5] = {on, after, before, NULL, after};
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];

    tariffs_batch *b = NULL;
    CHECK_OK(tariffs_quote_batch(s, rows, 5, &b));
    CHECK(tariffs_batch_warning_count(b) == 2);
    CHECK(tariffs_batch_row_warning(b, 0) == NULL);
    CHECK_CONTAINS(tariffs_batch_row_warning(b, 1), "2025-06-01");
    CHECK_CONTAINS(tariffs_batch_row_warning(b, 1), "reviewed through");
    /* One text per batch, lent out for every row that has it. */
    CHECK(tariffs_batch_row_warning(b, 4) == tariffs_batch_row_warning(b, 1));
    /* Failed rows have no warning. */
    CHECK_STATUS(tariffs_batch_row_status(b, 2), TARIFFS_NOT_COVERED);
    CHECK_STR(tariffs_batch_row_error_field(b, 2), "entry_date");
    CHECK(tariffs_batch_row_warning(b, 2) == NULL);
    CHECK(tariffs_batch_row_warning(b, 3) == NULL);
    CHECK(tariffs_batch_row_warning(b, 5) == NULL); /* out of range */
    /* A warned row keeps its amounts. */
    CHECK_OK(tariffs_batch_duty(b, 1, x, sizeof x, NULL));
    CHECK_STR(x, "265.00");
    tariffs_batch_free(b);

    /* Strict: the warned rows fail instead, the others are unchanged. */
    tariffs_schedule *strict = NULL;
    CHECK_OK(tariffs_schedule_strict(s, 1, &strict));
    CHECK_OK(tariffs_quote_batch(strict, rows, 5, &b));
    CHECK(tariffs_batch_warning_count(b) == 0);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_OK);
    CHECK_STATUS(tariffs_batch_row_status(b, 1), TARIFFS_NOT_COVERED);
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 1), "strict");
    CHECK(tariffs_batch_row_warning(b, 1) == NULL);
    CHECK(tariffs_batch_error_count(b) == 4);
    tariffs_batch_free(b);

    /* Columns of text say the same. */
    const char *hts[3] = {"6109.10.00.12", "6109.10.00.12", "6109.10.00.12"};
    const char *origin[3] = {"VN", "VN", "VN"};
    const char *value[3] = {"1000", "1000", "1000"};
    const char *date[3] = {"2025-06-01", "2025-06-02", "2024-12-31"};
    const char *mode[3] = {"air", "air", "air"};
    CHECK_OK(tariffs_quote_columns(s, 3, NULL, hts, origin, value, date, mode, NULL, NULL, &b));
    CHECK(tariffs_batch_warning_count(b) == 1);
    CHECK(tariffs_batch_row_warning(b, 0) == NULL);
    CHECK_CONTAINS(tariffs_batch_row_warning(b, 1), "2025-06-01");
    CHECK_STATUS(tariffs_batch_row_status(b, 2), TARIFFS_NOT_COVERED);
    tariffs_batch_free(b);
    CHECK_OK(tariffs_quote_columns(strict, 3, NULL, hts, origin, value, date, mode, NULL, NULL,
                                   &b));
    CHECK(tariffs_batch_warning_count(b) == 0);
    CHECK_STATUS(tariffs_batch_row_status(b, 1), TARIFFS_NOT_COVERED);
    tariffs_batch_free(b);

    tariffs_schedule_free(strict);
    tariffs_entry_free(on);
    tariffs_entry_free(after);
    tariffs_entry_free(before);
    tariffs_schedule_free(s);
}

/* ---- Chapter 99 report of the builtin ----------------------------------- */

/* Only consistency: the builtin's numbers change with its data. */
static void test_builtin_report(void) {
    tariffs_schedule *s = load_builtin();
    const tariffs_coverage *c = coverage_of(s);
    CHECK_STR(tariffs_coverage_get_name(c), "builtin");
    CHECK(tariffs_coverage_get_first_date(c) != NULL);
    CHECK(tariffs_coverage_get_reviewed_through(c) != NULL);
    size_t headings = tariffs_coverage_get_chapter99_headings(c);
    size_t modelled = tariffs_coverage_get_chapter99_modelled(c);
    CHECK(headings > 0 && modelled > 0 && modelled <= headings);
    CHECK(tariffs_schedule_chapter99_count(s) == headings);
    CHECK(tariffs_schedule_unmodelled_count(s) == headings - modelled);

    size_t unmodelled_seen = 0;
    for (size_t i = 0; i < tariffs_schedule_chapter99_count(s); i++) {
        const tariffs_chapter99 *h = NULL;
        CHECK_OK(tariffs_schedule_chapter99(s, i, &h));
        const char *heading = tariffs_chapter99_get_heading(h);
        CHECK(heading != NULL && strncmp(heading, "9903.", 5) == 0 && strlen(heading) == 10);
        CHECK(tariffs_chapter99_get_general(h) != NULL);
        CHECK(tariffs_chapter99_get_description(h) != NULL);
        size_t n = tariffs_chapter99_get_modelled_by_count(h);
        for (size_t k = 0; k < n; k++) {
            const char *id = tariffs_chapter99_get_modelled_by(h, k);
            CHECK(id != NULL && id[0] != '\0');
        }
        CHECK(tariffs_chapter99_get_modelled_by(h, n) == NULL);
        if (n == 0) {
            /* The unmodelled list is the report's headings modelled by nothing, in order. */
            const tariffs_chapter99 *u = NULL;
            CHECK_OK(tariffs_schedule_unmodelled(s, unmodelled_seen, &u));
            CHECK_STR(tariffs_chapter99_get_heading(u), heading);
            CHECK(tariffs_chapter99_get_modelled_by_count(u) == 0);
            unmodelled_seen++;
        }
    }
    CHECK(unmodelled_seen == headings - modelled);
    const tariffs_chapter99 *h = SENTINEL(const tariffs_chapter99 *);
    CHECK_STATUS(tariffs_schedule_chapter99(s, headings, &h), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(h == NULL);
    CHECK_STATUS(tariffs_schedule_unmodelled(s, headings - modelled, &h),
                 TARIFFS_INDEX_OUT_OF_RANGE);
    tariffs_schedule_free(s);
}

/* ---- tariffs_schedule_with_hts_export ----------------------------------- */

/* The base line (line 0) of GB 6109.10.00.12, $1,000, on `date`. */
static void check_base(const tariffs_schedule *s, const char *date, const char *rate,
                       const char *amount) {
    struct tariffs_quote *q = quote_ok(s, "GB", "6109.10.00.12", date);
    const tariffs_line *l = NULL;
    CHECK_OK(tariffs_quote_line(q, 0, &l));
    CHECK(tariffs_line_get_kind(l) == TARIFFS_LINE_BASE);
    CHECK_STR(tariffs_line_get_rate(l), rate);
    CHECK_STR(tariffs_line_get_amount(l), amount);
    done(q);
}

static void test_hts_export(void) {
    tariffs_schedule *builtin = load_builtin();
    tariffs_schedule *s = SENTINEL(tariffs_schedule *);
    CHECK_OK(tariffs_schedule_with_hts_export(builtin, SAMPLE_EXPORT, "2026-12-01", &s));
    CHECK(s != NULL && s != SENTINEL(tariffs_schedule *));

    /* Before the effective date the builtin's 16.5%, from it the export's 18%. */
    check_base(s, "2026-11-30", "16.5%", "165.00");
    check_base(s, "2026-12-01", "18%", "180.00");
    /* The builtin itself is unchanged. */
    check_base(builtin, "2026-12-01", "16.5%", "165.00");

    /* Coverage names the export; the review date is the builtin's. */
    const tariffs_coverage *c = coverage_of(s);
    CHECK_STR(tariffs_coverage_get_hts_revision(c), "hts_export_sample.json");
    CHECK_STR(tariffs_coverage_get_base_revision(c), "hts_export_sample.json");
    CHECK_STR(tariffs_coverage_get_hts_effective(c), "2026-12-01");
    CHECK_STR(tariffs_coverage_get_hts_published(c), NULL);
    CHECK_STR(tariffs_schedule_version_hts_revision(s), "hts_export_sample.json");
    CHECK_STR(tariffs_coverage_get_reviewed_through(c),
              tariffs_coverage_get_reviewed_through(coverage_of(builtin)));
    CHECK(tariffs_coverage_get_chapter99_headings(c) == 2);
    CHECK(tariffs_coverage_get_chapter99_modelled(c) == 1);

    /* The report: 9903.88.15 (Section 301, modelled) and 9903.99.98 (not). */
    CHECK(tariffs_schedule_chapter99_count(s) == 2);
    const tariffs_chapter99 *h = NULL;
    CHECK_OK(tariffs_schedule_chapter99(s, 0, &h));
    CHECK_STR(tariffs_chapter99_get_heading(h), "9903.88.15");
    CHECK_STR(tariffs_chapter99_get_general(h),
              "The duty provided in the applicable subheading + 7.5%");
    CHECK(tariffs_chapter99_get_modelled_by_count(h) > 0);
    CHECK(tariffs_chapter99_get_modelled_by(h, 0) != NULL);
    CHECK_OK(tariffs_schedule_chapter99(s, 1, &h));
    CHECK_STR(tariffs_chapter99_get_heading(h), "9903.99.98");
    CHECK(tariffs_chapter99_get_modelled_by_count(h) == 0);
    CHECK(tariffs_chapter99_get_modelled_by(h, 0) == NULL);

    CHECK(tariffs_schedule_unmodelled_count(s) == 1);
    CHECK_OK(tariffs_schedule_unmodelled(s, 0, &h));
    CHECK_STR(tariffs_chapter99_get_heading(h), "9903.99.98");
    CHECK_STR(tariffs_chapter99_get_general(h),
              "The duty provided in the applicable subheading + 5%");
    const char *d = tariffs_chapter99_get_description(h);
    CHECK(d != NULL && d[0] != '\0');
    CHECK_STATUS(tariffs_schedule_unmodelled(s, 1, &h), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(h == NULL);

    /* Strictness is kept; the derived schedule outlives the builtin handle. */
    tariffs_schedule *strict = NULL, *strict_export = NULL;
    CHECK_OK(tariffs_schedule_strict(builtin, 1, &strict));
    CHECK_OK(tariffs_schedule_with_hts_export(strict, SAMPLE_EXPORT, "2026-12-01", &strict_export));
    CHECK(tariffs_schedule_is_strict(strict_export) == 1);
    tariffs_schedule_free(strict);
    tariffs_schedule_free(strict_export);
    tariffs_schedule_free(builtin);
    check_base(s, "2026-12-01", "18%", "180.00");
    tariffs_schedule_free(s);
}

static void test_hts_export_errors(void) {
    tariffs_schedule *b = load_builtin();
    tariffs_schedule *s = SENTINEL(tariffs_schedule *);

    CHECK_STATUS(tariffs_schedule_with_hts_export(b, SAMPLE_EXPORT, "2026-13-01", &s),
                 TARIFFS_INVALID_INPUT);
    CHECK(s == NULL);
    CHECK_STR(tariffs_last_error_field(), "effective_date");
    CHECK_STR(tariffs_last_error_value(), "2026-13-01");
    CHECK_STATUS(tariffs_schedule_with_hts_export(b, SAMPLE_EXPORT, "12/01/2026", &s),
                 TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "effective_date");
    CHECK_STATUS(tariffs_schedule_with_hts_export(b, SAMPLE_EXPORT, "2026-12-0\xff", &s),
                 TARIFFS_INVALID_UTF8);
    CHECK_STR(tariffs_last_error_field(), "effective_date");
    CHECK_STATUS(tariffs_schedule_with_hts_export(b, "\xff.json", "2026-12-01", &s),
                 TARIFFS_INVALID_UTF8);
    CHECK_STR(tariffs_last_error_field(), "path");

    s = SENTINEL(tariffs_schedule *);
    CHECK_STATUS(
        tariffs_schedule_with_hts_export(b, "/no/such/hts_2027_basic.json", "2026-12-01", &s),
        TARIFFS_IO_ERROR);
    CHECK(s == NULL);
    CHECK_CONTAINS(tariffs_last_error_message(), "/no/such/hts_2027_basic.json");
    /* A JSON file that is not an export: the fixture schedule. */
    CHECK_STATUS(tariffs_schedule_with_hts_export(b, FIXTURE_SCHEDULE, "2026-12-01", &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK_CONTAINS(tariffs_last_error_message(), "schedule.json");
    /* A schedule without US base rates has nothing for an export to update. */
    const char *bare = "{\"format\": \"tariffs-schedule/1\"}";
    tariffs_schedule *empty = NULL;
    CHECK_OK(tariffs_schedule_from_json(bare, strlen(bare), &empty));
    CHECK_STATUS(tariffs_schedule_with_hts_export(empty, SAMPLE_EXPORT, "2026-12-01", &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK(s == NULL);
    CHECK_CONTAINS(tariffs_last_error_message(), "hts_export_sample.json");
    tariffs_schedule_free(empty);
    tariffs_schedule_free(b);
}

/* ---- NULL arguments ----------------------------------------------------- */

static void test_null_arguments(void) {
    tariffs_schedule *s = load_fixture();
    struct tariffs_quote *q = quote_ok(s, "VN", "6109.10.00.12", "2025-06-02");
    const tariffs_coverage *c = SENTINEL(const tariffs_coverage *);
    const tariffs_chapter99 *h = SENTINEL(const tariffs_chapter99 *);
    tariffs_schedule *out = SENTINEL(tariffs_schedule *);
    const char *msg = "x";

    CHECK_STATUS(tariffs_schedule_coverage(NULL, &c), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(c == NULL);
    CHECK_STATUS(tariffs_schedule_coverage(s, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    CHECK(tariffs_coverage_get_name(NULL) == NULL);
    CHECK(tariffs_coverage_get_first_date(NULL) == NULL);
    CHECK(tariffs_coverage_get_hts_revision(NULL) == NULL);
    CHECK(tariffs_coverage_get_hts_published(NULL) == NULL);
    CHECK(tariffs_coverage_get_hts_effective(NULL) == NULL);
    CHECK(tariffs_coverage_get_base_revision(NULL) == NULL);
    CHECK(tariffs_coverage_get_reviewed_through(NULL) == NULL);
    CHECK(tariffs_coverage_get_chapter99_headings(NULL) == 0);
    CHECK(tariffs_coverage_get_chapter99_modelled(NULL) == 0);

    CHECK(tariffs_schedule_chapter99_count(NULL) == 0);
    CHECK(tariffs_schedule_unmodelled_count(NULL) == 0);
    CHECK_STATUS(tariffs_schedule_chapter99(NULL, 0, &h), TARIFFS_NULL_ARGUMENT);
    CHECK(h == NULL);
    CHECK_STATUS(tariffs_schedule_chapter99(s, 0, NULL), TARIFFS_NULL_ARGUMENT);
    h = SENTINEL(const tariffs_chapter99 *);
    CHECK_STATUS(tariffs_schedule_unmodelled(NULL, 0, &h), TARIFFS_NULL_ARGUMENT);
    CHECK(h == NULL);
    CHECK_STATUS(tariffs_schedule_unmodelled(s, 0, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK(tariffs_chapter99_get_heading(NULL) == NULL);
    CHECK(tariffs_chapter99_get_general(NULL) == NULL);
    CHECK(tariffs_chapter99_get_description(NULL) == NULL);
    CHECK(tariffs_chapter99_get_modelled_by_count(NULL) == 0);
    CHECK(tariffs_chapter99_get_modelled_by(NULL, 0) == NULL);

    CHECK_STATUS(tariffs_schedule_strict(NULL, 1, &out), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(out == NULL);
    CHECK_STATUS(tariffs_schedule_strict(s, 1, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    CHECK(tariffs_schedule_is_strict(NULL) == 0);

    out = SENTINEL(tariffs_schedule *);
    CHECK_STATUS(tariffs_schedule_with_hts_export(NULL, SAMPLE_EXPORT, "2026-12-01", &out),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(out == NULL);
    CHECK_STATUS(tariffs_schedule_with_hts_export(s, NULL, "2026-12-01", &out),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "path");
    CHECK_STATUS(tariffs_schedule_with_hts_export(s, SAMPLE_EXPORT, NULL, &out),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "effective_date");
    CHECK_STATUS(tariffs_schedule_with_hts_export(s, SAMPLE_EXPORT, "2026-12-01", NULL),
                 TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");

    CHECK(tariffs_quote_warning_count(NULL) == 0);
    CHECK_STATUS(tariffs_quote_warning(NULL, 0, &msg), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "quote");
    CHECK(msg == NULL);
    CHECK_STATUS(tariffs_quote_warning(q, 0, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK(tariffs_quote_warning_kind(NULL, 0) == TARIFFS_WARNING_UNKNOWN);

    CHECK(tariffs_batch_warning_count(NULL) == 0);
    CHECK(tariffs_batch_row_warning(NULL, 0) == NULL);

    done(q);
    tariffs_schedule_free(s);
}

int main(void) {
    test_status_names();
    test_fixture_coverage();
    test_quote_warnings();
    test_strict();
    test_before_first_date();
    test_prohibited();
    test_batch_warnings();
    test_builtin_report();
    test_hts_export();
    test_hts_export_errors();
    test_null_arguments();
    return check_report("c_coverage");
}
