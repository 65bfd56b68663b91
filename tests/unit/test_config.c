#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "unit.h"


static void test_config__reads_every_section(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
		"version: 1\n"
		"records: [\"records/**/*.md\", notes/*.md]\n"
		"schemas: [.worklog/schema]\n"
		"types: {\"records/logs/**\": log}\n"
		"people:\n"
		"  - id: zhangsan\n"
		"    name: 张三\n"
		"    email: [zhangsan@example.com, zs@example.com]\n"
		"    reviewer: true\n"
		"  - {id: lisi, email: lisi@example.com}\n"
		"rules:\n"
		"  truthy: warning\n"
		"  stale: {severity: warning, after: 14d}\n"
		"limits: {front-matter-bytes: 4096, schema-steps: 5000,\n"
		"         regex-steps: 6000, regex-match-steps: 700,\n"
		"         schema-bytes: 8000, schema-nodes: 900,\n"
		"         schema-files: 10}\n"), 0);
	assert_int_equal(d.nr, 0);
	assert_int_equal(cfg.records_nr, 2);
	assert_string_equal(cfg.records[1], "notes/*.md");
	assert_int_equal(cfg.schemas_nr, 1);
	assert_string_equal(wl_config_type_for(&cfg, "records/logs/w.md"),
			    "log");
	assert_null(wl_config_type_for(&cfg, "records/tasks/t.md"));
	assert_int_equal(cfg.people_nr, 2);
	assert_string_equal(wl_config_person(&cfg, "zhangsan")->name, "张三");
	assert_int_equal(wl_config_person(&cfg, "zhangsan")->emails_nr, 2);
	assert_true(wl_config_person(&cfg, "zhangsan")->reviewer);
	assert_string_equal(wl_config_person(&cfg, "lisi")->emails[0],
			    "lisi@example.com");
	assert_null(wl_config_person(&cfg, "wangwu"));
	assert_true(wl_config_is_record(&cfg, "notes/a.md"));
	assert_false(wl_config_is_record(&cfg, "README.md"));
	assert_int_equal(cfg.limits.max_bytes, 4096);
	assert_int_equal(cfg.schema_limits.steps, 5000);
	assert_int_equal(cfg.schema_limits.regex_steps, 6000);
	assert_int_equal(cfg.schema_limits.regex_match_steps, 700);
	assert_int_equal(cfg.schema_limits.file_bytes, 8000);
	assert_int_equal(cfg.schema_limits.file_nodes, 900);
	assert_int_equal(cfg.schema_limits.files, 10);
	assert_int_equal(cfg.rules.severity[WL_RULE_TRUTHY], WL_SEV_WARNING);
	assert_int_equal(cfg.rules.stale.after.secs, 14 * 86400);
	wl_config_release(&cfg);
}

static void test_config__hooks_and_reports_are_read(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
		"hooks: {warn-only: true}\n"
		"reports:\n"
		"  lang: en\n"
		"  ops-weekly: {period: week, where: \"project = 'P-618'\"}\n"
		"  monthly:\n"
		"    period: month\n"
		"    title: 运维月报\n"
		"    owner: lisi\n"
		"    project: P-1\n"
		"    lang: zh\n"
		"    sections: [kpis, summary]\n"
		"    queries:\n"
		"      - {name: slow, title: 最慢的任务, sql: SELECT 1}\n"
		"      - {name: n-2, sql: SELECT 2}\n"), 0);
	assert_int_equal(d.nr, 0);
	assert_true(cfg.hooks.warn_only);
	assert_string_equal(cfg.reports.lang, "en");
	assert_int_equal(cfg.reports.saved_nr, 2);
	assert_string_equal(cfg.reports.saved[0].name, "ops-weekly");
	assert_int_equal(cfg.reports.saved[0].kind, WL_PERIOD_WEEK);
	assert_string_equal(cfg.reports.saved[0].where, "project = 'P-618'");
	assert_int_equal(cfg.reports.saved[0].sections, WL_REPORT_ALL);
	assert_int_equal(cfg.reports.saved[0].queries_nr, 0);
	assert_string_equal(cfg.reports.saved[1].name, "monthly");
	assert_int_equal(cfg.reports.saved[1].kind, WL_PERIOD_MONTH);
	assert_string_equal(cfg.reports.saved[1].title, "运维月报");
	assert_string_equal(cfg.reports.saved[1].owner, "lisi");
	assert_string_equal(cfg.reports.saved[1].project, "P-1");
	assert_string_equal(cfg.reports.saved[1].lang, "zh");
	assert_int_equal(cfg.reports.saved[1].sections,
			 (1u << WL_REPORT_KPIS) | (1u << WL_REPORT_SUMMARY));
	assert_int_equal(cfg.reports.saved[1].queries_nr, 2);
	assert_string_equal(cfg.reports.saved[1].queries[0].name, "slow");
	assert_string_equal(cfg.reports.saved[1].queries[0].title, "最慢的任务");
	assert_string_equal(cfg.reports.saved[1].queries[0].sql, "SELECT 1");
	assert_int_equal(cfg.reports.saved[1].queries[0].node->line, 13);
	assert_null(cfg.reports.saved[1].queries[1].title);
	assert_ptr_equal(wl_report_settings_find(&cfg.reports, "monthly"),
			 &cfg.reports.saved[1]);
	assert_null(wl_report_settings_find(&cfg.reports, "lang"));
	wl_config_release(&cfg);
	assert_int_equal(fixture_config(&cfg, &d, "version: 1\n"), 0);
	assert_false(cfg.hooks.warn_only);
	assert_null(cfg.reports.lang);
	assert_int_equal(cfg.reports.saved_nr, 0);
	wl_config_release(&cfg);
}

static void test_config__defaults_when_keys_are_missing(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d, "version: 1\n"), 0);
	assert_int_equal(cfg.records_nr, 1);
	assert_string_equal(cfg.records[0], "records/**/*.md");
	assert_int_equal(cfg.limits.max_bytes, 1024 * 1024);
	/* The schema limits' defaults, as README.md and SECURITY.md say. */
	assert_int_equal(cfg.schema_limits.steps, 10000000);
	assert_int_equal(cfg.schema_limits.regex_steps, 10000000);
	assert_int_equal(cfg.schema_limits.regex_match_steps, 1000000);
	assert_int_equal(cfg.schema_limits.file_bytes, 1024 * 1024);
	assert_int_equal(cfg.schema_limits.file_nodes, 100000);
	assert_int_equal(cfg.schema_limits.files, 1000);
	wl_config_release(&cfg);
}

static const struct {
	const char *text;
	int line, column;
	const char *message;
} bad[] = {
	{ "version: 1\nrecods: [a]\n", 2, 1,
	  "unknown key 'recods' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone)" },
	{ "version: 2\n", 1, 10,
	  "unsupported configuration version (this worklog reads version 1)" },
	{ "records: 5\n", 1, 10, "records must be a list, not a number" },
	{ "schemas: [../elsewhere]\n", 1, 11,
	  "schema folder '../elsewhere' is outside the repository" },
	{ "records: [\"../outside/**/*.md\"]\n", 1, 11,
	  "records glob '../outside/**/*.md' is outside the repository" },
	{ "records: \"records/../../*.md\"\n", 1, 10,
	  "records glob 'records/../../*.md' is outside the repository" },
	{ "records: [\"/etc/*.md\"]\n", 1, 11,
	  "records glob '/etc/*.md' is outside the repository" },
	{ "people:\n  - name: x\n", 2, 5, "a person needs an 'id'" },
	{ "people:\n  - {id: a}\n  - {id: a}\n", 3, 10,
	  "person 'a' is listed twice" },
	{ "people:\n  - {id: a, phone: 1}\n", 2, 13,
	  "unknown key 'phone' in a person (known: id, name, email, reviewer, team, role, active)" },
	{ "rules:\n  truty: warning\n", 2, 3,
	  "unknown rule 'truty'; did you mean 'truthy'?" },
	{ "rules:\n  truthy: loud\n", 2, 11,
	  "rule 'truthy': severity must be off, warning or error" },
	{ "version: 1\nversion: 1\n", 2, 1,
	  "duplicate key 'version' (first at line 1)" },
	{ "limits: {depth: 100000}\n", 1, 17,
	  "depth must be a whole number from 1 to 256" },
	{ "limits: {front-matter-bytes: 0}\n", 1, 30,
	  "front-matter-bytes must be a whole number from 1 to 67108864" },
	{ "limits: {schema-steps: 0}\n", 1, 24,
	  "schema-steps must be a whole number from 1 to 100000000" },
	{ "limits: {regex-steps: 2000000000}\n", 1, 23,
	  "regex-steps must be a whole number from 1 to 1000000000" },
	{ "limits: {regex-match-steps: 100000001}\n", 1, 29,
	  "regex-match-steps must be a whole number from 1 to 100000000" },
	{ "limits: {schema-bytes: 67108865}\n", 1, 24,
	  "schema-bytes must be a whole number from 1 to 67108864" },
	{ "limits: {schema-nodes: 10000001}\n", 1, 24,
	  "schema-nodes must be a whole number from 1 to 10000000" },
	{ "limits: {schema-files: 0}\n", 1, 24,
	  "schema-files must be a whole number from 1 to 100000" },
	{ "limits: {regex-step: 1}\n", 1, 10,
	  "unknown limit 'regex-step' (known: file-bytes, front-matter-bytes, depth, alias-nodes, schema-steps, regex-steps, regex-match-steps, schema-bytes, schema-nodes, schema-files)" },
	{ "- a\n", 1, 1,
	  "the configuration must be a mapping, not a list" },
	{ "version: 1\ntimezone: Mars/Olympus\n", 2, 11,
	  "timezone: unknown time zone 'Mars/Olympus'" },
	{ "timezone: ../../etc/passwd\n", 1, 11,
	  "timezone: '../../etc/passwd' is not a time zone name (like Asia/Shanghai)" },
	{ "timezone: [UTC]\n", 1, 11, "timezone must be a string, not a list" },
	{ "hooks: {warn-onyl: true}\n", 1, 9,
	  "unknown key 'warn-onyl' in hooks (known: warn-only, rules)" },
	{ "hooks: {warn-only: 1}\n", 1, 20,
	  "hooks: warn-only must be true or false" },
	{ "hooks: true\n", 1, 8, "hooks must be a mapping, not a boolean" },
	{ "reports: {lang: fr}\n", 1, 17, "reports: lang must be zh or en" },
	{ "reports: {weekly: [a]}\n", 1, 19,
	  "reports: saved report 'weekly' must be a mapping, not a list" },
	{ "reports: [weekly]\n", 1, 10,
	  "reports must be a mapping, not a list" },
	{ "reports:\n  ops: {period: week, wher: x}\n", 2, 23,
	  "unknown key 'wher' in saved report 'ops' (known: period, title, where, owner, project, lang, sections, queries)" },
	{ "reports:\n  ops: {period: day}\n", 2, 17,
	  "reports: ops: period must be week, month or quarter, not 'day'" },
	{ "reports:\n  ops: {where: x}\n", 2, 8,
	  "reports: ops: no period (week, month or quarter)" },
	{ "reports:\n  week: {period: week}\n", 2, 3,
	  "reports: a saved report may not be called 'week', the name of a period" },
	{ "reports:\n  ops: {period: week, sections: [kpi]}\n", 2, 34,
	  "reports: ops: unknown section 'kpi' (did you mean 'kpis'?)" },
	{ "reports:\n  ops: {period: week, sections: [next, next]}\n", 2, 40,
	  "reports: ops: section 'next' is listed twice" },
	{ "reports:\n  ops: {period: week, lang: fr}\n", 2, 29,
	  "reports: ops: lang must be zh or en" },
	{ "reports:\n  ops: {period: week, where: \" \"}\n", 2, 30,
	  "reports: ops: where is empty" },
	{ "reports:\n  ops:\n    period: week\n    queries: [{name: A, sql: x}]\n",
	  4, 22,
	  "reports: ops: a query's name is 1 to 64 of a-z, 0-9, '-' and '_', not 'A'" },
	{ "reports:\n  ops:\n    period: week\n    queries: [{name: kpis, sql: x}]\n",
	  4, 22, "reports: ops: query 'kpis' has the name of a built-in section" },
	{ "reports:\n  ops:\n    period: week\n    queries: [{name: a}]\n",
	  4, 15, "reports: ops: a query has no sql" },
	{ "reports:\n  ops:\n    period: week\n    queries: [{name: a, sql: x, db: y}]\n",
	  4, 33, "reports: ops: unknown key 'db' in a query (known: name, title, sql)" },
	{ "reports:\n  ops:\n    period: week\n    queries: [{name: a, sql: x}, {name: a, sql: y}]\n",
	  4, 41, "reports: ops: query 'a' is defined twice" },
	{ "reports:\n  ops: {period: week, owner: [a]}\n", 2, 30,
	  "reports: ops: owner must be a string" },
	{ "rules:\n  stale: {aftr: 14d}\n", 2, 11,
	  "rule 'stale': unknown option 'aftr' (known: severity, after)" },
};

static void test_config__timezone_sets_the_zone_of_today(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d, "timezone: UTC\n"), 0);
	assert_string_equal(wl_tz_name(cfg.tz), "UTC");
	wl_config_release(&cfg);
	/* Without the key, the machine's zone (TZ here). */
	setenv("TZ", "CST-8", 1);
	assert_int_equal(fixture_config(&cfg, &d, "version: 1\n"), 0);
	assert_int_equal(wl_tz_offset(cfg.tz, 0), 8 * 3600);
	wl_config_release(&cfg);
	unsetenv("TZ");
	assert_int_equal(d.nr, 0);
}

static void test_config__errors_name_line_and_column(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct wl_config cfg;
		struct wl_diags d = WL_DIAGS_INIT;

		assert_int_equal(fixture_config(&cfg, &d, bad[i].text), -1);
		if (d.nr != 1 || strcmp(d.v[0].message, bad[i].message) ||
		    d.v[0].line != bad[i].line ||
		    d.v[0].column != bad[i].column)
			fail_msg("case %zu: got %zu: %d:%d %s", i, d.nr,
				 d.nr ? d.v[0].line : 0,
				 d.nr ? d.v[0].column : 0,
				 d.nr ? d.v[0].message : "");
		assert_string_equal(d.v[0].rule, "config");
		assert_string_equal(d.v[0].path, ".worklog.yaml");
		wl_diags_release(&d);
		wl_config_release(&cfg);
	}
}

static void test_config__a_bad_path_after_a_non_string_is_found(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d, "schemas: [5, ok, ../x]\n"), -1);
	assert_int_equal(d.nr, 2);
	assert_string_equal(d.v[0].message,
			    "schemas must be a string, not a number");
	assert_int_equal(d.v[0].column, 11);
	assert_string_equal(d.v[1].message,
			    "schema folder '../x' is outside the repository");
	assert_int_equal(d.v[1].column, 18);
	assert_int_equal(cfg.schemas_nr, 1);
	assert_string_equal(cfg.schemas[0], "ok");
	wl_diags_release(&d);
	wl_config_release(&cfg);
}

static void test_config__paths_must_stay_inside(void **state)
{
	(void)state;
	assert_true(wl_path_is_safe("records/a.md"));
	assert_true(wl_path_is_safe(".worklog/schema"));
	assert_false(wl_path_is_safe("/etc"));
	assert_false(wl_path_is_safe("a/../../b"));
	assert_false(wl_path_is_safe(".."));
	assert_false(wl_path_is_safe(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config__reads_every_section),
		cmocka_unit_test(test_config__defaults_when_keys_are_missing),
		cmocka_unit_test(test_config__timezone_sets_the_zone_of_today),
		cmocka_unit_test(test_config__hooks_and_reports_are_read),
		cmocka_unit_test(test_config__errors_name_line_and_column),
		cmocka_unit_test(test_config__paths_must_stay_inside),
		cmocka_unit_test(test_config__a_bad_path_after_a_non_string_is_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
