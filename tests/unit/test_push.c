#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "git.h"
#include "push.h"
#include "util.h"
#include "unit.h"

/*
 * A repository made with the real git, main at C2:
 *
 *	C1  .worklog.yaml (A), records/a.md "1"
 *	C2  records/a.md "2"                      main
 *	C3  .worklog.yaml (B: other rules)
 *	C4  records/a.md "4"
 */
static char dir[] = "/tmp/wl-push-XXXXXX";
static struct wl_oid c[5];

#define sh(...) fixture_sh(dir, __VA_ARGS__)

/* Resolves `rev` of the repository into `out`. */
static int resolve(struct wl_oid *out, const char *rev)
{
	struct wl_git *git = NULL;
	char *err = NULL;
	int ret = -1;

	if (wl_git_open(&git, dir, &err) == 0)
		ret = wl_git_resolve(out, git, rev, &err);
	free(err);
	wl_git_free(git);
	return ret;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_git_home(dir, "2026-11-01T10:00:00+08:00") < 0)
		return -1;
	sh("git init -q -b main . && mkdir records");
	sh("printf 'version: 1\\n' >.worklog.yaml && printf 1 >records/a.md");
	sh("git add -A && git commit -qm c1 && printf 2 >records/a.md");
	sh("git commit -qam c2 && git checkout -q -b next");
	sh("printf 'version: 1\\nrecords: [records/*.md]\\n' >.worklog.yaml");
	sh("git commit -qam c3 && printf 4 >records/a.md && git commit -qam c4");
	if (resolve(&c[1], "main~1") < 0 || resolve(&c[2], "main") < 0 ||
	    resolve(&c[3], "next~1") < 0 || resolve(&c[4], "next") < 0)
		return -1;
	/* C3 and C4 are on the server, as a push brings them: no reference
	 * names them. */
	sh("git checkout -q main && git branch -q -D next");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

static void test_push__reference_updates_need_two_ids_and_a_name(void **state)
{
	struct wl_ref_updates u = WL_REF_UPDATES_INIT;
	char *err = NULL;
	static const char zero[] = "0000000000000000000000000000000000000000";
	static const char id[] = "5dfa8a69adb7fe11821e6e207eedeb275fa0c684";

	(void)state;
	assert_int_equal(wl_ref_updates_add(&u, zero, id, "refs/heads/main",
					    &err), 0);
	assert_int_equal(u.nr, 1);
	assert_true(wl_oid_is_zero(&u.v[0].old_oid));
	assert_false(wl_oid_is_zero(&u.v[0].new_oid));
	assert_string_equal(u.v[0].ref, "refs/heads/main");
	assert_int_equal(wl_ref_updates_add(&u, "x", id, "refs/heads/a", &err),
			 -1);
	assert_string_equal(err, "not a reference update: 'x 5dfa8a69adb7fe11821e6e207eedeb275fa0c684 refs/heads/a'");
	free(err);
	err = NULL;
	assert_int_equal(wl_ref_updates_add(&u, zero, id, "", &err), -1);
	free(err);
	assert_int_equal(u.nr, 1);
	wl_ref_updates_release(&u);
}

/* Plans the updates `spec` describes: `OLD NEW REF` lines, the commits
 * named by their number (0: none). */
static void plan(struct wl_push_plan *out, const char *spec, int tip_only)
{
	struct wl_ref_updates u = WL_REF_UPDATES_INIT;
	struct wl_git *git = NULL;
	char *err = NULL;
	int o, n, used;
	char ref[64];

	while (sscanf(spec, "%d %d %63s%n", &o, &n, ref, &used) == 3) {
		char old[WL_OID_HEXSZ + 1], new[WL_OID_HEXSZ + 1];
		struct wl_oid zero;

		memset(&zero, 0, sizeof(zero));
		wl_oid_fmt(old, o ? &c[o] : &zero);
		wl_oid_fmt(new, n ? &c[n] : &zero);
		assert_int_equal(wl_ref_updates_add(&u, old, new, ref, &err), 0);
		spec += used;
	}
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_push_plan_make(out, git, &u, tip_only, &err), 0);
	wl_git_free(git);
	wl_ref_updates_release(&u);
}

/* Job `i` judges commit `commit` by the rules of commit `rules`. */
static void assert_job(const struct wl_push_plan *p, size_t i, int commit,
		       int rules, unsigned what)
{
	assert_true(i < p->nr);
	assert_memory_equal(&p->v[i].commit, &c[commit], sizeof(c[0]));
	assert_memory_equal(&p->v[i].rules, &c[rules], sizeof(c[0]));
	assert_int_equal(p->v[i].what, what);
}

static void test_push__an_update_is_judged_by_the_rules_before_it(void **state)
{
	struct wl_push_plan p = WL_PUSH_PLAN_INIT;

	(void)state;
	plan(&p, "2 4 refs/heads/main", 0);
	assert_int_equal(p.nr, 2);
	assert_job(&p, 0, 3, 2, WL_PUSH_CHANGE);
	/* The tip brings other rules: they must hold at the tip as well. */
	assert_job(&p, 1, 4, 2, WL_PUSH_CHANGE | WL_PUSH_OWN_RULES);
	wl_push_plan_release(&p);
	plan(&p, "2 4 refs/heads/main", 1);
	assert_int_equal(p.nr, 1);
	assert_job(&p, 0, 4, 2, WL_PUSH_CHANGE | WL_PUSH_OWN_RULES);
	wl_push_plan_release(&p);
}

static void test_push__a_new_branch_takes_the_rules_of_head(void **state)
{
	struct wl_push_plan p = WL_PUSH_PLAN_INIT;

	(void)state;
	plan(&p, "0 4 refs/heads/topic 0 4 refs/heads/other", 0);
	/* One commit, two branches, the same rules: judged once. */
	assert_int_equal(p.nr, 2);
	assert_job(&p, 0, 3, 2, WL_PUSH_CHANGE);
	assert_job(&p, 1, 4, 2, WL_PUSH_CHANGE | WL_PUSH_OWN_RULES);
	wl_push_plan_release(&p);
	/* HEAD names no commit: each commit by its own rules. */
	sh("git symbolic-ref HEAD refs/heads/nothing");
	plan(&p, "0 4 refs/heads/topic", 0);
	sh("git symbolic-ref HEAD refs/heads/main");
	assert_int_equal(p.nr, 2);
	assert_job(&p, 0, 3, 3, WL_PUSH_CHANGE);
	assert_job(&p, 1, 4, 4, WL_PUSH_CHANGE);
	wl_push_plan_release(&p);
}

static void test_push__a_rewind_is_judged_against_the_old_tip(void **state)
{
	struct wl_push_plan p = WL_PUSH_PLAN_INIT;

	(void)state;
	plan(&p, "2 1 refs/heads/main", 0);
	assert_int_equal(p.nr, 1);
	assert_job(&p, 0, 1, 2, WL_PUSH_REWIND);
	assert_memory_equal(&p.v[0].rewound, &c[2], sizeof(c[0]));
	wl_push_plan_release(&p);
	/* A deletion has nothing to judge. */
	plan(&p, "2 0 refs/heads/main", 0);
	assert_int_equal(p.nr, 0);
	wl_push_plan_release(&p);
}

static void test_push__object_ids_in_hex(void **state)
{
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];

	(void)state;
	assert_int_equal(wl_oid_parse(&oid, "5DFA8A69ADB7FE11821E6E207EEDEB275FA0C684"), 0);
	wl_oid_fmt(hex, &oid);
	assert_string_equal(hex, "5dfa8a69adb7fe11821e6e207eedeb275fa0c684");
	assert_int_equal(wl_oid_parse(&oid, "5dfa"), -1);
	assert_int_equal(wl_oid_parse(&oid, "5dfa8a69adb7fe11821e6e207eedeb275fa0c684a"), -1);
	assert_int_equal(wl_oid_parse(&oid, "zdfa8a69adb7fe11821e6e207eedeb275fa0c684"), -1);
	/* What `git hash-object` says of "hello\n". */
	wl_oid_hash(&oid, "hello\n", 6);
	wl_oid_fmt(hex, &oid);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push__reference_updates_need_two_ids_and_a_name),
		cmocka_unit_test(test_push__object_ids_in_hex),
		cmocka_unit_test(test_push__an_update_is_judged_by_the_rules_before_it),
		cmocka_unit_test(test_push__a_new_branch_takes_the_rules_of_head),
		cmocka_unit_test(test_push__a_rewind_is_judged_against_the_old_tip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
