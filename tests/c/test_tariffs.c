/*
 * Tests of the C interface of libtariffs against the schedule in fixture.h.
 *
 * Every expected amount is computed by hand from the fixture's rates in the
 * comment next to it; lines are rounded to the cent, half away from zero.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "tariffs.h"

/* ---- helpers ------------------------------------------------------------ */

static tariffs_schedule *load_fixture(void) {
    tariffs_schedule *s = NULL;
    CHECK_OK(tariffs_schedule_from_json(FIXTURE_JSON, strlen(FIXTURE_JSON), &s));
    CHECK(s != NULL);
    return s;
}

/* An entry with the four required fields set. */
static tariffs_entry *make_entry(const char *origin, const char *hts, const char *value,
                                 const char *date) {
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    CHECK_OK(tariffs_entry_set_origin(e, origin));
    CHECK_OK(tariffs_entry_set_hts(e, hts));
    CHECK_OK(tariffs_entry_set_value(e, value));
    CHECK_OK(tariffs_entry_set_date(e, date));
    return e;
}

/* Quotes and expects success. */
static struct tariffs_quote *quote_ok(const tariffs_schedule *s, const tariffs_entry *e) {
    struct tariffs_quote *q = NULL;
    CHECK_OK(tariffs_quote(s, e, &q));
    CHECK(q != NULL);
    return q;
}

/* Quotes and expects `expected`, with *out left NULL. */
static void quote_fails(const tariffs_schedule *s, const tariffs_entry *e, tariffs_status expected) {
    struct tariffs_quote *const sentinel = (struct tariffs_quote *)(uintptr_t)1;
    struct tariffs_quote *q = sentinel; /* the library must overwrite it */
    CHECK_STATUS(tariffs_quote(s, e, &q), expected);
    CHECK(q == NULL);
    if (q != sentinel) tariffs_quote_free(q);
}

/* Whether two decimal texts denote the same number ("0.3650" == "0.365",
 * "1100.0" == "1100"). Both must be plain decimals without exponent. */
static int decimal_eq(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (strchr(a, '.') != NULL) {
        while (la > 0 && a[la - 1] == '0') la--;
        if (la > 0 && a[la - 1] == '.') la--;
    }
    if (strchr(b, '.') != NULL) {
        while (lb > 0 && b[lb - 1] == '0') lb--;
        if (lb > 0 && b[lb - 1] == '.') lb--;
    }
    return la == lb && strncmp(a, b, la) == 0;
}

typedef tariffs_status (*amount_fn)(const struct tariffs_quote *, char *, size_t, size_t *);

/* Reads one of the quote's decimal amounts; returns a static buffer. */
static const char *amount(amount_fn fn, const struct tariffs_quote *q) {
    static char buf[TARIFFS_DECIMAL_BUFFER_SIZE];
    size_t len = 0;
    CHECK_OK(fn(q, buf, sizeof buf, &len));
    CHECK(len == strlen(buf));
    return buf;
}

static void check_totals(const struct tariffs_quote *q, const char *duty, const char *fees,
                         const char *total) {
    CHECK_STR(amount(tariffs_quote_duty, q), duty);
    CHECK_STR(amount(tariffs_quote_fees, q), fees);
    CHECK_STR(amount(tariffs_quote_total, q), total);
}

static void check_line(const struct tariffs_quote *q, size_t i, tariffs_line_kind kind,
                       const char *authority, const char *heading, const char *amount_text) {
    const tariffs_line *l = NULL;
    CHECK_OK(tariffs_quote_line(q, i, &l));
    CHECK(tariffs_line_get_kind(l) == kind);
    CHECK_STR(tariffs_line_get_authority(l), authority);
    CHECK_STR(tariffs_line_get_heading(l), heading);
    const char *a = tariffs_line_get_amount(l);
    CHECK(a != NULL && decimal_eq(a, amount_text));
    if (a == NULL || !decimal_eq(a, amount_text)) {
        fprintf(stderr, "  line %zu amount %s, expected %s\n", i, a ? a : "(null)", amount_text);
    }
    CHECK(tariffs_line_get_rate(l) != NULL);
    CHECK(tariffs_line_get_reason(l) != NULL && tariffs_line_get_reason(l)[0] != '\0');
    CHECK(tariffs_line_get_source(l) != NULL);
    CHECK(tariffs_line_get_base(l) != NULL);
}

/* The excluded item with schedule id `id`, or NULL. */
static const tariffs_excluded *find_excluded(const struct tariffs_quote *q, const char *id) {
    for (size_t i = 0; i < tariffs_quote_excluded_count(q); i++) {
        const tariffs_excluded *x = NULL;
        CHECK_OK(tariffs_quote_excluded(q, i, &x));
        if (x != NULL && strcmp(tariffs_excluded_get_id(x), id) == 0) return x;
    }
    return NULL;
}

/* ---- the happy paths ---------------------------------------------------- */

static void test_versions(void) {
    const char *v = tariffs_version();
    int major = -1, minor = -1, patch = -1;
    CHECK(v != NULL && sscanf(v, "%d.%d.%d", &major, &minor, &patch) == 3);

    tariffs_schedule *s = load_fixture();
    CHECK_STR(tariffs_schedule_version_name(s), "c-test");
    CHECK_STR(tariffs_schedule_version_hts_revision(s), "2025 basic (subset)");
    CHECK_STR(tariffs_schedule_version_policy_date(s), "2025-06-01");
    CHECK_STR(tariffs_schedule_version_notes(s), "C test fixture");
    tariffs_schedule_free(s);

    /* The embedded schedule loads (its contents are tested elsewhere). */
    tariffs_schedule *b = NULL;
    CHECK_OK(tariffs_schedule_builtin(&b));
    CHECK(b != NULL && tariffs_schedule_version_name(b) != NULL);
    tariffs_schedule_free(b);

    /* A schedule without a version block has empty texts and no date. */
    const char *bare = "{\"format\": \"tariffs-schedule/1\"}";
    CHECK_OK(tariffs_schedule_from_json(bare, strlen(bare), &s));
    CHECK_STR(tariffs_schedule_version_name(s), "");
    CHECK_STR(tariffs_schedule_version_policy_date(s), NULL);
    tariffs_schedule_free(s);
}

/* CN, 6109.10.00.12, $1000, 2025-04-01, express:
 *   base 16.5% of 1000 = 165.00; IEEPA 20% of 1000 = 200.00;
 *   MPF 0.3464% of 1000 = 3.464, raised to the $32.71 minimum;
 *   duty 365.00, fees 32.71, total 397.71; effective rate 365/1000 = 0.365.
 * The postal-only measure and the unclaimed exemption are excluded. */
static void test_quote_cn(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
    CHECK_OK(tariffs_entry_set_mode(e, "express"));
    CHECK_OK(tariffs_entry_validate(e));
    struct tariffs_quote *q = quote_ok(s, e);

    check_totals(q, "365.00", "32.71", "397.71");
    CHECK(decimal_eq(amount(tariffs_quote_effective_rate, q), "0.365"));
    CHECK(decimal_eq(amount(tariffs_quote_customs_value, q), "1000"));
    CHECK_STR(tariffs_quote_currency(q), "USD");

    CHECK(tariffs_quote_line_count(q) == 3);
    check_line(q, 0, TARIFFS_LINE_BASE, "mfn", "6109.10.00", "165.00");
    check_line(q, 1, TARIFFS_LINE_ADDITIONAL, "ieepa_fentanyl", "9903.01.24", "200.00");
    check_line(q, 2, TARIFFS_LINE_FEE, "mpf", "19 CFR 24.23", "32.71");

    const tariffs_line *l = NULL;
    CHECK_OK(tariffs_quote_line(q, 0, &l));
    CHECK_STR(tariffs_line_get_rate(l), "16.5%");
    CHECK_STR(tariffs_line_get_legal_text(l), "16.5%"); /* a base line's rate is the column's text */
    CHECK_STR(tariffs_line_get_id(l), NULL); /* base lines have no id */
    CHECK(decimal_eq(tariffs_line_get_base(l), "1000"));
    CHECK_OK(tariffs_quote_line(q, 1, &l));
    CHECK_STR(tariffs_line_get_id(l), "cn-20");
    /* The schedule's rate text "20%"; the line shows what it adds. */
    CHECK_STR(tariffs_line_get_rate(l), "+20%");
    CHECK_STR(tariffs_line_get_legal_text(l), "20%");
    CHECK_STR(tariffs_line_get_source(l), "EO 14228");
    CHECK_OK(tariffs_quote_line(q, 2, &l));
    CHECK_STR(tariffs_line_get_legal_text(l), NULL); /* a fee has no legal rate text */

    /* Index 3 is past the end: a status, and *out is NULL. */
    CHECK_STATUS(tariffs_quote_line(q, 3, &l), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(l == NULL);
    CHECK_STR(tariffs_last_error_field(), "index");

    CHECK(tariffs_quote_excluded_count(q) == 2);
    const tariffs_excluded *x = find_excluded(q, "cn-postal");
    CHECK(x != NULL);
    CHECK(tariffs_excluded_get_kind(x) == TARIFFS_EXCLUDED_MEASURE);
    CHECK_STR(tariffs_excluded_get_authority(x), "test_postal");
    CHECK_STR(tariffs_excluded_get_heading(x), "9903.01.64");
    CHECK(tariffs_excluded_get_reason(x) != NULL && tariffs_excluded_get_reason(x)[0] != '\0');
    x = find_excluded(q, "claim-x");
    CHECK(x != NULL);
    CHECK(tariffs_excluded_get_kind(x) == TARIFFS_EXCLUDED_EXEMPTION);
    CHECK_STR(tariffs_excluded_get_authority(x), "test_claim");
    CHECK_STATUS(tariffs_quote_excluded(q, 2, &x), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(x == NULL);

    CHECK(tariffs_quote_note_count(q) == 0);
    const char *note = "x";
    CHECK_STATUS(tariffs_quote_note(q, 0, &note), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(note == NULL);

    char *json = NULL;
    CHECK_OK(tariffs_quote_to_json(q, &json));
    CHECK_CONTAINS(json, "\"total\":\"397.71\"");
    CHECK_CONTAINS(json, "\"duty\":\"365.00\"");
    CHECK_CONTAINS(json, "\"origin\":\"CN\"");
    CHECK(json != NULL && json[0] == '{');
    tariffs_string_free(json);

    char *text = NULL;
    CHECK_OK(tariffs_quote_explain(q, &text));
    CHECK_CONTAINS(text, "397.71");
    CHECK_CONTAINS(text, "ieepa_fentanyl");
    tariffs_string_free(text);

    /* The quote owns its data: it outlives its schedule and entry. */
    tariffs_schedule_free(s);
    tariffs_entry_free(e);
    CHECK_STR(amount(tariffs_quote_total, q), "397.71");
    CHECK_OK(tariffs_quote_line(q, 2, &l));
    CHECK_STR(tariffs_line_get_authority(l), "mpf");
    tariffs_quote_free(q);
}

/* VN (no additional duty), $10,000: base 16.5% = 1650.00; MPF 0.3464% =
 * 34.64, inside [32.71, 634.62]; total 1684.64.
 * VN, $200,000: base 33000.00; MPF 692.80 capped at 634.62; total 33634.62. */
static void test_quote_vn_and_mpf_bounds(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("VN", "6109100012", "10000", "2025-04-01");
    struct tariffs_quote *q = quote_ok(s, e);
    check_totals(q, "1650.00", "34.64", "1684.64");
    CHECK(tariffs_quote_line_count(q) == 2);
    check_line(q, 0, TARIFFS_LINE_BASE, "mfn", "6109.10.00", "1650.00");
    check_line(q, 1, TARIFFS_LINE_FEE, "mpf", "19 CFR 24.23", "34.64");
    CHECK(tariffs_quote_excluded_count(q) == 0);
    CHECK(decimal_eq(amount(tariffs_quote_effective_rate, q), "0.165"));
    tariffs_quote_free(q);

    CHECK_OK(tariffs_entry_set_value(e, "200000"));
    q = quote_ok(s, e);
    check_totals(q, "33000.00", "634.62", "33634.62");
    tariffs_quote_free(q);

    /* A value of zero: no duty, the MPF minimum, effective rate 0. */
    CHECK_OK(tariffs_entry_set_value(e, "0"));
    q = quote_ok(s, e);
    check_totals(q, "0.00", "32.71", "32.71");
    CHECK(decimal_eq(amount(tariffs_quote_effective_rate, q), "0"));
    tariffs_quote_free(q);

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* CN, $10.10: 16.5% = 1.6665 -> 1.67 (half away from zero at the cent);
 * 20% = 2.02; duty 3.69; MPF minimum 32.71; total 36.40. */
static void test_rounding(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "10.10", "2025-04-01");
    struct tariffs_quote *q = quote_ok(s, e);
    check_line(q, 0, TARIFFS_LINE_BASE, "mfn", "6109.10.00", "1.67");
    check_line(q, 1, TARIFFS_LINE_ADDITIONAL, "ieepa_fentanyl", "9903.01.24", "2.02");
    check_totals(q, "3.69", "32.71", "36.40");
    tariffs_quote_free(q);
    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* VN, EUR 1000 at 1.1 USD/EUR: customs value 1100 USD; base 16.5% = 181.50;
 * MPF 3.8104 -> minimum 32.71; total 214.21. */
static void test_currency(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("VN", "6109.10.00.12", "1000", "2025-04-01");
    CHECK_OK(tariffs_entry_set_currency(e, "EUR", "1.1"));
    struct tariffs_quote *q = quote_ok(s, e);
    CHECK(decimal_eq(amount(tariffs_quote_customs_value, q), "1100"));
    check_totals(q, "181.50", "32.71", "214.21");
    tariffs_quote_free(q);

    /* NULL currency goes back to the importer's: 165.00 on $1000. */
    CHECK_OK(tariffs_entry_set_currency(e, NULL, NULL));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "165.00");
    tariffs_quote_free(q);

    /* The importer's own currency needs no rate. */
    CHECK_OK(tariffs_entry_set_currency(e, "usd", NULL));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "165.00");
    tariffs_quote_free(q);

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* Cheese 0406.10.10 at $1.035/kg, 10 kg: 10.35; MPF minimum 32.71; total 43.06.
 * Adding kg again, in any spelling, is an error (each quantity once); cleared
 * and added again: 4 kg = 4.14. */
static void test_quantities(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("VN", "0406.10.10", "500", "2025-04-01");
    CHECK_OK(tariffs_entry_add_quantity(e, "kg", "10"));
    struct tariffs_quote *q = quote_ok(s, e);
    check_line(q, 0, TARIFFS_LINE_BASE, "mfn", "0406.10.10", "10.35");
    check_totals(q, "10.35", "32.71", "43.06");
    tariffs_quote_free(q);

    CHECK_STATUS(tariffs_entry_add_quantity(e, "KG", "4"), TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "quantities");
    CHECK_CONTAINS(tariffs_last_error_message(), "kg is given already");
    CHECK_OK(tariffs_entry_clear_quantities(e));
    CHECK_OK(tariffs_entry_add_quantity(e, "kg", "4"));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "4.14");
    tariffs_quote_free(q);

    /* g is derived from kg only, not the other way: a quantity in g alone
     * leaves the kg rate without its quantity. */
    CHECK_OK(tariffs_entry_clear_quantities(e));
    CHECK_OK(tariffs_entry_add_quantity(e, "g", "1000"));
    quote_fails(s, e, TARIFFS_MISSING_QUANTITY);
    CHECK_STR(tariffs_last_error_field(), "quantities");
    CHECK_STR(tariffs_last_error_value(), "kg");
    CHECK_CONTAINS(tariffs_last_error_message(), "kg");

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* The claim TESTCLAIM removes the 20% CN duty: base 165.00, an exemption
 * line of 0, MPF 32.71; duty 165.00, total 197.71; cn-20 is excluded. */
static void test_claims_and_mode(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
    CHECK_OK(tariffs_entry_add_claim(e, "testclaim"));
    struct tariffs_quote *q = quote_ok(s, e);
    check_totals(q, "165.00", "32.71", "197.71");
    CHECK(tariffs_quote_line_count(q) == 3);
    check_line(q, 1, TARIFFS_LINE_EXEMPTION, "test_claim", "9903.99.99", "0");
    const tariffs_excluded *x = find_excluded(q, "cn-20");
    CHECK(x != NULL);
    CHECK(tariffs_excluded_get_kind(x) == TARIFFS_EXCLUDED_MEASURE);
    CHECK_STR(tariffs_excluded_get_authority(x), "ieepa_fentanyl");
    tariffs_quote_free(q);

    CHECK_OK(tariffs_entry_clear_claims(e));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_total, q), "397.71");
    tariffs_quote_free(q);

    /* Claim names are trimmed and case-insensitive. */
    CHECK_OK(tariffs_entry_add_claim(e, " TestClaim "));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_total, q), "197.71");
    tariffs_quote_free(q);
    CHECK_OK(tariffs_entry_clear_claims(e));

    /* Postal mode brings in the 5% postal measure: 165 + 200 + 50 = 415.00. */
    CHECK_OK(tariffs_entry_set_mode(e, "POSTAL"));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "415.00");
    CHECK(find_excluded(q, "cn-postal") == NULL);
    tariffs_quote_free(q);
    /* NULL resets the mode to ocean: the postal measure is excluded again. */
    CHECK_OK(tariffs_entry_set_mode(e, NULL));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "365.00");
    tariffs_quote_free(q);

    /* Before the 20% duty's start (2025-03-04) only the base applies. */
    CHECK_OK(tariffs_entry_set_date(e, "2025-03-03"));
    q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "165.00");
    tariffs_quote_free(q);

    /* A loading date is accepted and cleared. */
    CHECK_OK(tariffs_entry_set_loaded_on(e, "2025-02-20"));
    CHECK_OK(tariffs_entry_set_loaded_on(e, NULL));
    CHECK_OK(tariffs_entry_set_importer(e, "us"));
    CHECK_OK(tariffs_entry_set_importer(e, NULL));
    CHECK_OK(tariffs_entry_validate(e));

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* ---- errors ------------------------------------------------------------- */

/* A setter fails with `expected`, naming `field`; the entry is unchanged. */
#define CHECK_SETTER_FAILS(call, expected, field)      \
    do {                                               \
        CHECK_STATUS(call, expected);                  \
        CHECK_STR(tariffs_last_error_field(), field);  \
        CHECK(tariffs_last_error_message()[0] != '\0'); \
    } while (0)

static void test_setter_errors(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");

    CHECK_SETTER_FAILS(tariffs_entry_set_origin(e, "XX"), TARIFFS_INVALID_INPUT, "origin");
    CHECK_CONTAINS(tariffs_last_error_message(), "XX");
    CHECK_STR(tariffs_last_error_value(), "XX");
    CHECK_SETTER_FAILS(tariffs_entry_set_origin(e, ""), TARIFFS_INVALID_INPUT, "origin");
    CHECK_SETTER_FAILS(tariffs_entry_set_importer(e, "U"), TARIFFS_INVALID_INPUT, "importer");
    CHECK_SETTER_FAILS(tariffs_entry_set_hts(e, "61x9"), TARIFFS_INVALID_INPUT, "hts");
    CHECK_SETTER_FAILS(tariffs_entry_set_hts(e, "6109.10.00.12.34"), TARIFFS_INVALID_INPUT, "hts");
    CHECK_SETTER_FAILS(tariffs_entry_set_value(e, "1e3"), TARIFFS_INVALID_INPUT, "value");
    CHECK_SETTER_FAILS(tariffs_entry_set_value(e, "1,000"), TARIFFS_INVALID_INPUT, "value");
    CHECK_SETTER_FAILS(tariffs_entry_set_value(e, "NaN"), TARIFFS_INVALID_INPUT, "value");
    /* Past the 96-bit range: too large (as the Python and Arrow readers
     * say), not an invalid number; more digits than 96 bits hold within
     * the range: invalid. */
    CHECK_SETTER_FAILS(tariffs_entry_set_value(e, "99999999999999999999999999999999"),
                       TARIFFS_TOO_LARGE, "value");
    CHECK_CONTAINS(tariffs_last_error_message(), "in magnitude");
    CHECK_SETTER_FAILS(tariffs_entry_set_value(e, "12345678901234567890.123456789012"),
                       TARIFFS_INVALID_INPUT, "value");
    CHECK_SETTER_FAILS(tariffs_entry_set_date(e, "2025-02-29"), TARIFFS_INVALID_INPUT, "date");
    CHECK_SETTER_FAILS(tariffs_entry_set_date(e, "05/01/2025"), TARIFFS_INVALID_INPUT, "date");
    CHECK_SETTER_FAILS(tariffs_entry_set_loaded_on(e, "yesterday"), TARIFFS_INVALID_INPUT,
                       "loaded_on");
    CHECK_SETTER_FAILS(tariffs_entry_set_mode(e, "boat"), TARIFFS_INVALID_INPUT, "mode");
    CHECK_SETTER_FAILS(tariffs_entry_set_currency(e, "EU", "1.1"), TARIFFS_INVALID_INPUT,
                       "currency");
    CHECK_SETTER_FAILS(tariffs_entry_set_currency(e, "EUR", "abc"), TARIFFS_INVALID_INPUT,
                       "exchange_rate");
    CHECK_SETTER_FAILS(tariffs_entry_add_quantity(e, "furlongs", "1"), TARIFFS_INVALID_INPUT,
                       "quantities");
    CHECK_SETTER_FAILS(tariffs_entry_add_quantity(e, "kg", "-2"), TARIFFS_INVALID_INPUT,
                       "quantities.kg");
    CHECK_SETTER_FAILS(tariffs_entry_add_quantity(e, "kg", "two"), TARIFFS_INVALID_INPUT,
                       "quantities.kg");
    /* A malformed claim fails at the setter, not later when quoting. */
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, "US MCA"), TARIFFS_INVALID_INPUT, "claims");
    CHECK_CONTAINS(tariffs_last_error_message(), "US MCA");
    CHECK_STR(tariffs_last_error_value(), "US MCA");
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, ""), TARIFFS_INVALID_INPUT, "claims");
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, "   "), TARIFFS_INVALID_INPUT, "claims");
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, "USMCA;"), TARIFFS_INVALID_INPUT, "claims");
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, "TESTCLAIM\xc3\xa9"), TARIFFS_INVALID_INPUT,
                       "claims");
    CHECK_OK(tariffs_entry_validate(e));

    /* Invalid UTF-8 is its own status. */
    CHECK_SETTER_FAILS(tariffs_entry_set_origin(e, "\xff\xfe"), TARIFFS_INVALID_UTF8, "origin");
    CHECK_SETTER_FAILS(tariffs_entry_set_mode(e, "expr\xc3"), TARIFFS_INVALID_UTF8, "mode");
    CHECK_SETTER_FAILS(tariffs_entry_add_claim(e, "\x80"), TARIFFS_INVALID_UTF8, "claims");

    /* None of the failed setters changed the entry (CN, $1000, ocean):
     * 165.00 + 200.00 duty, 32.71 MPF. */
    struct tariffs_quote *q = quote_ok(s, e);
    check_totals(q, "365.00", "32.71", "397.71");
    tariffs_quote_free(q);

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

static void test_quote_errors(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = NULL;

    /* Required fields unset: each is named. */
    CHECK_OK(tariffs_entry_new(&e));
    quote_fails(s, e, TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "origin");
    CHECK_CONTAINS(tariffs_last_error_message(), "tariffs_entry_set_origin");
    CHECK_OK(tariffs_entry_set_origin(e, "CN"));
    CHECK_STATUS(tariffs_entry_validate(e), TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "hts");
    CHECK_OK(tariffs_entry_set_hts(e, "6109.10.00.12"));
    quote_fails(s, e, TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "value");
    CHECK_OK(tariffs_entry_set_value(e, "1000"));
    quote_fails(s, e, TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "date");
    CHECK_OK(tariffs_entry_set_date(e, "2025-04-01"));
    CHECK_OK(tariffs_entry_validate(e));

    /* Checks across fields, at quote time. */
    CHECK_OK(tariffs_entry_set_value(e, "-5"));
    quote_fails(s, e, TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "value");
    CHECK_OK(tariffs_entry_set_value(e, "1000"));
    CHECK_OK(tariffs_entry_set_currency(e, "EUR", "0"));
    quote_fails(s, e, TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "exchange_rate");
    CHECK_OK(tariffs_entry_set_currency(e, "EUR", NULL));
    quote_fails(s, e, TARIFFS_MISSING_EXCHANGE_RATE);
    CHECK_STR(tariffs_last_error_field(), "exchange_rate");
    CHECK_CONTAINS(tariffs_last_error_message(), "EUR");
    CHECK_OK(tariffs_entry_set_currency(e, NULL, NULL));

    /* Unknown importer (a real country the schedule does not cover). */
    CHECK_OK(tariffs_entry_set_importer(e, "CA"));
    quote_fails(s, e, TARIFFS_UNKNOWN_IMPORTER);
    CHECK_STR(tariffs_last_error_field(), "importer");
    CHECK_OK(tariffs_entry_set_importer(e, NULL));

    /* Unknown code: well-formed, but not in the schedule. */
    CHECK_OK(tariffs_entry_set_hts(e, "8703.23.01"));
    quote_fails(s, e, TARIFFS_UNKNOWN_CODE);
    CHECK_STR(tariffs_last_error_field(), "hts");
    CHECK_OK(tariffs_entry_set_hts(e, "6109.10.00.12"));
    /* A date before the schedule's first date (its earliest base line,
     * 2025-01-01) is not covered at all (more in test_coverage.c). */
    CHECK_OK(tariffs_entry_set_date(e, "2024-12-31"));
    quote_fails(s, e, TARIFFS_NOT_COVERED);
    CHECK_STR(tariffs_last_error_field(), "entry_date");
    CHECK_STR(tariffs_last_error_value(), "2024-12-31");
    CHECK_OK(tariffs_entry_set_date(e, "2025-04-01"));

    /* Missing quantity: the cheese's $1.035/kg without kg. */
    CHECK_OK(tariffs_entry_set_hts(e, "0406.10.10"));
    quote_fails(s, e, TARIFFS_MISSING_QUANTITY);
    CHECK_STR(tariffs_last_error_value(), "kg");

    /* The schedule's unparsable rate "banana" surfaces when quoting it. */
    CHECK_OK(tariffs_entry_set_hts(e, "8517.62.00"));
    quote_fails(s, e, TARIFFS_INVALID_RATE);
    CHECK_CONTAINS(tariffs_last_error_message(), "banana");

    /* A base line that prints no column 1 rate (only column 2): quoting it
     * from a column 1 origin is TARIFFS_MISSING_RATE naming the code. */
    {
        const char *no_general =
            "{\"format\": \"tariffs-schedule/1\", \"importers\": [{"
            "\"country\": \"US\", \"currency\": \"USD\", \"base\": {\"source\": \"t\","
            " \"lines\": [{\"code\": \"6109.10.00\", \"other\": \"90%\","
            " \"from\": \"2025-01-01\"}]}}]}";
        tariffs_schedule *ng = NULL;
        CHECK_OK(tariffs_schedule_from_json(no_general, strlen(no_general), &ng));
        tariffs_entry *v = make_entry("VN", "6109.10.00", "100", "2025-04-01");
        quote_fails(ng, v, TARIFFS_MISSING_RATE);
        CHECK_STR(tariffs_last_error_field(), "hts");
        CHECK_STR(tariffs_last_error_value(), "6109.10.00");
        CHECK_CONTAINS(tariffs_last_error_message(), "general");
        tariffs_entry_free(v);
        tariffs_schedule_free(ng);
    }

    /* The largest decimal as a value is past the value limit (10^15): the
     * quote is refused naming the value and the limit, before any
     * arithmetic could overflow (too_large). */
    CHECK_OK(tariffs_entry_set_hts(e, "6109.10.00.12"));
    CHECK_OK(tariffs_entry_set_value(e, "79228162514264337593543950335"));
    CHECK_OK(tariffs_entry_set_currency(e, "EUR", "2"));
    quote_fails(s, e, TARIFFS_TOO_LARGE);
    CHECK_STR(tariffs_last_error_field(), "value");
    CHECK_CONTAINS(tariffs_last_error_message(), "at most 1000000000000000");

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

static void test_schedule_errors(void) {
    tariffs_schedule *s = (tariffs_schedule *)(uintptr_t)1;
    const char *bad_json = "{\"format\": ";
    CHECK_STATUS(tariffs_schedule_from_json(bad_json, strlen(bad_json), &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK(s == NULL);
    CHECK_CONTAINS(tariffs_last_error_message(), "<json>");

    const char *wrong_format = "{\"format\": \"tariffs-schedule/99\"}";
    CHECK_STATUS(tariffs_schedule_from_json(wrong_format, strlen(wrong_format), &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK_STR(tariffs_last_error_field(), "format");

    /* A measure without its source citation fails validation. */
    const char *no_source =
        "{\"format\": \"tariffs-schedule/1\", \"importers\": [{\"country\": \"US\", "
        "\"currency\": \"USD\", \"measures\": [{\"id\": \"m\", \"authority\": \"a\", "
        "\"heading\": \"9903.01.24\", \"description\": \"d\", \"rate\": \"20%\", "
        "\"origins\": {\"include\": [\"CN\"]}, \"from\": \"2025-03-04\", \"source\": \"\"}]}]}";
    CHECK_STATUS(tariffs_schedule_from_json(no_source, strlen(no_source), &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK(s == NULL);

    /* Only `len` bytes are read: the fixture cut short is malformed. */
    CHECK_STATUS(tariffs_schedule_from_json(FIXTURE_JSON, 40, &s), TARIFFS_SCHEDULE_ERROR);
    CHECK_STATUS(tariffs_schedule_from_json(FIXTURE_JSON, 0, &s), TARIFFS_SCHEDULE_ERROR);

    const char bad_utf8[] = "{\"format\": \"tariffs-schedule/1\", \"x\": \"\xff\"}";
    CHECK_STATUS(tariffs_schedule_from_json(bad_utf8, sizeof bad_utf8 - 1, &s),
                 TARIFFS_INVALID_UTF8);
    CHECK_STR(tariffs_last_error_field(), "json");

    CHECK_STATUS(tariffs_schedule_from_file("/nonexistent/tariffs/schedule.json", &s),
                 TARIFFS_IO_ERROR);
    CHECK(s == NULL);
    CHECK_CONTAINS(tariffs_last_error_message(), "/nonexistent/tariffs/schedule.json");
    CHECK_STATUS(tariffs_schedule_from_file("\xff.json", &s), TARIFFS_INVALID_UTF8);
}

/* Issue 11, defects 1 and 2 through C (they gave TARIFFS_PANIC): a mixed
 * fraction past the decimal range in a schedule's rate, and a rate per half
 * an article ($1/0.5: $2 an article) on a huge quantity. */
static void test_defects_1_and_2(void) {
    tariffs_schedule *s = (tariffs_schedule *)(uintptr_t)1;
    const char *overflowing =
        "{\"format\": \"tariffs-schedule/1\", \"importers\": [{\"country\": \"US\", "
        "\"currency\": \"USD\", \"measures\": [{\"id\": \"m\", \"authority\": \"a\", "
        "\"heading\": \"9903.01.24\", \"description\": \"d\", "
        "\"rate\": \"79228162514264337593543950335 1/1%\", "
        "\"origins\": {\"include\": [\"CN\"]}, \"from\": \"2025-03-04\", \"source\": \"s\"}]}]}";
    CHECK_STATUS(tariffs_schedule_from_json(overflowing, strlen(overflowing), &s),
                 TARIFFS_SCHEDULE_ERROR);
    CHECK(s == NULL);
    CHECK_CONTAINS(tariffs_last_error_message(), "too large");

    const char *per_half =
        "{\"format\": \"tariffs-schedule/1\", \"importers\": [{\"country\": \"US\", "
        "\"currency\": \"USD\", \"base\": {\"source\": \"test\", \"lines\": [{\"code\": "
        "\"6109.10.00\", \"general\": \"$1/0.5\", \"from\": \"2025-01-01\"}]}}]}";
    CHECK_OK(tariffs_schedule_from_json(per_half, strlen(per_half), &s));
    tariffs_entry *e = make_entry("FR", "6109.10.00", "100", "2025-04-01");
    CHECK_OK(tariffs_entry_add_quantity(e, "no", "10"));
    struct tariffs_quote *q = quote_ok(s, e);
    CHECK_STR(amount(tariffs_quote_duty, q), "20.00");
    tariffs_quote_free(q);
    CHECK_OK(tariffs_entry_clear_quantities(e));
    /* Refused when set (past the quantity limit of 10^15), or else when
     * quoted: never a panic. */
    tariffs_status st = tariffs_entry_add_quantity(e, "no", "79228162514264337593543950335");
    if (st == TARIFFS_OK) {
        quote_fails(s, e, TARIFFS_TOO_LARGE);
    } else {
        CHECK_STATUS(st, TARIFFS_TOO_LARGE);
    }
    CHECK_STR(tariffs_last_error_field(), "quantities.no");
    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* Every pointer argument that must not be NULL is checked; accessors and
 * free functions accept NULL. */
static void test_null_arguments(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
    struct tariffs_quote *q = quote_ok(s, e);
    char buf[TARIFFS_DECIMAL_BUFFER_SIZE];
    size_t n = 0;
    const tariffs_line *l = NULL;
    const tariffs_excluded *x = NULL;
    const char *str = NULL;
    char *owned = NULL;
    tariffs_schedule *s2 = NULL;
    tariffs_entry *e2 = NULL;
    struct tariffs_quote *q2 = NULL;

    CHECK_STATUS(tariffs_schedule_builtin(NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    CHECK_STATUS(tariffs_schedule_from_json(NULL, 3, &s2), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "json");
    CHECK_STATUS(tariffs_schedule_from_json("{}", 2, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_schedule_from_file(NULL, &s2), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_schedule_from_file("x.json", NULL), TARIFFS_NULL_ARGUMENT);
    CHECK(s2 == NULL);
    CHECK(tariffs_schedule_version_name(NULL) == NULL);
    CHECK(tariffs_schedule_version_hts_revision(NULL) == NULL);
    CHECK(tariffs_schedule_version_policy_date(NULL) == NULL);
    CHECK(tariffs_schedule_version_notes(NULL) == NULL);

    CHECK_STATUS(tariffs_entry_new(NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_importer(NULL, "US"), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "entry");
    CHECK_STATUS(tariffs_entry_set_origin(NULL, "CN"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_origin(e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "origin");
    CHECK_STATUS(tariffs_entry_set_hts(NULL, "6109"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_hts(e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_value(NULL, "1"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_value(e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_currency(NULL, "EUR", "1"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_add_quantity(NULL, "kg", "1"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_add_quantity(e, NULL, "1"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_add_quantity(e, "kg", NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_clear_quantities(NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_date(NULL, "2025-01-01"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_date(e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_loaded_on(NULL, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_set_mode(NULL, "air"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_add_claim(NULL, "USMCA"), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_add_claim(e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_clear_claims(NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_entry_validate(NULL), TARIFFS_NULL_ARGUMENT);

    CHECK_STATUS(tariffs_quote(NULL, e, &q2), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK_STATUS(tariffs_quote(s, NULL, &q2), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "entry");
    CHECK_STATUS(tariffs_quote(s, e, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK(q2 == NULL);

    CHECK_STATUS(tariffs_quote_duty(NULL, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_fees(NULL, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_total(NULL, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_effective_rate(NULL, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_customs_value(NULL, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_total(q, NULL, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_OK(tariffs_quote_total(q, buf, sizeof buf, NULL)); /* out_len is optional */
    CHECK_STR(buf, "397.71");
    CHECK(tariffs_quote_currency(NULL) == NULL);
    CHECK(tariffs_quote_line_count(NULL) == 0);
    CHECK(tariffs_quote_excluded_count(NULL) == 0);
    CHECK(tariffs_quote_note_count(NULL) == 0);
    CHECK_STATUS(tariffs_quote_line(NULL, 0, &l), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_line(q, 0, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_excluded(NULL, 0, &x), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_excluded(q, 0, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_note(NULL, 0, &str), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_note(q, 0, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_to_json(NULL, &owned), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_to_json(q, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_explain(NULL, &owned), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_quote_explain(q, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK(owned == NULL);

    CHECK(tariffs_line_get_kind(NULL) == TARIFFS_LINE_UNKNOWN);
    CHECK(tariffs_line_get_authority(NULL) == NULL);
    CHECK(tariffs_line_get_heading(NULL) == NULL);
    CHECK(tariffs_line_get_id(NULL) == NULL);
    CHECK(tariffs_line_get_rate(NULL) == NULL);
    CHECK(tariffs_line_get_legal_text(NULL) == NULL);
    CHECK(tariffs_line_get_base(NULL) == NULL);
    CHECK(tariffs_line_get_amount(NULL) == NULL);
    CHECK(tariffs_line_get_reason(NULL) == NULL);
    CHECK(tariffs_line_get_source(NULL) == NULL);
    CHECK(tariffs_excluded_get_kind(NULL) == TARIFFS_EXCLUDED_UNKNOWN);
    CHECK(tariffs_excluded_get_id(NULL) == NULL);
    CHECK(tariffs_excluded_get_authority(NULL) == NULL);
    CHECK(tariffs_excluded_get_heading(NULL) == NULL);
    CHECK(tariffs_excluded_get_reason(NULL) == NULL);

    /* Freeing NULL is a no-op. */
    tariffs_schedule_free(NULL);
    tariffs_entry_free(NULL);
    tariffs_quote_free(NULL);
    tariffs_string_free(NULL);
    (void)e2;

    tariffs_quote_free(q);
    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

/* The caller-buffer protocol, on the total "397.71" (6 characters). */
static void test_buffers(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
    struct tariffs_quote *q = quote_ok(s, e);
    char buf[8];
    size_t n = 0;

    /* Ask for the length with no buffer. */
    CHECK_STATUS(tariffs_quote_total(q, NULL, 0, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(n == 6);
    /* 6 bytes cannot hold 6 characters and the NUL; the buffer is left empty. */
    memset(buf, 'x', sizeof buf);
    n = 0;
    CHECK_STATUS(tariffs_quote_total(q, buf, 6, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(n == 6);
    CHECK(buf[0] == '\0');
    CHECK(buf[6] == 'x'); /* nothing written past `len` */
    CHECK_CONTAINS(tariffs_last_error_message(), "7 bytes");
    /* 7 bytes fit exactly. */
    memset(buf, 'x', sizeof buf);
    CHECK_OK(tariffs_quote_total(q, buf, 7, &n));
    CHECK_STR(buf, "397.71");
    CHECK(n == 6);
    CHECK(buf[7] == 'x');

    tariffs_quote_free(q);
    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

static void test_status_names_and_last_error(void) {
    static const char *names[] = {
        "TARIFFS_OK",           "TARIFFS_NULL_ARGUMENT",         "TARIFFS_INVALID_UTF8",
        "TARIFFS_INVALID_INPUT", "TARIFFS_INVALID_RATE",         "TARIFFS_UNKNOWN_CODE",
        "TARIFFS_UNKNOWN_IMPORTER", "TARIFFS_MISSING_QUANTITY",  "TARIFFS_MISSING_EXCHANGE_RATE",
        "TARIFFS_SCHEDULE_ERROR", "TARIFFS_IO_ERROR",            "TARIFFS_OVERFLOW",
        "TARIFFS_INDEX_OUT_OF_RANGE", "TARIFFS_BUFFER_TOO_SMALL", "TARIFFS_INTERNAL_ERROR",
        "TARIFFS_PANIC",        "TARIFFS_PROHIBITED",            "TARIFFS_NOT_COVERED",
        "TARIFFS_TOO_LARGE",    "TARIFFS_MISSING_RATE",
    };
    CHECK((int)TARIFFS_PANIC == 15);
    CHECK((int)TARIFFS_NOT_COVERED == 17);
    CHECK((int)TARIFFS_TOO_LARGE == 18);
    CHECK((int)TARIFFS_MISSING_RATE == 19);
    CHECK(sizeof names / sizeof names[0] == (size_t)TARIFFS_MISSING_RATE + 1);
    for (int i = 0; i <= (int)TARIFFS_MISSING_RATE; i++) CHECK_STR(tariffs_status_str(i), names[i]);
    CHECK_STR(tariffs_status_str(-1), "TARIFFS_UNKNOWN_STATUS");
    CHECK_STR(tariffs_status_str(20), "TARIFFS_UNKNOWN_STATUS");

    /* A success leaves the last failure in place. */
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    CHECK_STATUS(tariffs_entry_set_origin(e, "ZZ"), TARIFFS_INVALID_INPUT);
    CHECK_OK(tariffs_entry_set_origin(e, "CN"));
    CHECK_CONTAINS(tariffs_last_error_message(), "ZZ");
    CHECK_STR(tariffs_last_error_field(), "origin");
    tariffs_entry_free(e);
}

int main(void) {
    /* Before any failure, the message is empty and field/value are NULL. */
    CHECK_STR(tariffs_last_error_message(), "");
    CHECK(tariffs_last_error_field() == NULL);
    CHECK(tariffs_last_error_value() == NULL);

    test_versions();
    test_quote_cn();
    test_quote_vn_and_mpf_bounds();
    test_rounding();
    test_currency();
    test_quantities();
    test_claims_and_mode();
    test_setter_errors();
    test_quote_errors();
    test_schedule_errors();
    test_defects_1_and_2();
    test_null_arguments();
    test_buffers();
    test_status_names_and_last_error();
    return check_report("c_api");
}
