/*
 * Tests of tariffs_quote_batch against the schedule in fixture.h.
 *
 * A batch of ROWS entries (mixed origins, codes, values, dates, modes,
 * claims and currencies, with a bad row every 50) must give, row by row,
 * what tariffs_quote gives for the same entry: the same duty, fees, total,
 * effective rate and customs value, per-authority amounts equal to the sum
 * of the quote's lines of that authority, and, for a bad row, the same
 * status, message and field. The first rows are also checked against
 * amounts computed by hand from the fixture's rates.
 *
 * Usage: test_batch [ROWS]   (default 1000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_helpers.h"

#define DEFAULT_ROWS 1000
/* Rows 0..HAND_ROWS-1 are computed by hand (see hand_entry). */
#define HAND_ROWS 7

/* ---- helpers ------------------------------------------------------------ */

static tariffs_entry *make_entry(const char *origin, const char *hts, const char *value,
                                 const char *date) {
    tariffs_entry *e = NULL;
    CHECK_OK(tariffs_entry_new(&e));
    if (origin != NULL) CHECK_OK(tariffs_entry_set_origin(e, origin));
    if (hts != NULL) CHECK_OK(tariffs_entry_set_hts(e, hts));
    if (value != NULL) CHECK_OK(tariffs_entry_set_value(e, value));
    if (date != NULL) CHECK_OK(tariffs_entry_set_date(e, date));
    return e;
}

/* Whether two decimal texts denote the same number ("0.3650" == "0.365"). */
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

/* The index of the authority column `name`, or SIZE_MAX. */
static size_t authority_index(const tariffs_batch *b, const char *name) {
    for (size_t a = 0; a < tariffs_batch_authority_count(b); a++) {
        if (strcmp(tariffs_batch_authority_name(b, a), name) == 0) return a;
    }
    return SIZE_MAX;
}

/* The amount of authority `name` on `row`, as text. */
static const char *authority_amount(const tariffs_batch *b, size_t row, const char *name,
                                    char *buf) {
    size_t a = authority_index(b, name);
    CHECK(a != SIZE_MAX);
    CHECK_OK(tariffs_batch_amount(b, row, a, buf, TARIFFS_DECIMAL_BUFFER_SIZE, NULL));
    return buf;
}

/* ---- the rows ----------------------------------------------------------- */

/* The rows computed by hand (lines rounded to the cent, half away from zero):
 * 0 CN, 6109.10.00.12, $1000, 2025-04-01, express: mfn 16.5% = 165.00,
 *   ieepa_fentanyl 20% = 200.00, mpf 0.3464% = 3.464 -> minimum 32.71;
 *   duty 365.00, fees 32.71, total 397.71, effective rate 0.365.
 * 1 the same by postal: test_postal 5% = 50.00; duty 415.00, total 447.71.
 * 2 VN, cheese 0406.10.10, $500, 10 kg: mfn $1.035 x 10 = 10.35, mpf 32.71;
 *   total 43.06.
 * 3 VN, 6109, EUR 1000 at 1.1: customs value 1100; mfn 181.50, mpf 32.71;
 *   total 214.21.
 * 4 CN, 6109, $10.10: mfn 1.6665 -> 1.67, ieepa_fentanyl 2.02; duty 3.69,
 *   total 36.40.
 * 5 VN, 6109, $200,000: mfn 33000.00, mpf 692.80 -> maximum 634.62;
 *   total 33634.62.
 * 6 CN, 6109, $1000, claim TESTCLAIM: ieepa_fentanyl removed (0), mfn
 *   165.00, mpf 32.71; total 197.71. */
static tariffs_entry *hand_entry(size_t i) {
    tariffs_entry *e = NULL;
    switch (i) {
    case 0:
        e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
        CHECK_OK(tariffs_entry_set_mode(e, "express"));
        break;
    case 1:
        e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
        CHECK_OK(tariffs_entry_set_mode(e, "postal"));
        break;
    case 2:
        e = make_entry("VN", "0406.10.10", "500", "2025-04-01");
        CHECK_OK(tariffs_entry_add_quantity(e, "kg", "10"));
        break;
    case 3:
        e = make_entry("VN", "6109.10.00.12", "1000", "2025-04-01");
        CHECK_OK(tariffs_entry_set_currency(e, "EUR", "1.1"));
        break;
    case 4: e = make_entry("CN", "6109.10.00.12", "10.10", "2025-04-01"); break;
    case 5: e = make_entry("VN", "6109.10.00.12", "200000", "2025-04-01"); break;
    default:
        e = make_entry("CN", "6109.10.00.12", "1000", "2025-04-01");
        CHECK_OK(tariffs_entry_add_claim(e, "TESTCLAIM"));
        break;
    }
    return e;
}

/* Every 50th row (from row 7) is bad, cycling through these. */
#define BAD_KINDS 10
static const tariffs_status bad_status[BAD_KINDS] = {
    TARIFFS_NULL_ARGUMENT,    /* a NULL element */
    TARIFFS_UNKNOWN_CODE,     /* a code the schedule does not have */
    TARIFFS_MISSING_QUANTITY, /* the cheese's $/kg without kg */
    TARIFFS_INVALID_RATE,     /* the schedule's rate "banana" */
    TARIFFS_INVALID_INPUT,    /* no date set */
    TARIFFS_INVALID_INPUT,    /* a negative value */
    TARIFFS_MISSING_EXCHANGE_RATE,
    TARIFFS_UNKNOWN_IMPORTER, /* CA: a country the schedule does not cover */
    TARIFFS_NOT_COVERED,      /* a date before the schedule's first date */
    TARIFFS_TOO_LARGE,        /* the largest decimal, doubled: past the value limit */
};
static const char *const bad_field[BAD_KINDS] = {
    "entries", "hts",      "quantities", "rate", "date",
    "value",   "exchange_rate", "importer", "entry_date", "value",
};

static int is_bad(size_t i) { return i % 50 == 7; }
static int bad_kind(size_t i) { return (int)((i / 50) % BAD_KINDS); }

static tariffs_entry *bad_entry(int kind) {
    tariffs_entry *e = NULL;
    switch (kind) {
    case 0: return NULL;
    case 1: return make_entry("CN", "8703.23.01", "1000", "2025-04-01");
    case 2: return make_entry("VN", "0406.10.10", "500", "2025-04-01");
    case 3: return make_entry("VN", "8517.62.00", "500", "2025-04-01");
    case 4: return make_entry("VN", "6109.10.00.12", "500", NULL);
    case 5: return make_entry("VN", "6109.10.00.12", "-5", "2025-04-01");
    case 6:
        e = make_entry("VN", "6109.10.00.12", "500", "2025-04-01");
        CHECK_OK(tariffs_entry_set_currency(e, "EUR", NULL));
        return e;
    case 7:
        e = make_entry("VN", "6109.10.00.12", "500", "2025-04-01");
        CHECK_OK(tariffs_entry_set_importer(e, "CA"));
        return e;
    case 8: return make_entry("VN", "6109.10.00.12", "500", "2024-12-31");
    default:
        e = make_entry("CN", "6109.10.00.12", "79228162514264337593543950335", "2025-04-01");
        CHECK_OK(tariffs_entry_set_currency(e, "EUR", "2"));
        return e;
    }
}

/* A good row, varied by its index. */
static tariffs_entry *varied_entry(size_t i) {
    static const char *const origins[] = {"CN", "VN", "DE", "CN", "MX"};
    static const char *const modes[] = {"ocean", "air", "express", "postal", "truck"};
    char value[32];
    /* Values from 0.00 to 49999.99: below, inside and above the MPF bounds. */
    snprintf(value, sizeof value, "%zu.%02zu", (i * 7919) % 50000, (i * 37) % 100);
    int cheese = i % 5 == 0;
    /* Some rows after the fixture's policy date (2025-06-01): quoted with a warning. */
    const char *date = i % 3 == 0 ? "2025-03-03" : i % 7 == 0 ? "2025-06-15" : "2025-04-01";
    tariffs_entry *e = make_entry(origins[i % 5], cheese ? "0406.10.10" : "6109.10.00.12", value,
                                  date);
    CHECK_OK(tariffs_entry_set_mode(e, modes[(i / 5) % 5]));
    if (cheese) {
        char kg[32];
        snprintf(kg, sizeof kg, "%zu.%zu", i % 97, i % 10);
        CHECK_OK(tariffs_entry_add_quantity(e, "kg", kg));
    }
    if (i % 11 == 0) CHECK_OK(tariffs_entry_add_claim(e, "testclaim"));
    if (i % 13 == 0) CHECK_OK(tariffs_entry_set_currency(e, "EUR", "1.0825"));
    return e;
}

/* ---- the checks --------------------------------------------------------- */

/* Row `row` of the batch says what tariffs_quote says for `entry`. */
static void check_row_against_quote(const tariffs_schedule *s, const tariffs_batch *b, size_t row,
                                    const tariffs_entry *entry) {
    struct tariffs_quote *q = NULL;
    tariffs_status st = tariffs_quote(s, entry, &q);
    CHECK_STATUS(tariffs_batch_row_status(b, row), st);
    if (st != TARIFFS_OK) {
        /* The same failure, word for word. */
        CHECK_STR(tariffs_batch_row_error_message(b, row), tariffs_last_error_message());
        CHECK_STR(tariffs_batch_row_error_field(b, row), tariffs_last_error_field());
        return;
    }
    CHECK(tariffs_batch_row_error_message(b, row) == NULL);
    CHECK(tariffs_batch_row_error_field(b, row) == NULL);
    /* A warning exactly where the quote has one. */
    CHECK((tariffs_batch_row_warning(b, row) != NULL) == (tariffs_quote_warning_count(q) > 0));

    char x[TARIFFS_DECIMAL_BUFFER_SIZE], y[TARIFFS_DECIMAL_BUFFER_SIZE];
    CHECK_STR(batch_text(tariffs_batch_duty, b, row, x), quote_text(tariffs_quote_duty, q, y));
    CHECK_STR(batch_text(tariffs_batch_fees, b, row, x), quote_text(tariffs_quote_fees, q, y));
    CHECK_STR(batch_text(tariffs_batch_total, b, row, x), quote_text(tariffs_quote_total, q, y));
    CHECK_STR(batch_text(tariffs_batch_effective_rate, b, row, x),
              quote_text(tariffs_quote_effective_rate, q, y));
    CHECK_STR(batch_text(tariffs_batch_customs_value, b, row, x),
              quote_text(tariffs_quote_customs_value, q, y));

    check_authority_sums(b, row, q);
    /* Every applied line has its column. */
    for (size_t l = 0; l < tariffs_quote_line_count(q); l++) {
        const tariffs_line *line = NULL;
        CHECK_OK(tariffs_quote_line(q, l, &line));
        if (tariffs_line_get_kind(line) != TARIFFS_LINE_EXEMPTION) {
            CHECK(authority_index(b, tariffs_line_get_authority(line)) != SIZE_MAX);
        }
    }
    tariffs_quote_free(q);
}

static void check_hand_rows(const tariffs_batch *b) {
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];
    /* The fixture's authorities, sorted; mpf is the only fee. */
    CHECK(tariffs_batch_authority_count(b) == 4);
    CHECK_STR(tariffs_batch_authority_name(b, 0), "ieepa_fentanyl");
    CHECK_STR(tariffs_batch_authority_name(b, 1), "mfn");
    CHECK_STR(tariffs_batch_authority_name(b, 2), "mpf");
    CHECK_STR(tariffs_batch_authority_name(b, 3), "test_postal");
    CHECK(tariffs_batch_authority_is_fee(b, 0) == 0);
    CHECK(tariffs_batch_authority_is_fee(b, 1) == 0);
    CHECK(tariffs_batch_authority_is_fee(b, 2) == 1);
    CHECK(tariffs_batch_authority_is_fee(b, 3) == 0);
    CHECK(tariffs_batch_authority_name(b, 4) == NULL);
    CHECK(tariffs_batch_authority_is_fee(b, 4) == 0);

    /* Row 0: CN, $1000, express. */
    CHECK_STR(authority_amount(b, 0, "mfn", x), "165.00");
    CHECK_STR(authority_amount(b, 0, "ieepa_fentanyl", x), "200.00");
    CHECK_STR(authority_amount(b, 0, "mpf", x), "32.71");
    CHECK(decimal_eq(authority_amount(b, 0, "test_postal", x), "0"));
    CHECK_STR(batch_text(tariffs_batch_duty, b, 0, x), "365.00");
    CHECK_STR(batch_text(tariffs_batch_fees, b, 0, x), "32.71");
    CHECK_STR(batch_text(tariffs_batch_total, b, 0, x), "397.71");
    CHECK(decimal_eq(batch_text(tariffs_batch_effective_rate, b, 0, x), "0.365"));
    CHECK(decimal_eq(batch_text(tariffs_batch_customs_value, b, 0, x), "1000"));
    /* Row 1: postal. */
    CHECK_STR(authority_amount(b, 1, "test_postal", x), "50.00");
    CHECK_STR(batch_text(tariffs_batch_duty, b, 1, x), "415.00");
    CHECK_STR(batch_text(tariffs_batch_total, b, 1, x), "447.71");
    /* Row 2: cheese by the kg. */
    CHECK_STR(authority_amount(b, 2, "mfn", x), "10.35");
    CHECK(decimal_eq(authority_amount(b, 2, "ieepa_fentanyl", x), "0"));
    CHECK_STR(batch_text(tariffs_batch_total, b, 2, x), "43.06");
    /* Row 3: EUR at 1.1. */
    CHECK(decimal_eq(batch_text(tariffs_batch_customs_value, b, 3, x), "1100"));
    CHECK_STR(authority_amount(b, 3, "mfn", x), "181.50");
    CHECK_STR(batch_text(tariffs_batch_total, b, 3, x), "214.21");
    /* Row 4: rounding half away from zero. */
    CHECK_STR(authority_amount(b, 4, "mfn", x), "1.67");
    CHECK_STR(authority_amount(b, 4, "ieepa_fentanyl", x), "2.02");
    CHECK_STR(batch_text(tariffs_batch_duty, b, 4, x), "3.69");
    CHECK_STR(batch_text(tariffs_batch_total, b, 4, x), "36.40");
    /* Row 5: the MPF maximum. */
    CHECK_STR(authority_amount(b, 5, "mfn", x), "33000.00");
    CHECK_STR(authority_amount(b, 5, "mpf", x), "634.62");
    CHECK_STR(batch_text(tariffs_batch_total, b, 5, x), "33634.62");
    /* Row 6: the claim removes the 20%. */
    CHECK(decimal_eq(authority_amount(b, 6, "ieepa_fentanyl", x), "0"));
    CHECK_STR(batch_text(tariffs_batch_total, b, 6, x), "197.71");
}

/* The first bad rows, by what they are. */
static void check_bad_rows(const tariffs_batch *b, size_t rows) {
    char x[8];
    size_t n = 99;
    for (size_t i = 0; i < rows; i++) {
        if (!is_bad(i)) continue;
        int k = bad_kind(i);
        CHECK_STATUS(tariffs_batch_row_status(b, i), bad_status[k]);
        CHECK_STR(tariffs_batch_row_error_field(b, i), bad_field[k]);
        const char *msg = tariffs_batch_row_error_message(b, i);
        CHECK(msg != NULL && msg[0] != '\0');
        /* A failed row has no amounts: reading one returns the row's status
         * and message, with an empty buffer and length 0. */
        memset(x, 'x', sizeof x);
        n = 99;
        CHECK_STATUS(tariffs_batch_total(b, i, x, sizeof x, &n), bad_status[k]);
        CHECK(x[0] == '\0' && n == 0);
        CHECK_STR(tariffs_last_error_message(), msg);
        CHECK_STR(tariffs_last_error_field(), bad_field[k]);
        CHECK_STATUS(tariffs_batch_amount(b, i, 0, x, sizeof x, &n), bad_status[k]);
    }
    /* Row 7 is the NULL element, row 57 the unknown code, row 107 the
     * missing kg, row 157 the bad rate. */
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 7), "entries[7]");
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 57), "8703");
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 107), "kg");
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 157), "banana");
}

/* The caller-buffer protocol, on row 0's total "397.71" (6 characters). */
static void check_buffers(const tariffs_batch *b) {
    char buf[8];
    size_t n = 0;
    CHECK_STATUS(tariffs_batch_total(b, 0, NULL, 0, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(n == 6);
    memset(buf, 'x', sizeof buf);
    n = 0;
    CHECK_STATUS(tariffs_batch_total(b, 0, buf, 6, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(n == 6);
    CHECK(buf[0] == '\0');
    CHECK(buf[6] == 'x'); /* nothing written past `len` */
    CHECK_CONTAINS(tariffs_last_error_message(), "7 bytes");
    memset(buf, 'x', sizeof buf);
    CHECK_OK(tariffs_batch_total(b, 0, buf, 7, &n));
    CHECK_STR(buf, "397.71");
    CHECK(n == 6);
    CHECK(buf[7] == 'x');
    CHECK_OK(tariffs_batch_total(b, 0, buf, sizeof buf, NULL)); /* out_len is optional */
    CHECK_STR(buf, "397.71");
    /* The same for an authority amount ("200.00"). */
    size_t ieepa = authority_index(b, "ieepa_fentanyl");
    CHECK_STATUS(tariffs_batch_amount(b, 0, ieepa, NULL, 0, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(n == 6);
    CHECK_STATUS(tariffs_batch_amount(b, 0, ieepa, buf, 3, &n), TARIFFS_BUFFER_TOO_SMALL);
    CHECK(buf[0] == '\0');
    CHECK_OK(tariffs_batch_amount(b, 0, ieepa, buf, 7, &n));
    CHECK_STR(buf, "200.00");
}

/* Indices past the end are statuses, naming the index. */
static void check_ranges(const tariffs_batch *b, size_t rows) {
    char buf[TARIFFS_DECIMAL_BUFFER_SIZE];
    size_t n = 99;
    CHECK_STATUS(tariffs_batch_row_status(b, rows), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STR(tariffs_last_error_field(), "row");
    buf[0] = 'x';
    CHECK_STATUS(tariffs_batch_duty(b, rows, buf, sizeof buf, &n), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(buf[0] == '\0' && n == 0);
    CHECK_STR(tariffs_last_error_field(), "row");
    CHECK_STATUS(tariffs_batch_fees(b, SIZE_MAX, buf, sizeof buf, &n), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STATUS(tariffs_batch_amount(b, rows, 0, buf, sizeof buf, &n), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STR(tariffs_last_error_field(), "row");
    size_t w = tariffs_batch_authority_count(b);
    CHECK_STATUS(tariffs_batch_amount(b, 0, w, buf, sizeof buf, &n), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STR(tariffs_last_error_field(), "authority_index");
    /* A bad column is reported before a bad row's own failure. */
    CHECK_STATUS(tariffs_batch_amount(b, 7, w, buf, sizeof buf, &n), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK(tariffs_batch_row_error_message(b, rows) == NULL);
    CHECK(tariffs_batch_row_error_field(b, rows) == NULL);
}

static void test_big_batch(size_t rows) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry **owned = calloc(rows, sizeof *owned);
    const tariffs_entry **entries = calloc(rows, sizeof *entries);
    CHECK(owned != NULL && entries != NULL);
    if (owned == NULL || entries == NULL) {
        free(owned);
        free((void *)entries);
        tariffs_schedule_free(s);
        return;
    }
    size_t bad = 0;
    for (size_t i = 0; i < rows; i++) {
        if (is_bad(i)) {
            owned[i] = bad_entry(bad_kind(i));
            bad++;
        } else {
            owned[i] = i < HAND_ROWS ? hand_entry(i) : varied_entry(i);
        }
        entries[i] = owned[i];
    }

    tariffs_batch *b = NULL;
    CHECK_OK(tariffs_quote_batch(s, entries, rows, &b));
    CHECK(b != NULL);
    CHECK(tariffs_batch_len(b) == rows);
    CHECK(tariffs_batch_error_count(b) == bad);
    printf("batch of %zu entries, %zu bad\n", rows, bad);

    /* The batch does not borrow the entries: free them before reading it,
     * after quoting each alone for comparison. */
    for (size_t i = 0; i < rows; i++) {
        if (owned[i] == NULL) {
            CHECK_STATUS(tariffs_batch_row_status(b, i), TARIFFS_NULL_ARGUMENT);
        } else {
            check_row_against_quote(s, b, i, owned[i]);
        }
        tariffs_entry_free(owned[i]);
    }
    tariffs_schedule_free(s); /* nor the schedule */
    free(owned);
    free((void *)entries);

    /* The rows dated 2025-06-15 are the warned ones; one text serves them all. */
    size_t warned = 0;
    const char *text = NULL;
    for (size_t i = 0; i < rows; i++) {
        const char *w = tariffs_batch_row_warning(b, i);
        if (w == NULL) continue;
        warned++;
        if (text == NULL) text = w;
        CHECK(w == text);
    }
    CHECK(tariffs_batch_warning_count(b) == warned);
    if (rows >= 160) CHECK(warned > 0);
    if (warned > 0) CHECK_CONTAINS(text, "2025-06-01");

    if (rows >= 160) {
        check_hand_rows(b);
        check_bad_rows(b, rows);
        check_buffers(b);
    }
    check_ranges(b, rows);
    tariffs_batch_free(b);
}

/* The same entry twice (a batch may repeat a pointer), an empty batch, and
 * a batch of NULLs only. */
static void test_small_batches(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = hand_entry(0);
    const tariffs_entry *twice[3] = {e, NULL, e};
    tariffs_batch *b = NULL;
    char x[TARIFFS_DECIMAL_BUFFER_SIZE];
    CHECK_OK(tariffs_quote_batch(s, twice, 3, &b));
    CHECK(tariffs_batch_len(b) == 3);
    CHECK(tariffs_batch_error_count(b) == 1);
    CHECK_STR(batch_text(tariffs_batch_total, b, 0, x), "397.71");
    CHECK_STR(batch_text(tariffs_batch_total, b, 2, x), "397.71");
    CHECK_STATUS(tariffs_batch_row_status(b, 1), TARIFFS_NULL_ARGUMENT);
    CHECK_CONTAINS(tariffs_batch_row_error_message(b, 1), "entries[1]");
    tariffs_batch_free(b);

    /* count 0: entries may be NULL; the batch is empty but has its columns. */
    b = NULL;
    CHECK_OK(tariffs_quote_batch(s, NULL, 0, &b));
    CHECK(b != NULL);
    CHECK(tariffs_batch_len(b) == 0);
    CHECK(tariffs_batch_error_count(b) == 0);
    CHECK(tariffs_batch_authority_count(b) == 4);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_INDEX_OUT_OF_RANGE);
    CHECK_STATUS(tariffs_batch_total(b, 0, x, sizeof x, NULL), TARIFFS_INDEX_OUT_OF_RANGE);
    tariffs_batch_free(b);
    CHECK_OK(tariffs_quote_batch(s, twice, 0, &b));
    CHECK(tariffs_batch_len(b) == 0);
    tariffs_batch_free(b);

    const tariffs_entry *nulls[2] = {NULL, NULL};
    CHECK_OK(tariffs_quote_batch(s, nulls, 2, &b));
    CHECK(tariffs_batch_error_count(b) == 2);
    CHECK_STR(tariffs_batch_row_error_field(b, 0), "entries");
    tariffs_batch_free(b);

    /* A schedule without entries for the importer still batches: every row
     * fails alone. */
    const char *bare = "{\"format\": \"tariffs-schedule/1\"}";
    tariffs_schedule *empty = NULL;
    CHECK_OK(tariffs_schedule_from_json(bare, strlen(bare), &empty));
    CHECK_OK(tariffs_quote_batch(empty, twice, 3, &b));
    CHECK(tariffs_batch_len(b) == 3);
    CHECK(tariffs_batch_error_count(b) == 3);
    CHECK_STATUS(tariffs_batch_row_status(b, 0), TARIFFS_UNKNOWN_IMPORTER);
    CHECK(tariffs_batch_authority_count(b) == 0);
    CHECK_STATUS(tariffs_batch_amount(b, 0, 0, x, sizeof x, NULL), TARIFFS_INDEX_OUT_OF_RANGE);
    tariffs_batch_free(b);
    tariffs_schedule_free(empty);

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

static void test_null_arguments(void) {
    tariffs_schedule *s = load_fixture();
    tariffs_entry *e = hand_entry(0);
    const tariffs_entry *one[1] = {e};
    tariffs_batch *const sentinel = (tariffs_batch *)(uintptr_t)1;
    tariffs_batch *b = sentinel;
    char buf[TARIFFS_DECIMAL_BUFFER_SIZE];
    size_t n = 0;

    CHECK_STATUS(tariffs_quote_batch(NULL, one, 1, &b), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "schedule");
    CHECK(b == NULL);
    b = sentinel;
    CHECK_STATUS(tariffs_quote_batch(s, NULL, 1, &b), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "entries");
    CHECK(b == NULL);
    CHECK_STATUS(tariffs_quote_batch(s, one, 1, NULL), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "out");
    /* A count no array can hold is refused before anything is read. */
    b = sentinel;
    CHECK_STATUS(tariffs_quote_batch(s, one, SIZE_MAX, &b), TARIFFS_INVALID_INPUT);
    CHECK_STR(tariffs_last_error_field(), "count");
    CHECK(b == NULL);

    CHECK(tariffs_batch_len(NULL) == 0);
    CHECK(tariffs_batch_error_count(NULL) == 0);
    CHECK(tariffs_batch_authority_count(NULL) == 0);
    CHECK(tariffs_batch_authority_name(NULL, 0) == NULL);
    CHECK(tariffs_batch_authority_is_fee(NULL, 0) == 0);
    CHECK_STATUS(tariffs_batch_row_status(NULL, 0), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "batch");
    CHECK(tariffs_batch_row_error_message(NULL, 0) == NULL);
    CHECK(tariffs_batch_row_error_field(NULL, 0) == NULL);
    CHECK(tariffs_batch_warning_count(NULL) == 0);
    CHECK(tariffs_batch_row_warning(NULL, 0) == NULL);
    CHECK_STATUS(tariffs_batch_duty(NULL, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_batch_fees(NULL, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_batch_total(NULL, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_batch_effective_rate(NULL, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_batch_customs_value(NULL, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STATUS(tariffs_batch_amount(NULL, 0, 0, buf, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "batch");

    CHECK_OK(tariffs_quote_batch(s, one, 1, &b));
    CHECK_STATUS(tariffs_batch_total(b, 0, NULL, sizeof buf, &n), TARIFFS_NULL_ARGUMENT);
    CHECK_STR(tariffs_last_error_field(), "buf");
    CHECK_STATUS(tariffs_batch_amount(b, 0, 0, NULL, 4, &n), TARIFFS_NULL_ARGUMENT);
    tariffs_batch_free(b);
    tariffs_batch_free(NULL);

    tariffs_entry_free(e);
    tariffs_schedule_free(s);
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : DEFAULT_ROWS;
    if (rows < 1) rows = 1;
    test_big_batch((size_t)rows);
    test_small_batches();
    test_null_arguments();
    return check_report("c_batch");
}
