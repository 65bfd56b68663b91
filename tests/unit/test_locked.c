#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "git.h"
#include "locked.h"
#include "node.h"
#include "rules.h"
#include "util.h"
#include "unit.h"

/*
 * A history made with the real git, one commit a day from 2026-09-01
 * (10:00 +08:00), each writing the three records as the line says:
 *
 *   1  a: todo   b: done   c: done
 *   2  a: done   b: todo   c: done
 *   3  a: done!  b: done   c: done
 *
 * (done! is a done version with other content.) At the tip, a has been
 * done since day 2, b since day 3, c since day 1.
 */
static char dir[] = "/tmp/wl-locked-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static void day(int n, const char *a, const char *b, const char *c)
{
	sh("printf '%s' >a.md && printf '%s' >b.md && printf '%s' >c.md && "
	   "git add -A && GIT_COMMITTER_DATE=2026-09-%02dT10:00:00+08:00 "
	   "git commit -qm day%d", a, b, c, n, n);
}

static int setup(void **state)
{
	(void)state;
	if (fixture_git_home(dir, "2026-09-01T10:00:00+08:00") < 0)
		return -1;
	sh("git init -q -b main .");
	day(1, "todo", "done", "done");
	day(2, "done", "todo", "done");
	day(3, "done!", "done", "done");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

struct asked {
	size_t calls;
};

static int is_done(void *arg, const char *path, const struct wl_oid *blob,
		   int *done, char **err)
{
	struct asked *a = arg;
	struct wl_oid d1, d2;

	a->calls++;
	wl_oid_hash(&d1, "done", 4);
	wl_oid_hash(&d2, "done!", 5);
	*done = !wl_oid_cmp(blob, &d1) || !wl_oid_cmp(blob, &d2);
	return 0;
}

/* 2026-09-DD 10:00 +08:00 */
static long long at_day(int d)
{
	return 1788228000LL + (long long)(d - 1) * 86400;
}

static void test_locked__one_walk_dates_every_record(void **state)
{
	struct wl_git *git = NULL;
	struct wl_oid head;
	struct wl_locked_query q[4] = {
		{ "a.md", 0, 0 }, { "b.md", 0, 0 }, { "c.md", 0, 0 },
		{ "gone.md", 0, 0 },
	};
	struct asked a = { 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_locked_since(q, 4, git, &head, is_done, &a, &err),
			 0);
	assert_true(q[0].known);
	assert_int_equal(q[0].since, at_day(2));
	assert_true(q[1].known);
	assert_int_equal(q[1].since, at_day(3));
	assert_true(q[2].known);
	assert_int_equal(q[2].since, at_day(1));
	assert_false(q[3].known);
	/* a: done!, done, todo; b: done, todo; c: one version, asked once
	 * though three commits have it. The absent path is not asked. */
	assert_int_equal(a.calls, 3 + 2 + 1);
	wl_git_free(git);
}

static void test_locked__nothing_to_ask_walks_nothing(void **state)
{
	struct asked a = { 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_locked_since(NULL, 0, NULL, NULL, is_done, &a,
					 &err), 0);
	assert_int_equal(a.calls, 0);
}

static void parse(struct wl_doc *doc, const char *text)
{
	static const struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	struct wl_diags d = WL_DIAGS_INIT;

	wl_yaml_parse(doc, text, strlen(text), 0, &lim, "r.md", &d);
	assert_int_equal(d.nr, 0);
}

/* Runs the check; returns the one message, or "" for none. */
static char *check(const struct wl_rule_change *c)
{
	struct wl_diags d = WL_DIAGS_INIT;
	char *msg;

	assert_int_equal(wl_locked_check(&d, c, WL_SEV_ERROR), 0);
	assert_true(d.nr <= 1);
	if (d.nr) {
		assert_string_equal(d.v[0].rule, "locked");
		assert_string_equal(d.v[0].path, "r.md");
	}
	msg = wl_xstrdup(d.nr ? d.v[0].message : "");
	wl_diags_release(&d);
	return msg;
}

static void expect(const struct wl_rule_change *c, const char *want)
{
	char *got = check(c);

	assert_string_equal(got, want);
	free(got);
}

/* A change of record r.md from `old` to `cur` (NULL: deleted), in a
 * commit at UTC+8. */
static void change_init(struct wl_rule_change *c, const struct wl_rules *rules,
			const struct wl_doc *old, const struct wl_doc *cur)
{
	memset(c, 0, sizeof(*c));
	c->rules = rules;
	c->path = "r.md";
	c->old_fm = old->root;
	c->fm = cur ? cur->root : NULL;
	c->offset = 480;
}

static void test_locked__the_end_of_a_period_locks(void **state)
{
	struct wl_rules rules;
	struct wl_doc old = WL_DOC_INIT, cur = WL_DOC_INIT;
	struct wl_rule_change c;

	(void)state;
	wl_rules_init(&rules);
	rules.locked.after.secs = 14 * 86400;
	rules.locked.after.text = "2w";
	parse(&old, "period: 2026-W40\n");
	parse(&cur, "period: 2026-W40\nnote: x\n");
	change_init(&c, &rules, &old, &cur);
	/* W40 ends with 2026-10-04, at 2026-10-05T00:00+08:00. */
	c.now = 1791129600LL + 14 * 86400;
	expect(&c, "");
	c.now++;
	expect(&c, "record is locked: its period 2026-W40 ended on 2026-10-04, more than 2w ago; it may not change");
	c.fm = NULL;
	expect(&c, "record is locked: its period 2026-W40 ended on 2026-10-04, more than 2w ago; it may not be deleted");
	/* The same moment is still 2026-10-04 eight hours west of UTC. */
	c.offset = -480;
	expect(&c, "");
	wl_doc_release(&old);
	wl_doc_release(&cur);
}

static void test_locked__being_done_long_enough_locks(void **state)
{
	struct wl_rules rules;
	struct wl_doc old = WL_DOC_INIT;
	struct wl_rule_change c;

	(void)state;
	wl_rules_init(&rules);
	parse(&old, "status: done\nperiod: not-a-period\n");
	change_init(&c, &rules, &old, &old);
	c.now = at_day(1) + 30 * 86400;
	c.done_since = at_day(1);
	expect(&c, "");
	c.has_done_since = 1;
	expect(&c, "");
	c.now++;
	expect(&c, "record is locked: done since 2026-09-01, more than 30d ago; it may not change");
	/* No previous version: nothing to lock. */
	c.old_fm = NULL;
	expect(&c, "");
	wl_doc_release(&old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locked__one_walk_dates_every_record),
		cmocka_unit_test(test_locked__nothing_to_ask_walks_nothing),
		cmocka_unit_test(test_locked__the_end_of_a_period_locks),
		cmocka_unit_test(test_locked__being_done_long_enough_locks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
