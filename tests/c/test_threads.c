/*
 * Eight threads quote with one shared schedule and must all get the quote
 * the main thread got: the same JSON, and the total computed by hand
 * (CN, $1000, express: 165.00 + 200.00 duty + 32.71 MPF = 397.71).
 *
 * Half the threads build their own entry; the other half share one
 * read-only entry. Each thread also quotes a small batch (its entry, a NULL
 * row, its entry again) with the same schedule, and provokes its own failure
 * between quotes and checks that the thread-local last error is its own.
 * All threads ask for the schedule's coverage at once (it is computed on
 * first use) and must be lent the same one.
 *
 * Usage: test_threads [ITERATIONS]   (default 200)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "tariffs.h"

#define THREADS 8

struct job {
    const tariffs_schedule *schedule;
    const tariffs_entry *shared_entry; /* used by odd-numbered threads */
    const char *expected_json;
    const tariffs_coverage *coverage; /* what this thread was lent */
    int index;
    int iterations;
    int failures; /* written by the thread only */
};

static tariffs_entry *new_entry(void) {
    tariffs_entry *e = NULL;
    if (tariffs_entry_new(&e) != TARIFFS_OK) return NULL;
    if (tariffs_entry_set_origin(e, "CN") != TARIFFS_OK ||
        tariffs_entry_set_hts(e, "6109.10.00.12") != TARIFFS_OK ||
        tariffs_entry_set_value(e, "1000") != TARIFFS_OK ||
        tariffs_entry_set_date(e, "2025-04-01") != TARIFFS_OK ||
        tariffs_entry_set_mode(e, "express") != TARIFFS_OK) {
        tariffs_entry_free(e);
        return NULL;
    }
    return e;
}

static void fail(struct job *job, const char *what) {
    job->failures++;
    fprintf(stderr, "thread %d: %s (last error: %s)\n", job->index, what,
            tariffs_last_error_message());
}

static void *worker(void *arg) {
    struct job *job = arg;
    tariffs_entry *own = NULL;
    const tariffs_entry *entry = job->shared_entry;
    if (job->index % 2 == 0) {
        own = new_entry();
        if (own == NULL) {
            fail(job, "cannot build an entry");
            return NULL;
        }
        entry = own;
    }
    /* A scratch entry to fail on, with a value naming this thread. */
    tariffs_entry *scratch = NULL;
    char bad_origin[32];
    snprintf(bad_origin, sizeof bad_origin, "bad-origin-%d", job->index);
    if (tariffs_entry_new(&scratch) != TARIFFS_OK) fail(job, "tariffs_entry_new");

    /* The coverage is computed on first use: every thread races for it and
     * must be lent the same one. */
    if (tariffs_schedule_coverage(job->schedule, &job->coverage) != TARIFFS_OK ||
        job->coverage == NULL ||
        strcmp(tariffs_coverage_get_reviewed_through(job->coverage), "2025-06-01") != 0 ||
        tariffs_schedule_chapter99_count(job->schedule) != 0) {
        fail(job, "wrong coverage");
    }

    for (int i = 0; i < job->iterations; i++) {
        struct tariffs_quote *q = NULL;
        if (tariffs_quote(job->schedule, entry, &q) != TARIFFS_OK) {
            fail(job, "tariffs_quote failed");
            continue;
        }
        char total[TARIFFS_DECIMAL_BUFFER_SIZE];
        if (tariffs_quote_total(q, total, sizeof total, NULL) != TARIFFS_OK ||
            strcmp(total, "397.71") != 0) {
            fail(job, "wrong total");
        }
        char *json = NULL;
        if (tariffs_quote_to_json(q, &json) != TARIFFS_OK || strcmp(json, job->expected_json) != 0) {
            fail(job, "JSON differs from the main thread's");
        }
        tariffs_string_free(json);
        tariffs_quote_free(q);

        /* The batch runs on the library's worker pool, shared by every
         * thread calling it. */
        const tariffs_entry *rows[3] = {entry, NULL, entry};
        tariffs_batch *batch = NULL;
        if (tariffs_quote_batch(job->schedule, rows, 3, &batch) != TARIFFS_OK) {
            fail(job, "tariffs_quote_batch failed");
        } else {
            char t0[TARIFFS_DECIMAL_BUFFER_SIZE], t2[TARIFFS_DECIMAL_BUFFER_SIZE];
            if (tariffs_batch_len(batch) != 3 || tariffs_batch_error_count(batch) != 1 ||
                tariffs_batch_row_status(batch, 1) != TARIFFS_NULL_ARGUMENT ||
                tariffs_batch_total(batch, 0, t0, sizeof t0, NULL) != TARIFFS_OK ||
                tariffs_batch_total(batch, 2, t2, sizeof t2, NULL) != TARIFFS_OK ||
                strcmp(t0, "397.71") != 0 || strcmp(t2, "397.71") != 0) {
                fail(job, "wrong batch");
            }
        }
        tariffs_batch_free(batch);

        if (tariffs_entry_set_origin(scratch, bad_origin) != TARIFFS_INVALID_INPUT ||
            strstr(tariffs_last_error_message(), bad_origin) == NULL) {
            fail(job, "the last error is not this thread's");
        }
    }

    /* The embedded schedule may be first loaded from several threads at once. */
    tariffs_schedule *builtin = NULL;
    if (tariffs_schedule_builtin(&builtin) != TARIFFS_OK) fail(job, "tariffs_schedule_builtin");
    tariffs_schedule_free(builtin);

    tariffs_entry_free(scratch);
    tariffs_entry_free(own);
    return NULL;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 200;
    if (iterations < 1) iterations = 1;

    tariffs_schedule *schedule = NULL;
    CHECK_OK(tariffs_schedule_from_json(FIXTURE_JSON, strlen(FIXTURE_JSON), &schedule));
    tariffs_entry *shared = new_entry();
    CHECK(shared != NULL);

    /* The reference quote, from the main thread. */
    struct tariffs_quote *q = NULL;
    CHECK_OK(tariffs_quote(schedule, shared, &q));
    char *expected = NULL;
    CHECK_OK(tariffs_quote_to_json(q, &expected));
    CHECK_CONTAINS(expected, "\"total\":\"397.71\"");
    tariffs_quote_free(q);
    if (schedule == NULL || shared == NULL || expected == NULL) return check_report("c_threads");

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (struct job){schedule, shared, expected, NULL, t, iterations, 0};
        CHECK(pthread_create(&threads[t], NULL, worker, &jobs[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(jobs[t].failures == 0);
        CHECK(jobs[t].coverage != NULL && jobs[t].coverage == jobs[0].coverage);
    }
    printf("%d threads x %d quotes with one schedule\n", THREADS, iterations);

    tariffs_string_free(expected);
    tariffs_entry_free(shared);
    tariffs_schedule_free(schedule);
    return check_report("c_threads");
}
