#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cadence.h"
#include "date.h"
#include "rectimes.h"
#include "repo.h"
#include "util.h"
#include "unit.h"

/*
 * The cadence figures: which periods each person owes, and whether the
 * record for each came on time. Most tests give wl_cadence_compute
 * records and first commits directly; the last ones build repositories
 * with the real git and back-dated commits, for the roster's history
 * and the whole collection a report runs.
 *
 * The configuration's zone is Asia/Shanghai (+08:00, no daylight
 * saving), read from the copy under tests/unit/zoneinfo.
 */
static char dir[] = "/tmp/wl-cadence-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	return fixture_git_home_tz(dir, "2026-11-01T10:00:00+08:00");
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

/* Writes `text` to `path` under the test folder, making its folders. */
static void put(const char *path, const char *text)
{
	fixture_write(dir, path, text);
}

/* The configuration: a roster of two (one with a Chinese id) and the
 * cadence rule's `since` and `require` lines. */
static void put_config(const char *name, const char *people,
		       const char *since, const char *require)
{
	char *path = wl_xprintf("%s/.worklog.yaml", name);
	char *text = wl_xprintf(
		"version: 1\n"
		"records: [\"records/**/*.md\"]\n"
		"timezone: Asia/Shanghai\n"
		"people:\n%s"
		"rules:\n"
		"  cadence:\n"
		"    since: %s\n"
		"    require:\n%s",
		people, since, require);

	put(path, text);
	free(path);
	free(text);
}

#define TWO_PEOPLE \
	"  - {id: zhangsan, name: 张三, email: [zhangsan@example.com]}\n" \
	"  - {id: 李四, name: 李四, email: [lisi@example.com]}\n"
#define WEEKLY "      - {type: log, every: week, grace: 1d, who: all}\n"

static struct wl_repo *open_repo(const char *name)
{
	return fixture_open_repo(dir, name);
}

/* A commit at `when` (ISO 8601 with its offset). */
static struct wl_rec_commit at(const char *when)
{
	struct wl_rec_commit c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(wl_commit_time_parse(&c.time, &c.offset, when), 0);
	return c;
}

static long long day(const char *s)
{
	long long d;

	assert_int_equal(wl_day_parse(&d, s, strlen(s)), 0);
	return d;
}

/* An input for `repo` on day `today`, "now" its last second there. */
static struct wl_cadence_input input(struct wl_repo *repo,
				     const struct wl_cadence_record *recs,
				     size_t nr, const char *today)
{
	struct wl_cadence_input in;

	memset(&in, 0, sizeof(in));
	in.repo = repo;
	in.records = recs;
	in.nr = nr;
	in.start = LLONG_MIN;
	in.today = day(today);
	in.now = wl_now(repo->cfg.tz, in.today, 1);
	return in;
}

/* The periods owed, one line each: PERSON PERIOD due DAY STATUS PATH. */
static char *show(const struct wl_cadence *c)
{
	struct wl_buf b = WL_BUF_INIT;
	char due[WL_DATE_MAX];
	size_t i;

	for (i = 0; i < c->nr; i++) {
		wl_day_fmt(due, c->v[i].due);
		wl_buf_addf(&b, "%zu %s %s due %s %s %s\n", c->v[i].require,
			    c->v[i].person, c->v[i].period_text, due,
			    wl_cadence_status_name(c->v[i].status),
			    c->v[i].path);
	}
	return wl_buf_detach(&b, NULL);
}

static void check(const struct wl_cadence_input *in, const char *want)
{
	struct wl_cadence c = WL_CADENCE_INIT;
	char *got;

	assert_int_equal(wl_cadence_compute(&c, in), 0);
	got = show(&c);
	assert_string_equal(got, want);
	free(got);
	wl_cadence_release(&c);
}

#define LOG(path, owner, period, first) \
	{ path, "log", owner, period, 3, 9, first }

static void test_cadence__on_time_late_missing_and_not_committed(void **state)
{
	struct wl_rec_commit c1 = at("2026-11-06T18:00:00+08:00");
	struct wl_rec_commit c2 = at("2026-11-17T10:00:00+08:00");
	struct wl_rec_commit c3 = at("2026-11-16T23:59:59+08:00");
	struct wl_rec_commit c4 = at("2026-11-24T00:00:00+08:00");
	struct wl_cadence_record recs[] = {
		LOG("records/logs/2026-W45-zhangsan.md", "zhangsan", "2026-W45", &c1),
		LOG("records/logs/2026-W46-zhangsan.md", "zhangsan", "2026-W46", &c2),
		LOG("records/logs/2026-W45-李四.md", "李四", "2026-W45", NULL),
		LOG("records/logs/2026-W46-李四.md", "李四", "2026-W46", &c3),
		LOG("records/logs/2026-W47-李四.md", "李四", "2026-W47", &c4),
	};
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("a", TWO_PEOPLE, "2026-11-02", WEEKLY);
	repo = open_repo("a");
	in = input(repo, recs, 5, "2026-11-26");
	/* On time until Monday 23:59:59 in the commit's zone, late from
	 * the next second; no record: missing, where x-filename puts it. */
	check(&in,
	      "0 zhangsan 2026-W45 due 2026-11-09 on time records/logs/2026-W45-zhangsan.md\n"
	      "0 zhangsan 2026-W46 due 2026-11-16 late records/logs/2026-W46-zhangsan.md\n"
	      "0 zhangsan 2026-W47 due 2026-11-23 missing records/logs/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W45 due 2026-11-09 late records/logs/2026-W45-李四.md\n"
	      "0 李四 2026-W46 due 2026-11-16 on time records/logs/2026-W46-李四.md\n"
	      "0 李四 2026-W47 due 2026-11-23 late records/logs/2026-W47-李四.md\n");
	wl_repo_free(repo);
}

static void test_cadence__a_deadline_to_come_is_pending(void **state)
{
	struct wl_rec_commit c1 = at("2026-11-23T09:00:00+08:00");
	struct wl_cadence_record recs[] = {
		LOG("records/logs/2026-W47-zhangsan.md", "zhangsan", "2026-W47", &c1),
		LOG("records/logs/2026-W47-李四.md", "李四", "2026-W47", NULL),
	};
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("p", TWO_PEOPLE, "2026-11-16", WEEKLY);
	repo = open_repo("p");
	/* On the Monday of the grace day, W47 is owed but its deadline is
	 * that evening: nothing is late or missing yet. W48 is not over. */
	in = input(repo, recs, 2, "2026-11-23");
	check(&in,
	      "0 zhangsan 2026-W47 due 2026-11-23 on time records/logs/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W47 due 2026-11-23 pending records/logs/2026-W47-李四.md\n");
	/* The clock decides without --today: one second before the
	 * deadline, and the second after it. */
	in.now = wl_tz_day_start(repo->cfg.tz, day("2026-11-24")) - 1;
	check(&in,
	      "0 zhangsan 2026-W47 due 2026-11-23 on time records/logs/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W47 due 2026-11-23 pending records/logs/2026-W47-李四.md\n");
	in.now++;
	check(&in,
	      "0 zhangsan 2026-W47 due 2026-11-23 on time records/logs/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W47 due 2026-11-23 late records/logs/2026-W47-李四.md\n");
	wl_repo_free(repo);
}

static void test_cadence__the_commits_own_zone_decides(void **state)
{
	/* Monday 23:30 in California is Tuesday 07:30 in UTC: on time.
	 * Tuesday 00:30 in Tokyo is Monday 15:30 in UTC: late. */
	struct wl_rec_commit west = at("2026-11-23T23:30:00-08:00");
	struct wl_rec_commit east = at("2026-11-24T00:30:00+09:00");
	struct wl_cadence_record recs[] = {
		LOG("records/logs/2026-W47-zhangsan.md", "zhangsan", "2026-W47", &west),
		LOG("records/logs/2026-W47-李四.md", "李四", "2026-W47", &east),
	};
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("tz", TWO_PEOPLE, "2026-11-16", WEEKLY);
	repo = open_repo("tz");
	in = input(repo, recs, 2, "2026-11-27");
	check(&in,
	      "0 zhangsan 2026-W47 due 2026-11-23 on time records/logs/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W47 due 2026-11-23 late records/logs/2026-W47-李四.md\n");
	wl_repo_free(repo);
}

static void test_cadence__a_week_across_a_month_end_and_a_window(void **state)
{
	struct wl_rec_commit c1 = at("2026-11-02T09:00:00+08:00");
	struct wl_rec_commit c2 = at("2026-11-06T18:00:00+08:00");
	struct wl_cadence_record recs[] = {
		/* W44 runs from Monday 10-26 to Sunday 11-01. */
		LOG("records/logs/2026-W44-zhangsan.md", "zhangsan", "2026-W44", &c1),
		LOG("records/logs/2026-W45-zhangsan.md", "zhangsan", "2026-W45", &c2),
	};
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("m", TWO_PEOPLE, "2026-10-26",
		   "      - {type: log, every: week, grace: 1d, who: [zhangsan]}\n");
	repo = open_repo("m");
	in = input(repo, recs, 2, "2026-11-10");
	check(&in,
	      "0 zhangsan 2026-W44 due 2026-11-02 on time records/logs/2026-W44-zhangsan.md\n"
	      "0 zhangsan 2026-W45 due 2026-11-09 on time records/logs/2026-W45-zhangsan.md\n");
	/* A report of November counts the weeks that end in it. */
	in.window = 1;
	in.from = day("2026-11-01");
	in.to = day("2026-11-01");
	check(&in,
	      "0 zhangsan 2026-W44 due 2026-11-02 on time records/logs/2026-W44-zhangsan.md\n");
	in.from = day("2026-11-02");
	in.to = day("2026-11-30");
	check(&in,
	      "0 zhangsan 2026-W45 due 2026-11-09 on time records/logs/2026-W45-zhangsan.md\n");
	wl_repo_free(repo);
}

static void test_cadence__workdays_months_and_quarters(void **state)
{
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("d", TWO_PEOPLE, "2026-07-01",
		   "      - {type: log, every: day, who: [李四]}\n");
	put_config("mq", TWO_PEOPLE, "2026-07-01",
		   "      - {type: summary, every: month, grace: 7d, who: [zhangsan]}\n"
		   "      - {type: summary, every: quarter, grace: 14d, who: [zhangsan]}\n");
	repo = open_repo("d");
	in = input(repo, NULL, 0, "2026-07-14");
	/* Saturday 07-04 and Sunday 07-05 are not owed; a month with no
	 * end before today is not either. */
	check(&in,
	      "0 李四 2026-07-01 due 2026-07-01 missing records/2026-07-01-李四.md\n"
	      "0 李四 2026-07-02 due 2026-07-02 missing records/2026-07-02-李四.md\n"
	      "0 李四 2026-07-03 due 2026-07-03 missing records/2026-07-03-李四.md\n"
	      "0 李四 2026-07-06 due 2026-07-06 missing records/2026-07-06-李四.md\n"
	      "0 李四 2026-07-07 due 2026-07-07 missing records/2026-07-07-李四.md\n"
	      "0 李四 2026-07-08 due 2026-07-08 missing records/2026-07-08-李四.md\n"
	      "0 李四 2026-07-09 due 2026-07-09 missing records/2026-07-09-李四.md\n"
	      "0 李四 2026-07-10 due 2026-07-10 missing records/2026-07-10-李四.md\n"
	      "0 李四 2026-07-13 due 2026-07-13 missing records/2026-07-13-李四.md\n");
	wl_repo_free(repo);
	repo = open_repo("mq");
	in = input(repo, NULL, 0, "2026-11-05");
	in.window = 1;
	in.from = day("2026-08-01");
	in.to = day("2026-12-31");
	check(&in,
	      "0 zhangsan 2026-08 due 2026-09-07 missing records/2026-08-zhangsan.md\n"
	      "0 zhangsan 2026-09 due 2026-10-07 missing records/2026-09-zhangsan.md\n"
	      "0 zhangsan 2026-10 due 2026-11-07 pending records/2026-10-zhangsan.md\n"
	      "1 zhangsan 2026-Q3 due 2026-10-14 missing records/2026-Q3-zhangsan.md\n");
	wl_repo_free(repo);
}

static void test_cadence__late_joiners_owe_what_starts_after(void **state)
{
	struct wl_cadence_member members[] = {
		{ "zhangsan", LLONG_MIN },
		{ "李四", 0 },
	};
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("j", TWO_PEOPLE, "2026-11-02", WEEKLY);
	repo = open_repo("j");
	/* 李四 joined on Tuesday 11-10: W46 had begun, W47 is owed. */
	members[1].from = day("2026-11-10");
	in = input(repo, NULL, 0, "2026-11-26");
	in.members = members;
	in.members_nr = 2;
	check(&in,
	      "0 zhangsan 2026-W45 due 2026-11-09 missing records/2026-W45-zhangsan.md\n"
	      "0 zhangsan 2026-W46 due 2026-11-16 missing records/2026-W46-zhangsan.md\n"
	      "0 zhangsan 2026-W47 due 2026-11-23 missing records/2026-W47-zhangsan.md\n"
	      "0 李四 2026-W47 due 2026-11-23 missing records/2026-W47-李四.md\n");
	wl_repo_free(repo);
}

static void test_cadence__figures_per_person_and_where_records_go(void **state)
{
	struct wl_rec_commit c1 = at("2026-11-09T10:00:00+08:00");
	struct wl_rec_commit c2 = at("2026-11-20T10:00:00+08:00");
	struct wl_cadence_record recs[] = {
		/* Most logs are in team/logs: a missing one goes there. The
		 * first record meets W45 although it has another name. */
		LOG("team/logs/zs-w45.md", "zhangsan", "2026-W45", &c1),
		LOG("team/logs/2026-W46-李四.md", "李四", "2026-W46", &c2),
		LOG("old/2026-W46-zhangsan.md", "zhangsan", "2026-W46", &c2),
		/* Not a period of its type's: no candidate. */
		LOG("team/logs/x.md", "李四", "2026-11", &c1),
		{ "team/logs/y.md", "task", "李四", "2026-W45", 0, 0, &c1 },
	};
	struct wl_cadence c = WL_CADENCE_INIT;
	struct wl_cadence_input in;
	struct wl_repo *repo;

	(void)state;
	put_config("f", TWO_PEOPLE, "2026-11-02", WEEKLY);
	repo = open_repo("f");
	in = input(repo, recs, 5, "2026-11-17");
	assert_int_equal(wl_cadence_compute(&c, &in), 0);
	assert_int_equal(c.people_nr, 2);
	assert_string_equal(c.people[0].person, "zhangsan");
	assert_int_equal(c.people[0].required, 2);
	assert_int_equal(c.people[0].on_time, 1);
	assert_int_equal(c.people[0].late, 1);
	assert_int_equal(c.people[0].missing, 0);
	assert_string_equal(c.people[1].person, "李四");
	assert_int_equal(c.people[1].required, 2);
	assert_int_equal(c.people[1].missing, 1);
	assert_int_equal(c.people[1].late, 1);
	assert_string_equal(c.v[0].path, "team/logs/zs-w45.md");
	assert_ptr_equal(c.v[0].record, &recs[0]);
	assert_string_equal(c.v[2].path, "team/logs/2026-W45-李四.md");
	assert_null(c.v[2].record);
	wl_cadence_release(&c);
	wl_repo_free(repo);
}

/* ---- with git ------------------------------------------------------------ */

static void commit(const char *repo, const char *when, const char *msg)
{
	sh("cd %s && git add -A && GIT_AUTHOR_DATE=%s GIT_COMMITTER_DATE=%s"
	   " git commit -q --allow-empty -m '%s'", repo, when, when, msg);
}

static void put_log(const char *repo, const char *period, const char *owner)
{
	char *path = wl_xprintf("%s/records/logs/%s-%s.md", repo, period, owner);
	char *text = wl_xprintf("---\ntype: log\nperiod: %s\nowner: %s\n"
				"done: [巡检]\n---\n", period, owner);

	put(path, text);
	free(path);
	free(text);
}

static void test_cadence__the_roster_history_says_who_joined_when(void **state)
{
	struct wl_cadence_member *m = NULL;
	long long start;
	struct wl_repo *repo;
	char *err = NULL;

	(void)state;
	sh("git init -q -b main r");
	put_config("r", "  - {id: zhangsan, name: 张三}\n", "2026-11-02", WEEKLY);
	commit("r", "2026-11-01T10:00:00+08:00", "start");
	put_config("r", TWO_PEOPLE, "2026-11-02", WEEKLY);
	/* Late on the 9th in UTC is the 10th in Shanghai. */
	commit("r", "2026-11-09T20:00:00-00:00", "李四 joins");
	put_config("r", TWO_PEOPLE "  - {id: wangwu, name: 王五}\n",
		   "2026-11-02", WEEKLY);
	repo = open_repo("r");
	assert_int_equal(wl_cadence_members(&m, &start, repo, day("2026-11-26"),
					    &err), 0);
	assert_int_equal(start, day("2026-11-01"));
	assert_string_equal(m[0].id, "zhangsan");
	assert_true(m[0].from == LLONG_MIN);
	assert_string_equal(m[1].id, "李四");
	assert_int_equal(m[1].from, day("2026-11-10"));
	/* Added but not committed: owes nothing that ended before today. */
	assert_string_equal(m[2].id, "wangwu");
	assert_int_equal(m[2].from, day("2026-11-26"));
	free(m);
	wl_repo_free(repo);
}

static void test_cadence__a_report_collects_it_all(void **state)
{
	struct wl_cadence c = WL_CADENCE_INIT;
	struct wl_repo *repo;
	char *err = NULL, *got;
	long long today = day("2026-11-26");

	(void)state;
	sh("git init -q -b main c");
	put_config("c", "  - {id: zhangsan, name: 张三}\n", "2026-11-02", WEEKLY);
	commit("c", "2026-11-01T10:00:00+08:00", "start");
	put_log("c", "2026-W45", "zhangsan");
	commit("c", "2026-11-06T18:00:00+08:00", "W45");
	put_config("c", TWO_PEOPLE, "2026-11-02", WEEKLY);
	/* 李四 joins on Wednesday: W46 is not owed, W47 is. */
	commit("c", "2026-11-11T10:00:00+08:00", "李四 joins");
	put_log("c", "2026-W46", "zhangsan");
	put_log("c", "2026-W46", "李四");
	commit("c", "2026-11-17T09:00:00+08:00", "W46, a day late");
	/* Renamed unchanged: its first commit stays the first one. */
	sh("cd c && mkdir records/archive && git mv records/logs/2026-W45-zhangsan.md records/archive/");
	commit("c", "2026-11-20T10:00:00+08:00", "archive");
	put_log("c", "2026-W47", "李四");
	repo = open_repo("c");
	assert_int_equal(wl_cadence_collect(&c, repo, today,
					    wl_now(repo->cfg.tz, today, 1), 0,
					    0, 0, &err), 0);
	got = show(&c);
	assert_string_equal(got,
		"0 zhangsan 2026-W45 due 2026-11-09 on time records/archive/2026-W45-zhangsan.md\n"
		"0 zhangsan 2026-W46 due 2026-11-16 late records/logs/2026-W46-zhangsan.md\n"
		"0 zhangsan 2026-W47 due 2026-11-23 missing records/logs/2026-W47-zhangsan.md\n"
		"0 李四 2026-W47 due 2026-11-23 late records/logs/2026-W47-李四.md\n");
	assert_null(c.v[0].record);
	free(got);
	wl_cadence_release(&c);
	wl_repo_free(repo);
}

static void test_cadence__outside_git_a_report_is_told_why(void **state)
{
	struct wl_cadence c = WL_CADENCE_INIT;
	struct wl_repo *repo;
	char *err = NULL;

	(void)state;
	put_config("nogit", TWO_PEOPLE, "2026-11-02", WEEKLY);
	setenv("GIT_CEILING_DIRECTORIES", dir, 1);
	repo = open_repo("nogit");
	assert_int_equal(wl_cadence_collect(&c, repo, day("2026-11-26"), 0, 0,
					    0, 0, &err), -1);
	assert_non_null(strstr(err, "not a git repository"));
	unsetenv("GIT_CEILING_DIRECTORIES");
	free(err);
	wl_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cadence__on_time_late_missing_and_not_committed),
		cmocka_unit_test(test_cadence__a_deadline_to_come_is_pending),
		cmocka_unit_test(test_cadence__the_commits_own_zone_decides),
		cmocka_unit_test(test_cadence__a_week_across_a_month_end_and_a_window),
		cmocka_unit_test(test_cadence__workdays_months_and_quarters),
		cmocka_unit_test(test_cadence__late_joiners_owe_what_starts_after),
		cmocka_unit_test(test_cadence__figures_per_person_and_where_records_go),
		cmocka_unit_test(test_cadence__the_roster_history_says_who_joined_when),
		cmocka_unit_test(test_cadence__a_report_collects_it_all),
		cmocka_unit_test(test_cadence__outside_git_a_report_is_told_why),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
