#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "git.h"
#include "lint_history.h"
#include "repo.h"
#include "rules.h"
#include "source.h"
#include "util.h"
#include "unit.h"

/*
 * Lint's history rules (lint_history.c) on repositories made with the
 * real git and back-dated commits: where each deadline falls (a
 * period's end plus grace or `within`, read in the commit's own zone),
 * its boundaries, and the findings' exact words and places. The
 * configuration's zone is Asia/Shanghai (+08:00), read from the copy
 * under tests/unit/zoneinfo; "now" is the last second of the day the
 * run gives as today, as `--today` makes it.
 */
static char dir[] = "/tmp/wl-lint-history-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	return fixture_git_home_tz(dir, "2026-09-01T10:00:00+08:00");
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

/* Writes `text` to `name`/`path` under the test folder. */
static void put(const char *name, const char *path, const char *text)
{
	char *full = wl_xprintf("%s/%s", name, path);

	fixture_write(dir, full, text);
	free(full);
}

/*
 * A new repository `name`: a roster of zhangsan (a reviewer) and lisi,
 * the `rules:` lines `rules`, and the types item (a lifecycle, a
 * period, a review) and log (a cadence's, with x-filename). Nothing is
 * committed.
 */
static void new_repo(const char *name, const char *rules)
{
	char *config = wl_xprintf(
		"version: 1\n"
		"records: [\"records/**/*.md\"]\n"
		"schemas: [schema]\n"
		"timezone: Asia/Shanghai\n"
		"people:\n"
		"  - {id: zhangsan, reviewer: true}\n"
		"  - {id: lisi}\n"
		"rules:\n%s", rules);

	sh("mkdir -p %s && cd %s && git init -q", name, name);
	put(name, ".worklog.yaml", config);
	put(name, "schema/item.yaml",
	    "x-type: item\n"
	    "x-id: id\n"
	    "type: object\n"
	    "required: [type, status]\n"
	    "properties:\n"
	    "  type: {const: item}\n"
	    "  id: {type: string}\n"
	    "  status: {enum: [todo, doing, done]}\n"
	    "  period: {type: string, format: period}\n"
	    "  reviewed_by: {type: string}\n"
	    "  reviewed: {type: string, format: date}\n"
	    "x-lifecycle: {field: status, open: [todo, doing], done: [done]}\n"
	    "x-transitions:\n"
	    "  status: {todo: [doing], doing: [done, todo], done: [doing]}\n");
	put(name, "schema/log.yaml",
	    "x-type: log\n"
	    "x-filename: \"records/logs/{period}-{owner}.md\"\n"
	    "type: object\n"
	    "required: [type, owner, period]\n"
	    "properties:\n"
	    "  type: {const: log}\n"
	    "  owner: {type: string}\n"
	    "  period: {type: string, format: period}\n");
	free(config);
}

/* An item record: its status, then each further front-matter line. */
static void put_item(const char *name, const char *path, const char *status,
		     const char *more)
{
	char *text = wl_xprintf("---\ntype: item\nstatus: %s\n%s---\n", status,
				more ? more : "");

	put(name, path, text);
	free(text);
}

/* Commits everything in `name` at `when` (ISO 8601 with its offset). */
static void commit_at(const char *name, const char *when)
{
	sh("cd %s && git add -A && GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
	   "git commit -qm at", name, when, when);
}

/* The first 7 hex digits of HEAD of `name`; caller frees. */
static char *head(const char *name)
{
	char *path = wl_xprintf("%s/%s.head", dir, name);
	char buf[16] = "";
	FILE *f;

	sh("git -C %s rev-parse --short=7 HEAD >%s.head", name, name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	free(path);
	buf[strcspn(buf, "\n")] = '\0';
	return wl_xstrdup(buf);
}

static struct wl_repo *open_repo(const char *name)
{
	return fixture_open_repo(dir, name);
}

static long long day(const char *s)
{
	long long d;

	assert_int_equal(wl_day_parse(&d, s, strlen(s)), 0);
	return d;
}

/* Notes every record of the working tree, as a run reads them: those
 * under records/others/ are not the run's to judge. */
static void note_all(struct wl_lint_hist *h, struct wl_repo *repo)
{
	struct wl_git_entries all = WL_GIT_ENTRIES_INIT;
	char *err = NULL;
	size_t i;

	assert_int_equal(wl_source_records(&all, repo->src, repo->cfg.records,
					   repo->cfg.records_nr, 0, &err), 0);
	for (i = 0; i < all.nr; i++) {
		struct wl_record r = WL_RECORD_INIT;
		struct wl_diags scratch = WL_DIAGS_INIT;
		const struct wl_type *t;
		char *buf;
		size_t len;

		assert_int_equal(wl_source_read(repo->src, all.v[i].path, &buf,
						&len, &err), 0);
		t = wl_repo_parse_record(repo, &r, all.v[i].path, buf, len,
					 &scratch);
		assert_int_equal(scratch.errors, 0);
		wl_lint_hist_note(h, all.v[i].path, &r, t,
				  !strstr(all.v[i].path, "/others/"));
		wl_record_release(&r);
		wl_diags_release(&scratch);
	}
	wl_git_entries_release(&all);
}

/* The findings, one line each, as `worklog lint` prints them. */
static char *show(struct wl_diags *d)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	wl_diags_sort(d);
	for (i = 0; i < d->nr; i++)
		wl_buf_addf(&b, "%s:%d:%d: %s: %s [%s]\n", d->v[i].path,
			    d->v[i].line, d->v[i].column,
			    wl_severity_name(d->v[i].severity),
			    d->v[i].message, d->v[i].rule);
	return wl_buf_detach(&b, NULL);
}

/*
 * Judges repository `name` by its configured history rules on `today`
 * (`every`: the run judges every record) and checks the findings are
 * `want`; with `trans`, transition over the same walk.
 */
static void check(const char *name, const char *today, int every,
		  struct wl_lint_hist_trans *trans, const char *want)
{
	struct wl_repo *repo = open_repo(name);
	struct wl_lint_hist h = WL_LINT_HIST_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	long long t = day(today);
	char *err = NULL, *got;

	note_all(&h, repo);
	if (wl_lint_hist_check(&d, &h, repo, &repo->cfg.rules, t,
			       wl_now(repo->cfg.tz, t, 1), every, trans,
			       &err) < 0)
		fail_msg("%s", err);
	got = show(&d);
	assert_string_equal(got, want);
	free(got);
	wl_diags_release(&d);
	wl_lint_hist_release(&h);
	wl_repo_free(repo);
}

static void test_lint_history__wanted_only_when_a_history_rule_is_on(void **state)
{
	static const enum wl_rule_id hist[] = {
		WL_RULE_STALE, WL_RULE_CADENCE, WL_RULE_REVIEW, WL_RULE_LOCKED,
	};
	struct wl_rules rules;
	size_t i;

	(void)state;
	wl_rules_init(&rules);
	assert_int_equal(wl_lint_hist_wanted(&rules), 0);
	/* transition over history is --history's, not these rules' */
	assert_int_not_equal(rules.severity[WL_RULE_TRANSITION], 0);
	wl_rules_release(&rules);
	for (i = 0; i < sizeof(hist) / sizeof(*hist); i++) {
		wl_rules_init(&rules);
		rules.severity[hist[i]] = WL_SEV_WARNING;
		assert_int_equal(wl_lint_hist_wanted(&rules), 1);
		wl_rules_release(&rules);
	}
}

/*
 * stale: an open record whose last commit is more than `after` before
 * now; the boundary is inclusive (exactly `after` is not stale).
 */
static void test_lint_history__stale_after_the_last_commit(void **state)
{
	(void)state;
	new_repo("stale", "  stale: {severity: warning, after: 14d}\n");
	put_item("stale", "records/a.md", "todo", NULL);
	put_item("stale", "records/b.md", "done", NULL);
	put_item("stale", "records/c.md", "doing", NULL);
	put_item("stale", "records/others/d.md", "todo", NULL);
	commit_at("stale", "2026-11-01T23:59:59+08:00");
	put_item("stale", "records/c.md", "doing", "period: 2026-11\n");
	commit_at("stale", "2026-11-10T10:00:00+08:00");
	put_item("stale", "records/e.md", "todo", NULL);  /* not committed */

	/* Now is 2026-11-15T23:59:59+08:00: a's last commit is exactly
	 * 14 days before. */
	check("stale", "2026-11-15", 0, NULL, "");
	check("stale", "2026-11-16", 0, NULL,
	      "records/a.md:3:9: warning: \"todo\" and unchanged in git for 15 days, since 2026-11-01 (stale after 14d) [stale]\n");
	check("stale", "2026-11-30", 0, NULL,
	      "records/a.md:3:9: warning: \"todo\" and unchanged in git for 29 days, since 2026-11-01 (stale after 14d) [stale]\n"
	      "records/c.md:3:9: warning: \"doing\" and unchanged in git for 20 days, since 2026-11-10 (stale after 14d) [stale]\n");
}

/*
 * cadence: a period's deadline is its end plus grace; a record first
 * committed later is late, one only in the working tree is not
 * committed, and one missing is reported at the path x-filename gives
 * it, only when the run judges every record.
 */
static void test_lint_history__cadence_deadlines_and_grace(void **state)
{
	static const char *const late =
		"records/logs/2026-W45-lisi.md:4:9: error: weekly log of lisi for 2026-W45 was first committed 2026-11-10, after its deadline 2026-11-09 [cadence]\n";
	static const char *const missing =
		"records/logs/2026-W46-lisi.md:1:1: error: weekly log of lisi for 2026-W46 is missing (due 2026-11-16) [cadence]\n";
	static const char *const uncommitted =
		"records/logs/2026-W46-zhangsan.md:4:9: error: weekly log of zhangsan for 2026-W46 is not committed, and its deadline 2026-11-16 has passed [cadence]\n";
	char *want;

	(void)state;
	new_repo("cadence",
		 "  cadence:\n"
		 "    severity: error\n"
		 "    since: 2026-11-02\n"
		 "    require:\n"
		 "      - {type: log, every: week, grace: 1d, who: all}\n");
	commit_at("cadence", "2026-11-01T10:00:00+08:00");
	put("cadence", "records/logs/2026-W45-zhangsan.md",
	    "---\ntype: log\nowner: zhangsan\nperiod: 2026-W45\n---\n");
	/* Week 45 ends on Sunday 2026-11-08; a day of grace: the last
	 * second on time is 2026-11-09T23:59:59, in the commit's zone. */
	commit_at("cadence", "2026-11-09T23:59:59+08:00");
	put("cadence", "records/logs/2026-W45-lisi.md",
	    "---\ntype: log\nowner: lisi\nperiod: 2026-W45\n---\n");
	commit_at("cadence", "2026-11-10T00:00:00+08:00");
	put("cadence", "records/logs/2026-W46-zhangsan.md",
	    "---\ntype: log\nowner: zhangsan\nperiod: 2026-W46\n---\n");

	/* On 2026-11-16 week 46's deadline has not passed. */
	check("cadence", "2026-11-16", 1, NULL, late);
	want = wl_xprintf("%s%s", late, uncommitted);
	check("cadence", "2026-11-18", 0, NULL, want);
	free(want);
	/* The missing record at the path x-filename gives, its folders
	 * not repeated. */
	want = wl_xprintf("%s%s%s", late, missing, uncommitted);
	check("cadence", "2026-11-18", 1, NULL, want);
	free(want);
}

/*
 * review: due by the period's end plus `within`; a `reviewed` date is
 * believed, else the commit that set reviewed_by dates it, read in the
 * commit's own zone.
 */
static void test_lint_history__review_windows(void **state)
{
	(void)state;
	new_repo("review",
		 "  review: {severity: error, types: [item], within: 7d}\n");
	put_item("review", "records/r1.md", "done", "period: 2026-10\n");
	put_item("review", "records/r2.md", "done",
		 "period: 2026-10\nreviewed_by: lisi\n");
	put_item("review", "records/r3.md", "done",
		 "period: 2026-10\nreviewed_by: zhangsan\nreviewed: 2026-11-08\n");
	put_item("review", "records/r4.md", "done",
		 "period: 2026-10\nreviewed_by: zhangsan\nreviewed: 2026-11-07\n");
	put_item("review", "records/r5.md", "done", "period: 2026-10\n");
	put_item("review", "records/r6.md", "done", "period: 2026-10\n");
	put_item("review", "records/r7.md", "done", "period: 2026-10\n");
	put_item("review", "records/r8.md", "done", "period: 2026-11\n");
	put_item("review", "records/others/r9.md", "done", "period: 2026-10\n");
	commit_at("review", "2026-11-01T10:00:00+08:00");
	/* 2026-11-08T09:00 in Shanghai, but still the 7th where it was
	 * committed: on time. */
	put_item("review", "records/r5.md", "done",
		 "period: 2026-10\nreviewed_by: zhangsan\n");
	commit_at("review", "2026-11-07T20:00:00-05:00");
	put_item("review", "records/r6.md", "done",
		 "period: 2026-10\nreviewed_by: zhangsan\n");
	commit_at("review", "2026-11-08T00:00:30+08:00");
	put_item("review", "records/r7.md", "done",
		 "period: 2026-10\nreviewed_by: zhangsan\n");

	/* Until the last second of 2026-11-07 nothing is due. */
	check("review", "2026-11-07", 0, NULL, "");
	check("review", "2026-11-20", 0, NULL,
	      "records/r1.md:4:9: error: item for 2026-10 has no reviewed_by; its review was due by 2026-11-07 [review]\n"
	      "records/r2.md:5:14: error: reviewed_by: lisi is not a reviewer of the roster [review]\n"
	      "records/r3.md:6:11: error: reviewed 2026-11-08, after its deadline 2026-11-07 [review]\n"
	      "records/r6.md:5:14: error: reviewed_by: zhangsan was committed 2026-11-08, after its deadline 2026-11-07 [review]\n"
	      "records/r7.md:5:14: error: reviewed_by is not committed, and its deadline 2026-11-07 has passed [review]\n");
}

/*
 * locked: a commit more than `after` past the time a record became
 * done (the start of its run of done versions), or past the end of its
 * period; the commit that made the record is no change.
 */
static void test_lint_history__locked_after_done_or_period_end(void **state)
{
	char *first, *want;

	(void)state;
	new_repo("locked", "  locked: {severity: error, after: 30d}\n");
	put_item("locked", "records/l1.md", "done", NULL);
	put_item("locked", "records/l2.md", "done", NULL);
	put_item("locked", "records/l3.md", "todo", "period: 2026-08\n");
	put_item("locked", "records/l4.md", "todo", NULL);
	put_item("locked", "records/l5.md", "doing", "period: 2026-10\n");
	commit_at("locked", "2026-09-01T10:00:00+08:00");
	put_item("locked", "records/l2.md", "done", "period: 2026-09\n");
	commit_at("locked", "2026-09-20T10:00:00+08:00");
	put_item("locked", "records/l1.md", "done", "period: 2026-09\n");
	put_item("locked", "records/l3.md", "doing", "period: 2026-08\n");
	put_item("locked", "records/l4.md", "doing", NULL);
	commit_at("locked", "2026-10-15T10:00:00+08:00");
	first = head("locked");
	put_item("locked", "records/l1.md", "done", "period: 2026-10\n");
	commit_at("locked", "2026-10-20T10:00:00+08:00");
	/* done only in the working tree: nothing committed is locked */
	put_item("locked", "records/l4.md", "done", NULL);

	want = wl_xprintf(
		"records/l1.md:1:1: error: changed by commit %s on 2026-10-15 and 1 later commit, though locked since 2026-10-01 (done since 2026-09-01; locked after 30d) [locked]\n"
		"records/l3.md:1:1: error: changed by commit %s on 2026-10-15, though locked since 2026-10-01 (its period 2026-08 ended 2026-08-31; locked after 30d) [locked]\n",
		first, first);
	check("locked", "2026-11-30", 0, NULL, want);
	free(want);
	free(first);
}

/*
 * transition over history: every committed change of a field is judged
 * by x-transitions, reported at the record's path at the end of the
 * walk (renames followed), by wl_lint_hist_transitions or within the
 * one walk of wl_lint_hist_check.
 */
static void test_lint_history__transitions_over_every_commit(void **state)
{
	struct wl_lint_hist_trans trans = { NULL, WL_SEV_ERROR, NULL, 0 };
	struct wl_pathlist only = WL_PATHLIST_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_repo *repo;
	char *jump, *want, *got, *err = NULL;

	(void)state;
	new_repo("trans", "  stale: {severity: warning, after: 14d}\n");
	put_item("trans", "records/t1.md", "todo", "id: T-1\n");
	put_item("trans", "records/t2.md", "todo", "id: T-2\n");
	commit_at("trans", "2026-11-02T10:00:00+08:00");
	put_item("trans", "records/t1.md", "done", "id: T-1\n");
	put_item("trans", "records/t2.md", "doing", "id: T-2\n");
	commit_at("trans", "2026-11-03T10:00:00+08:00");
	jump = head("trans");
	sh("cd trans && git mv records/t1.md records/t1-moved.md");
	commit_at("trans", "2026-11-04T10:00:00+08:00");
	want = wl_xprintf("records/t1-moved.md:1:1: error: status: \"todo\" changed to \"done\" by commit %s on 2026-11-03 (allowed: doing) [transition]\n",
			  jump);

	repo = open_repo("trans");
	assert_int_equal(wl_lint_hist_transitions(&d, repo, NULL, WL_SEV_ERROR,
						  NULL, &err), 0);
	got = show(&d);
	assert_string_equal(got, want);
	free(got);
	wl_diags_release(&d);
	/* only the paths asked for */
	wl_pathlist_add(&only, "records/t2.md");
	assert_int_equal(wl_lint_hist_transitions(&d, repo, NULL, WL_SEV_ERROR,
						  &only, &err), 0);
	assert_int_equal(d.nr, 0);
	wl_pathlist_release(&only);
	wl_repo_free(repo);

	check("trans", "2026-11-05", 0, &trans, want);
	assert_int_equal(trans.done, 1);
	free(want);
	free(jump);
}

static void test_lint_history__outside_git_nothing_is_judged(void **state)
{
	struct wl_lint_hist h = WL_LINT_HIST_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_repo *repo;
	char *err = NULL;

	(void)state;
	new_repo("nogit", "  stale: {severity: warning, after: 1d}\n");
	put_item("nogit", "records/a.md", "todo", NULL);
	sh("rm -rf nogit/.git");
	setenv("GIT_CEILING_DIRECTORIES", dir, 1);
	repo = open_repo("nogit");
	note_all(&h, repo);
	assert_int_equal(wl_lint_hist_check(&d, &h, repo, &repo->cfg.rules,
					    day("2026-11-30"), 0, 1, NULL,
					    &err),
			 WL_GIT_NO_REPO);
	assert_int_equal(d.nr, 0);
	free(err);
	unsetenv("GIT_CEILING_DIRECTORIES");
	wl_lint_hist_release(&h);
	wl_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint_history__wanted_only_when_a_history_rule_is_on),
		cmocka_unit_test(test_lint_history__stale_after_the_last_commit),
		cmocka_unit_test(test_lint_history__cadence_deadlines_and_grace),
		cmocka_unit_test(test_lint_history__review_windows),
		cmocka_unit_test(test_lint_history__locked_after_done_or_period_end),
		cmocka_unit_test(test_lint_history__transitions_over_every_commit),
		cmocka_unit_test(test_lint_history__outside_git_nothing_is_judged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
