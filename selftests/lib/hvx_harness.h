/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every hvx test file includes: the kselftest harness (TEST(),
 * ASSERT_*(), EXPECT_*(), SKIP(), TEST_HARNESS_MAIN), the hvx test
 * library and the guest-code macros. Include it once, in the test file.
 */
#ifndef HVX_HARNESS_H
#define HVX_HARNESS_H

#include "kselftest_harness.h"
#include "hvx_test.h"

/*
 * The testbed emulates the CPU, so everything is slow there: each test
 * gets two minutes (the harness default is 30 s) unless it says more
 * with HVXT_TIMEOUT(). TEST() picks the value up when it is expanded.
 */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

/* After a TEST(name) { ... }: give that test @secs seconds instead. */
#define HVXT_TIMEOUT(test_name, secs)					\
	static void __attribute__((constructor))			\
	_hvxt_timeout_##test_name(void)					\
	{								\
		_##test_name##_object.timeout = (secs);			\
	}

/*
 * Skip the test (kselftest SKIP) when a feature is really absent, with
 * the reason. Never use it to hide a failure.
 */
#define HVXT_REQUIRE(cond, ...) do {					\
	if (!(cond))							\
		SKIP(return, __VA_ARGS__);				\
} while (0)

/* Skip unless HVX_CHECK_EXTENSION(@cap) is nonzero. */
#define HVXT_REQUIRE_CAP(sys_fd, cap)					\
	HVXT_REQUIRE(hvx_check_extension(sys_fd, cap) > 0,		\
		     "hvx lacks " #cap)

/*
 * The 6.1 harness runs every test and takes no options; ours takes
 *   -l          list the tests (fixture.name), run none
 *   NAME...     run only these (NAME or fixture.NAME)
 * by pruning the harness's lists before handing over to it.
 */
static inline bool hvxt_selected(struct __fixture_metadata *f,
				 struct __test_metadata *t, int argc,
				 char **argv)
{
	char full[256];
	int i;

	snprintf(full, sizeof(full), "%s.%s", f->name, t->name);
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], t->name) || !strcmp(argv[i], full))
			return true;
	return false;
}

static inline int hvxt_harness_main(int argc, char **argv)
{
	struct __fixture_metadata *f;
	struct __test_metadata *t, *next, *head, *tail;
	int i, found = 0;

	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (f = __fixture_list; f; f = f->next)
			for (t = f->tests; t; t = t->next)
				printf("%s.%s\n", f->name, t->name);
		return 0;
	}
	if (argc > 1) {
		for (f = __fixture_list; f; f = f->next) {
			head = tail = NULL;
			for (t = f->tests; t; t = next) {
				next = t->next;
				if (!hvxt_selected(f, t, argc, argv))
					continue;
				found++;
				t->next = NULL;
				if (tail) {
					tail->next = t;
					t->prev = tail;
				} else {
					head = t;
				}
				tail = t;
			}
			if (head)
				head->prev = tail;
			f->tests = head;
		}
		if (found < argc - 1) {
			for (i = 1; i < argc; i++)
				fprintf(stderr, "# asked for: %s\n", argv[i]);
			fprintf(stderr, "# some of these tests do not exist (-l lists them)\n");
			return KSFT_FAIL;
		}
	}
	return test_harness_run(argc, argv);
}

#undef TEST_HARNESS_MAIN
#define TEST_HARNESS_MAIN						\
	static void __attribute__((constructor))			\
	__constructor_order_last(void)					\
	{								\
		if (!__constructor_order)				\
			__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD; \
	}								\
	int main(int argc, char **argv)					\
	{								\
		return hvxt_harness_main(argc, argv);			\
	}

/* Assert a raw call (returning -errno) failed with exactly @err. */
#define ASSERT_ERRNO(err, call) do {					\
	long __e = (long)(call);					\
	if (__e != -(long)(err))					\
		TH_LOG("%s: expected -%s, got %ld (%s)", #call,		\
		       hvxt_errno_name(err), __e,			\
		       __e < 0 ? hvxt_errno_name(-__e) : "success");	\
	ASSERT_EQ(-(long)(err), __e);					\
} while (0)

#endif /* HVX_HARNESS_H */
