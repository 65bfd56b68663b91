#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "regex.h"
#include "util.h"

static struct wl_regex *compile(const char *pattern, unsigned flags)
{
	struct wl_regex *re = NULL;
	char *msg = NULL;
	size_t off;

	if (wl_regex_compile(&re, pattern, strlen(pattern), flags, &msg,
			     &off) < 0)
		fail_msg("'%s' does not compile: %s at %zu", pattern, msg, off);
	return re;
}

/* `n` copies of `unit`, then `tail`; the caller frees. */
static char *repeat(const char *unit, size_t n, const char *tail)
{
	struct wl_buf b = WL_BUF_INIT;

	while (n--)
		wl_buf_addstr(&b, unit);
	wl_buf_addstr(&b, tail);
	return wl_buf_detach(&b, NULL);
}

/* Searches once with a fresh scratch and the given limits. */
static int search_once(const char *pattern, unsigned flags, const char *s,
		       unsigned long long match_steps,
		       unsigned long long total_steps)
{
	struct wl_regex_scratch sc = WL_REGEX_SCRATCH_INIT;
	struct wl_regex_limits lim = { match_steps, total_steps };
	struct wl_regex *re = compile(pattern, flags);
	int r;

	wl_regex_scratch_limits(&sc, &lim);
	r = wl_regex_search(re, s, strlen(s), &sc);
	wl_regex_scratch_release(&sc);
	wl_regex_free(re);
	return r;
}

static void test_regex__searches_unanchored_in_code_points(void **state)
{
	(void)state;
	assert_int_equal(search_once("b", 0, "abc", 0, 0), WL_REGEX_MATCH);
	assert_int_equal(search_once("^b", 0, "abc", 0, 0), WL_REGEX_NOMATCH);
	assert_int_equal(search_once("^.$", WL_REGEX_JIT, "中", 0, 0),
			 WL_REGEX_MATCH);
	assert_int_equal(search_once("^\\p{Letter}+$", WL_REGEX_JIT, "日志", 0,
				     0),
			 WL_REGEX_MATCH);
}

/*
 * Exponential backtracking is stopped by the steps of the search, with
 * the JIT or without it alike (PCRE2's own match limit would allow ten
 * million steps per start position).
 */
static void test_regex__catastrophic_backtracking_is_too_complex(void **state)
{
	char *s = repeat("a", 40, "!");

	(void)state;
	assert_int_equal(search_once("^(a+)+$", 0, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	assert_int_equal(search_once("^(a+)+$", WL_REGEX_JIT, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	/* The same pattern on an easy subject is fine. */
	assert_int_equal(search_once("^(a+)+$", WL_REGEX_JIT, "aaaa", 0, 0),
			 WL_REGEX_MATCH);
	free(s);
}

/*
 * Backtracking that stays under any per-position limit but is repeated
 * at every start position still counts in one search: runs of 16 a's,
 * each 2^16 steps, a thousand of them.
 */
static void test_regex__cost_of_every_start_position_adds_up(void **state)
{
	char *s = repeat("aaaaaaaaaaaaaaaa-", 1000, "");

	(void)state;
	assert_int_equal(search_once("(a+)+\\d", WL_REGEX_JIT, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	assert_int_equal(search_once("(a+)+\\d", 0, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	free(s);
}

/* A rescan of the rest of the subject from every position is quadratic
 * without any backtracking; the moves are counted too. */
static void test_regex__quadratic_rescans_are_counted(void **state)
{
	char *s = repeat("a", 20000, "");

	(void)state;
	assert_int_equal(search_once("a*a\\d", 0, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	assert_int_equal(search_once("a*a\\d", WL_REGEX_JIT, s, 0, 0),
			 WL_REGEX_TOO_COMPLEX);
	free(s);
	/* Under a limit that allows the square, it finishes. */
	s = repeat("a", 3000, "");
	assert_int_equal(search_once("a*a\\d", WL_REGEX_JIT, s, 100000000ULL,
				     100000000ULL),
			 WL_REGEX_NOMATCH);
	free(s);
}

/* `^(?:a()()...)*$` with a thousand empty groups; the caller frees. */
static char *many_groups(void)
{
	char *groups = repeat("()", 1000, ")*$");
	char *pat = wl_xprintf("^(?:a%s", groups);

	free(groups);
	return pat;
}

/*
 * Each capture group makes every backtracking point larger: a thousand
 * empty groups repeated over a short subject need gigabytes of
 * backtracking memory in few steps. The search stops at the memory
 * bound (with the JIT too, whose small stack sends it to the
 * interpreter), and says that it was the memory, not the steps.
 */
static void test_regex__backtracking_memory_is_bounded(void **state)
{
	char *pat = many_groups();

	(void)state;
	assert_int_equal(search_once(pat, 0, "aaaaaaaaaaaaaaaaaaaa!", 0, 0),
			 WL_REGEX_TOO_DEEP);
	assert_int_equal(search_once(pat, WL_REGEX_JIT, "aaaaaaaaaaaaaaaaaaaa!",
				     0, 0),
			 WL_REGEX_TOO_DEEP);
	/* A short subject fits. */
	assert_int_equal(search_once(pat, WL_REGEX_JIT, "a", 0, 0),
			 WL_REGEX_MATCH);
	free(pat);
}

/*
 * Each backtracking point copies the captures set so far, so an item of
 * a pattern with a thousand groups costs a hundred times more: a record
 * of short values against it spends its budget within a few hundred
 * searches, not the thousands its plain step count would allow (each
 * search taking milliseconds).
 */
static void test_regex__captures_make_each_step_dearer(void **state)
{
	struct wl_regex_scratch sc = WL_REGEX_SCRATCH_INIT;
	char *pat = many_groups();
	struct wl_regex *re = compile(pat, WL_REGEX_JIT);
	int r = 0, i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		r = wl_regex_search(re, "aaaaaaaaaaaaaaaaaaaa!", 21, &sc);
		if (r != WL_REGEX_TOO_DEEP)
			break;
	}
	assert_int_equal(r, WL_REGEX_SPENT);
	assert_true(i < 200);
	wl_regex_scratch_release(&sc);
	wl_regex_free(re);
	free(pat);
}

/*
 * The steps of all searches through one scratch are one budget: past
 * it, every search says so, even one that would be cheap.
 */
static void test_regex__total_budget_spans_searches(void **state)
{
	struct wl_regex_scratch sc = WL_REGEX_SCRATCH_INIT;
	struct wl_regex_limits lim = { 100000, 250000 };
	struct wl_regex *re = compile("^(a|aa)+$", WL_REGEX_JIT);
	char *s = repeat("a", 18, "!");
	int r = 0, i;

	(void)state;
	wl_regex_scratch_limits(&sc, &lim);
	for (i = 0; i < 100; i++) {
		r = wl_regex_search(re, s, strlen(s), &sc);
		if (r != WL_REGEX_NOMATCH)
			break;
	}
	assert_int_equal(r, WL_REGEX_SPENT);
	assert_true(i > 1);
	assert_int_equal(wl_regex_search(re, "aa", 2, &sc), WL_REGEX_SPENT);
	assert_int_equal(wl_regex_limit(&sc, WL_REGEX_SPENT), 250000);
	wl_regex_scratch_release(&sc);
	wl_regex_free(re);
	free(s);
}

static void test_regex__long_and_deep_patterns_do_not_compile(void **state)
{
	struct wl_regex *re = NULL;
	char *msg = NULL, *p;
	size_t off = 0;

	(void)state;
	p = repeat("a", WL_REGEX_MAX_PATTERN + 1, "");
	assert_int_equal(wl_regex_compile(&re, p, strlen(p), 0, &msg, &off),
			 -1);
	assert_string_equal(msg, "the pattern is longer than 4096 bytes");
	assert_int_equal(off, 4096);
	assert_null(re);
	free(msg);
	free(p);

	p = repeat("(", WL_REGEX_MAX_NESTING + 1, "a");
	assert_int_equal(wl_regex_compile(&re, p, strlen(p), 0, &msg, &off),
			 -1);
	assert_string_equal(msg, "parentheses are too deeply nested");
	free(msg);
	free(p);

	/* Repeats that multiply: PCRE2's compiled form stays under 64 KiB. */
	p = wl_xstrdup("((a{1000}){1000}){1000}");
	assert_int_equal(wl_regex_compile(&re, p, strlen(p), 0, &msg, &off),
			 -1);
	assert_string_equal(msg, "regular expression is too large");
	free(msg);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex__searches_unanchored_in_code_points),
		cmocka_unit_test(test_regex__catastrophic_backtracking_is_too_complex),
		cmocka_unit_test(test_regex__cost_of_every_start_position_adds_up),
		cmocka_unit_test(test_regex__quadratic_rescans_are_counted),
		cmocka_unit_test(test_regex__backtracking_memory_is_bounded),
		cmocka_unit_test(test_regex__captures_make_each_step_dearer),
		cmocka_unit_test(test_regex__total_budget_spans_searches),
		cmocka_unit_test(test_regex__long_and_deep_patterns_do_not_compile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
