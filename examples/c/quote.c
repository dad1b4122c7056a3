/*
 * The $54 parcel: a cotton T-shirt (HTS 6109.10.00.12) from China by express
 * courier, quoted the day before and the day the de minimis exemption for
 * Chinese goods was suspended (2025-05-01 and 2025-05-02), with every line
 * explained.
 *
 * Usage: quote [SCHEDULE.json]   (default: the schedule built into the library)
 *
 * Exit status: 0 when both quotes succeed, 1 when the library returns an
 * error status (printed with its message), 2 when the schedule cannot be loaded.
 */
#include <stdio.h>

#include "tariffs.h"

static const char *kind_name(tariffs_line_kind kind) {
    switch (kind) {
    case TARIFFS_LINE_BASE: return "base";
    case TARIFFS_LINE_ADDITIONAL: return "additional";
    case TARIFFS_LINE_EXEMPTION: return "exemption";
    case TARIFFS_LINE_FEE: return "fee";
    default: return "?";
    }
}

static const char *or_dash(const char *s) { return s != NULL ? s : "-"; }

/* Prints the failed call's status and message; returns 1. */
static int report(const char *what, tariffs_status st) {
    fflush(stdout);
    fprintf(stderr, "  %s failed: %s: %s\n", what, tariffs_status_str((int)st),
            tariffs_last_error_message());
    return 1;
}

/* Quotes the parcel on `date` and prints the explanation; returns 0 or 1. */
static int quote_parcel(const tariffs_schedule *schedule, const char *date) {
    printf("\n$54 parcel, HTS 6109.10.00.12 from CN by express, entered %s\n", date);
    tariffs_entry *entry = NULL;
    struct tariffs_quote *quote = NULL;
    tariffs_status st = tariffs_entry_new(&entry);
    if (st == TARIFFS_OK) st = tariffs_entry_set_origin(entry, "CN");
    if (st == TARIFFS_OK) st = tariffs_entry_set_hts(entry, "6109.10.00.12");
    if (st == TARIFFS_OK) st = tariffs_entry_set_value(entry, "54");
    if (st == TARIFFS_OK) st = tariffs_entry_set_mode(entry, "express");
    if (st == TARIFFS_OK) st = tariffs_entry_set_date(entry, date);
    if (st == TARIFFS_OK) st = tariffs_quote(schedule, entry, &quote);
    tariffs_entry_free(entry); /* the quote does not borrow the entry */
    if (st != TARIFFS_OK) return report("quote", st);

    for (size_t i = 0; i < tariffs_quote_line_count(quote); i++) {
        const tariffs_line *line = NULL;
        if (tariffs_quote_line(quote, i, &line) != TARIFFS_OK) continue;
        printf("  %-10s %-24s %-12s %10s  %s  [%s]\n", kind_name(tariffs_line_get_kind(line)),
               tariffs_line_get_authority(line), or_dash(tariffs_line_get_heading(line)),
               tariffs_line_get_amount(line), tariffs_line_get_rate(line),
               tariffs_line_get_reason(line));
    }
    for (size_t i = 0; i < tariffs_quote_excluded_count(quote); i++) {
        const tariffs_excluded *x = NULL;
        if (tariffs_quote_excluded(quote, i, &x) != TARIFFS_OK) continue;
        printf("  not applied: %s %s: %s\n", tariffs_excluded_get_authority(x),
               or_dash(tariffs_excluded_get_heading(x)), tariffs_excluded_get_reason(x));
    }
    for (size_t i = 0; i < tariffs_quote_note_count(quote); i++) {
        const char *note = NULL;
        if (tariffs_quote_note(quote, i, &note) == TARIFFS_OK) printf("  note: %s\n", note);
    }
    char duty[TARIFFS_DECIMAL_BUFFER_SIZE], fees[TARIFFS_DECIMAL_BUFFER_SIZE],
        total[TARIFFS_DECIMAL_BUFFER_SIZE], rate[TARIFFS_DECIMAL_BUFFER_SIZE];
    st = tariffs_quote_duty(quote, duty, sizeof duty, NULL);
    if (st == TARIFFS_OK) st = tariffs_quote_fees(quote, fees, sizeof fees, NULL);
    if (st == TARIFFS_OK) st = tariffs_quote_total(quote, total, sizeof total, NULL);
    if (st == TARIFFS_OK) st = tariffs_quote_effective_rate(quote, rate, sizeof rate, NULL);
    if (st == TARIFFS_OK) {
        printf("  duty %s + fees %s = total %s %s (duty / value = %s)\n", duty, fees, total,
               tariffs_quote_currency(quote), rate);
    }
    tariffs_quote_free(quote);
    return st == TARIFFS_OK ? 0 : report("reading the totals", st);
}

int main(int argc, char **argv) {
    tariffs_schedule *schedule = NULL;
    tariffs_status st = argc > 1 ? tariffs_schedule_from_file(argv[1], &schedule)
                                 : tariffs_schedule_builtin(&schedule);
    if (st != TARIFFS_OK) {
        report("loading the schedule", st);
        return 2;
    }
    const char *policy = tariffs_schedule_version_policy_date(schedule);
    printf("libtariffs %s, schedule \"%s\" (HTS %s, policy date %s)\n", tariffs_version(),
           tariffs_schedule_version_name(schedule), tariffs_schedule_version_hts_revision(schedule),
           policy != NULL ? policy : "not given");

    int failed = 0;
    failed |= quote_parcel(schedule, "2025-05-01");
    failed |= quote_parcel(schedule, "2025-05-02");
    tariffs_schedule_free(schedule);
    return failed;
}
