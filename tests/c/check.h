/*
 * A minimal test harness for the C tests: CHECK counts and reports, the
 * program ends with one "N passed, N failed" line and exits non-zero on any
 * failure.
 */
#ifndef TARIFFS_TEST_CHECK_H
#define TARIFFS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "tariffs.h"

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            check_passed++;                                                          \
        } else {                                                                     \
            check_failed++;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

/* The call must return `expected`; on a mismatch, print both names and the
 * last error message. */
#define CHECK_STATUS(call, expected)                                                  \
    do {                                                                              \
        tariffs_status check_st_ = (call);                                            \
        if (check_st_ == (expected)) {                                                \
            check_passed++;                                                           \
        } else {                                                                      \
            check_failed++;                                                           \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s (last error: %s)\n",  \
                    __FILE__, __LINE__, #call, tariffs_status_str((int)check_st_),    \
                    tariffs_status_str((int)(expected)), tariffs_last_error_message()); \
        }                                                                             \
    } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, TARIFFS_OK)

/* Two C strings are equal (NULL equals only NULL). */
#define CHECK_STR(actual, expected)                                                     \
    do {                                                                                \
        const char *check_a_ = (actual);                                                \
        const char *check_e_ = (expected);                                              \
        if ((check_a_ == NULL && check_e_ == NULL) ||                                   \
            (check_a_ != NULL && check_e_ != NULL && strcmp(check_a_, check_e_) == 0)) { \
            check_passed++;                                                             \
        } else {                                                                        \
            check_failed++;                                                             \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
                    #actual, check_a_ ? check_a_ : "(null)", check_e_ ? check_e_ : "(null)"); \
        }                                                                               \
    } while (0)

/* `haystack` is not NULL and contains `needle`. */
#define CHECK_CONTAINS(haystack, needle)                                                \
    do {                                                                                \
        const char *check_h_ = (haystack);                                              \
        if (check_h_ != NULL && strstr(check_h_, (needle)) != NULL) {                   \
            check_passed++;                                                             \
        } else {                                                                        \
            check_failed++;                                                             \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected it to contain \"%s\"\n",     \
                    __FILE__, __LINE__, #haystack, check_h_ ? check_h_ : "(null)", (needle)); \
        }                                                                               \
    } while (0)

/* Prints the closing line and returns the process status. */
static int check_report(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif
