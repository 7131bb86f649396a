/* A tiny test harness in the style of utest.h: TEST(suite, name), EXPECT_*, --filter, and a last
   line "N passed, N failed, N skipped". Tests are listed in a table at the end of the runner. */
#ifndef M2_TEST_HARNESS_H
#define M2_TEST_HARNESS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct harness_state {
    int failed;        /* the current test has failed */
    int skipped;       /* the current test skipped itself */
    char skip_why[256];
} harness_state;
static harness_state harness;

#define TEST(suite, name) static void test_##suite##_##name(void)
#define TEST_ENTRY(suite, name) {#suite "." #name, test_##suite##_##name}

#define FAIL_AT(...) do { harness.failed = 1; fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); } while (0)
#define EXPECT_TRUE(c) do { if (!(c)) FAIL_AT("expected %s", #c); } while (0)
#define ASSERT_TRUE(c) do { if (!(c)) { FAIL_AT("expected %s", #c); return; } } while (0)
#define EXPECT_EQ(a, b) do { long long ea_ = (long long)(a), eb_ = (long long)(b); if (ea_ != eb_) FAIL_AT("%s == %s: %lld != %lld", #a, #b, ea_, eb_); } while (0)
#define ASSERT_EQ(a, b) do { long long ea_ = (long long)(a), eb_ = (long long)(b); if (ea_ != eb_) { FAIL_AT("%s == %s: %lld != %lld", #a, #b, ea_, eb_); return; } } while (0)
#define EXPECT_NEAR(a, b, tol) do { double ea_ = (double)(a), eb_ = (double)(b); if (!(fabs(ea_ - eb_) <= (tol))) FAIL_AT("%s ~ %s: %.9g vs %.9g (tol %g)", #a, #b, ea_, eb_, (double)(tol)); } while (0)
#define SKIP(...) do { harness.skipped = 1; snprintf(harness.skip_why, sizeof harness.skip_why, __VA_ARGS__); return; } while (0)

typedef struct harness_test {
    const char *name;
    void (*fn)(void);
} harness_test;

static int harness_run(const harness_test *tests, int n, int argc, char **argv) {
    const char *filter = NULL;
    int i, passed = 0, failed = 0, skipped = 0;
    for (i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--filter=", 9)) filter = argv[i] + 9;
        else if (!strcmp(argv[i], "--filter") && i + 1 < argc) filter = argv[++i];
        else if (!strcmp(argv[i], "--list")) { int k; for (k = 0; k < n; k++) printf("%s\n", tests[k].name); return 0; }
    }
    for (i = 0; i < n; i++) {
        if (filter && !strstr(tests[i].name, filter)) continue;
        memset(&harness, 0, sizeof harness);
        printf("[ RUN      ] %s\n", tests[i].name);
        fflush(stdout);
        tests[i].fn();
        if (harness.failed) { failed++; printf("[  FAILED  ] %s\n", tests[i].name); }
        else if (harness.skipped) { skipped++; printf("[  SKIPPED ] %s: %s\n", tests[i].name, harness.skip_why); }
        else { passed++; printf("[       OK ] %s\n", tests[i].name); }
        fflush(stdout);
    }
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
#endif
