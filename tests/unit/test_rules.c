#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "record.h"
#include "rules.h"
#include "schema.h"
#include "unit.h"

static void test_rules__the_table_has_every_rule_of_the_design(void **state)
{
	static const char *const ids[] = {
		"syntax", "duplicate-key", "schema", "encoding", "truthy",
		"duplicate-id", "dangling-ref", "unknown-person",
		"missing-section", "empty-section", "filename", "date-order",
		"overdue", "stale", "cadence", "review", "locked", "transition",
		"unused-suppression",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		const struct wl_rule_def *d = wl_rule_find(ids[i]);

		assert_non_null(d);
		assert_int_equal(d->rule, (enum wl_rule_id)i);
		assert_ptr_equal(wl_rule_def(d->rule), d);
		assert_non_null(d->summary);
		assert_non_null(d->help);
		assert_true(d->needs != 0);
	}
	assert_null(wl_rule_defs[WL_RULE_NR].id);
	assert_null(wl_rule_find("io"));
	assert_null(wl_rule_find("config"));
}

static void test_rules__defaults_without_a_rules_section(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d, "version: 1\n"), 0);
	assert_int_equal(cfg.rules.severity[WL_RULE_SCHEMA], WL_SEV_ERROR);
	assert_int_equal(cfg.rules.severity[WL_RULE_TRANSITION], WL_SEV_ERROR);
	assert_int_equal(cfg.rules.severity[WL_RULE_TRUTHY], WL_SEV_WARNING);
	assert_int_equal(cfg.rules.severity[WL_RULE_LOCKED], 0);
	assert_int_equal(cfg.rules.severity[WL_RULE_STALE], 0);
	assert_int_equal(cfg.rules.locked.after.secs, 30 * 86400);
	assert_string_equal(cfg.rules.locked.after.text, "30d");
	assert_int_equal(cfg.rules.stale.after.secs, 14 * 86400);
	assert_int_equal(cfg.rules.review.within.secs, 7 * 86400);
	assert_false(cfg.rules.cadence.has_since);
	wl_config_release(&cfg);
}

static void test_rules__every_option_of_the_design_compiles(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;
	const struct wl_rules *r = &cfg.rules;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
		"people: [{id: zhangsan}, {id: lisi}]\n"
		"rules:\n"
		"  truthy: off\n"
		"  encoding: error\n"
		"  stale: {severity: warning, after: 2w}\n"
		"  cadence:\n"
		"    severity: error\n"
		"    since: 2026-09-01\n"
		"    require:\n"
		"      - {type: log, every: week, grace: 1d, who: all}\n"
		"      - {type: summary, every: quarter, who: [lisi]}\n"
		"      - {type: log, every: day}\n"
		"  review: {types: [summary, kpi], within: 36h}\n"
		"  locked: {after: 30d}\n"
		"  transition: {severity: warning}\n"), 0);
	assert_int_equal(d.nr, 0);
	assert_int_equal(r->severity[WL_RULE_TRUTHY], 0);
	assert_int_equal(r->severity[WL_RULE_ENCODING], WL_SEV_ERROR);
	assert_int_equal(r->severity[WL_RULE_STALE], WL_SEV_WARNING);
	assert_int_equal(r->stale.after.secs, 14 * 86400);
	assert_string_equal(r->stale.after.text, "2w");
	assert_int_equal(r->severity[WL_RULE_CADENCE], WL_SEV_ERROR);
	assert_true(r->cadence.has_since);
	/* 2026-09-01 is day 20697 after 1970-01-01. */
	assert_int_equal(r->cadence.since, 20697);
	assert_int_equal(r->cadence.require_nr, 3);
	assert_string_equal(r->cadence.require[0].type, "log");
	assert_int_equal(r->cadence.require[0].every, WL_EVERY_WEEK);
	assert_int_equal(r->cadence.require[0].grace.secs, 86400);
	assert_true(r->cadence.require[0].all);
	assert_int_equal(r->cadence.require[1].every, WL_EVERY_QUARTER);
	assert_false(r->cadence.require[1].all);
	assert_int_equal(r->cadence.require[1].who_nr, 1);
	assert_string_equal(r->cadence.require[1].who[0], "lisi");
	assert_int_equal(r->cadence.require[2].every, WL_EVERY_DAY);
	assert_int_equal(r->cadence.require[2].grace.secs, 0);
	assert_true(r->cadence.require[2].all);
	/* Naming a rule that is off by default with options turns it on. */
	assert_int_equal(r->severity[WL_RULE_REVIEW], WL_SEV_ERROR);
	assert_int_equal(r->review.types_nr, 2);
	assert_string_equal(r->review.types[1], "kpi");
	assert_int_equal(r->review.within.secs, 36 * 3600);
	assert_int_equal(r->severity[WL_RULE_LOCKED], WL_SEV_ERROR);
	assert_int_equal(r->locked.after.secs, 30 * 86400);
	/* A mapping without severity keeps a default that is on. */
	assert_int_equal(r->severity[WL_RULE_TRANSITION], WL_SEV_WARNING);
	wl_config_release(&cfg);
}

/* Each bad value, at its position: one error, and only one. */
static const struct {
	const char *rules;          /* the text under `rules:` */
	int line, column;
	const char *message;
} bad[] = {
	{ "  truty: warning\n", 2, 3,
	  "unknown rule 'truty'; did you mean 'truthy'?" },
	{ "  date_order: error\n", 2, 3,
	  "unknown rule 'date_order'; did you mean 'date-order'?" },
	{ "  io: error\n", 2, 3, "unknown rule 'io'" },
	{ "  truthy: loud\n", 2, 11,
	  "rule 'truthy': severity must be off, warning or error" },
	{ "  truthy: [warning]\n", 2, 11,
	  "rule 'truthy': severity must be off, warning or error" },
	{ "  truthy:\n", 2, 10,
	  "rule 'truthy': severity must be off, warning or error" },
	{ "  truthy: {severity: 2}\n", 2, 22,
	  "rule 'truthy': severity must be off, warning or error" },
	{ "  truthy: {level: off}\n", 2, 12,
	  "rule 'truthy': unknown option 'level' (known: severity)" },
	{ "  schema: off\n", 2, 11,
	  "rule 'schema' is always an error: a record that breaks it cannot be read" },
	{ "  syntax: {severity: warning}\n", 2, 22,
	  "rule 'syntax' is always an error: a record that breaks it cannot be read" },
	{ "  stale: {aftr: 14d}\n", 2, 11,
	  "rule 'stale': unknown option 'aftr' (known: severity, after)" },
	{ "  stale: {after: 14}\n", 2, 18,
	  "rule 'stale': after: '14' is not a duration (use Nh, Nd or Nw)" },
	{ "  stale: {after: 3x}\n", 2, 18,
	  "rule 'stale': after: '3x' is not a duration (use Nh, Nd or Nw)" },
	{ "  locked: {after: 3x}\n", 2, 19,
	  "rule 'locked': after: '3x' is not a duration (use Nh, Nd or Nw)" },
	{ "  locked: {after: 30m}\n", 2, 19,
	  "rule 'locked': after: '30m' is not a duration (use Nh, Nd or Nw)" },
	{ "  locked: {after: [30d]}\n", 2, 19,
	  "rule 'locked': after: a list is not a duration (use Nh, Nd or Nw)" },
	{ "  locked: {within: 30d}\n", 2, 12,
	  "rule 'locked': unknown option 'within' (known: severity, after)" },
	{ "  review: {within: 7}\n", 2, 20,
	  "rule 'review': within: '7' is not a duration (use Nh, Nd or Nw)" },
	{ "  review: {types: summary}\n", 2, 19,
	  "rule 'review': types: must be a list of record types" },
	{ "  review: {types: [summary, 5]}\n", 2, 29,
	  "rule 'review': types: '5' is not a record type name" },
	{ "  review: {after: 7d}\n", 2, 12,
	  "rule 'review': unknown option 'after' (known: severity, types, within)" },
	{ "  cadence: {since: 2026-13-01}\n", 2, 20,
	  "rule 'cadence': since: '2026-13-01' is not a date (use YYYY-MM-DD)" },
	{ "  cadence: {since: 2026-W48}\n", 2, 20,
	  "rule 'cadence': since: '2026-W48' is not a date (use YYYY-MM-DD)" },
	{ "  cadence: {since: 2026}\n", 2, 20,
	  "rule 'cadence': since: '2026' is not a date (use YYYY-MM-DD)" },
	{ "  cadence: {require: {type: log}}\n", 2, 22,
	  "rule 'cadence': require: must be a list of {type, every, grace, who}" },
	{ "  cadence: {require: [log]}\n", 2, 23,
	  "rule 'cadence': require[0]: must be a mapping of type, every, grace and who" },
	{ "  cadence: {require: [{type: log}]}\n", 2, 23,
	  "rule 'cadence': require[0]: needs a type and every" },
	{ "  cadence: {require: [{type: log, every: fortnight}]}\n", 2, 42,
	  "rule 'cadence': require[0]: every: 'fortnight' is not one of day, week, month, quarter" },
	{ "  cadence: {require: [{type: log, every: week, grace: 1}]}\n", 2,
	  55, "rule 'cadence': require[0]: grace: '1' is not a duration (use Nh, Nd or Nw)" },
	{ "  cadence: {require: [{type: log, every: week, who: some}]}\n", 2,
	  53, "rule 'cadence': require[0]: who: 'some' is not all or a list of roster ids" },
	{ "  cadence: {require: [{type: log, every: week, who: [1]}]}\n", 2,
	  54, "rule 'cadence': require[0]: who: '1' is not a roster id" },
	{ "  cadence: {require: [{type: log, every: week, who: [lisi, wangwu]}]}\n",
	  2, 60, "rule 'cadence': require[0]: who: 'wangwu' is not in people:" },
	{ "  cadence: {require: [{type: [log], every: week}]}\n", 2, 30,
	  "rule 'cadence': require[0]: type: a list is not a record type name" },
	{ "  cadence: {require: [{type: log, every: week, grce: 1d}]}\n", 2,
	  48, "rule 'cadence': require[0]: unknown key 'grce' (known: type, every, grace, who)" },
	{ "  cadence: {require: [], until: 2027-01-01}\n", 2, 26,
	  "rule 'cadence': unknown option 'until' (known: severity, since, require)" },
};

static void test_rules__bad_options_are_errors_at_their_place(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct wl_config cfg;
		struct wl_diags d = WL_DIAGS_INIT;
		char *text = wl_xprintf("rules:\n%speople: [{id: lisi}]\n",
					bad[i].rules);
		size_t k;

		assert_int_equal(fixture_config(&cfg, &d, text), -1);
		free(text);
		if (d.nr != 1 || strcmp(d.v[0].message, bad[i].message) ||
		    d.v[0].line != bad[i].line ||
		    d.v[0].column != bad[i].column) {
			for (k = 0; k < d.nr; k++)
				printf("# got %d:%d %s\n", d.v[k].line,
				       d.v[k].column, d.v[k].message);
			fail_msg("case %zu (%s)", i, bad[i].rules);
		}
		assert_string_equal(d.v[0].rule, "config");
		assert_string_equal(d.v[0].path, ".worklog.yaml");
		wl_diags_release(&d);
		wl_config_release(&cfg);
	}
}

static void test_rules__one_bad_option_leaves_the_others_read(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
		"rules:\n"
		"  stale: {aftr: 1d, after: 2d}\n"
		"  locked: {after: 3x, severity: warning}\n"
		"  truthy: error\n"), -1);
	assert_int_equal(d.nr, 2);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[1].line, 3);
	assert_int_equal(cfg.rules.stale.after.secs, 2 * 86400);
	assert_int_equal(cfg.rules.severity[WL_RULE_LOCKED], WL_SEV_WARNING);
	assert_int_equal(cfg.rules.locked.after.secs, 30 * 86400);
	assert_int_equal(cfg.rules.severity[WL_RULE_TRUTHY], WL_SEV_ERROR);
	wl_diags_release(&d);
	wl_config_release(&cfg);
}

static int known(void *arg, const char *name)
{
	return !strcmp(name, "log") || !strcmp(name, "summary");
}

static void test_rules__the_types_rules_name_must_exist(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
		"rules:\n"
		"  review: {types: [summary, sumary]}\n"
		"  cadence: {require: [{type: log, every: week},\n"
		"                      {type: lgo, every: week}]}\n"), 0);
	assert_int_equal(wl_rules_check_types(&cfg.rules, known, NULL,
					      cfg.path, &d), 2);
	assert_int_equal(d.nr, 2);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].column, 29);
	assert_string_equal(d.v[0].message,
			    "rule 'review': types: unknown record type 'sumary'");
	assert_int_equal(d.v[1].line, 4);
	assert_int_equal(d.v[1].column, 30);
	assert_string_equal(d.v[1].message,
			    "rule 'cadence': require[1]: unknown record type 'lgo'");
	wl_diags_release(&d);
	wl_config_release(&cfg);
}

/* Runs the record checks of `rules_text` over a record at a path that
 * its type's x-filename does not allow; returns the findings. */
static void record_checks(struct wl_diags *d, const char *rules_text)
{
	static const char schema[] =
		"x-type: note\nx-filename: \"{id}.md\"\ntype: object\n"
		"properties: {id: {type: string}}\n";
	static const char rec[] = "---\nid: N-1\n---\n";
	struct wl_schema_set *set = wl_schema_set_new();
	struct wl_record r = WL_RECORD_INIT;
	struct wl_config cfg;
	struct wl_rule_record in;

	assert_int_equal(wl_schema_set_add(set, "note.yaml", schema,
					   strlen(schema), 0, d), 0);
	assert_int_equal(wl_schema_set_finish(set, d), 0);
	assert_int_equal(fixture_config(&cfg, d, rules_text), 0);
	wl_record_parse(&r, "notes/other.md", wl_xstrdup(rec), strlen(rec),
			NULL, d);
	memset(&in, 0, sizeof(in));
	in.rules = &cfg.rules;
	in.path = r.path;
	in.record = &r;
	in.type = wl_schema_set_type(set, "note");
	assert_int_equal(wl_rules_run_record(d, &in), 0);
	wl_record_release(&r);
	wl_config_release(&cfg);
	wl_schema_set_free(set);
}

static void test_rules__the_filename_rule_obeys_its_severity(void **state)
{
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	record_checks(&d, "version: 1\n");
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].rule, "filename");
	assert_int_equal(d.v[0].severity, WL_SEV_ERROR);
	wl_diags_release(&d);
	record_checks(&d, "rules: {filename: warning}\n");
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.v[0].severity, WL_SEV_WARNING);
	wl_diags_release(&d);
	record_checks(&d, "rules: {filename: off}\n");
	assert_int_equal(d.nr, 0);
}

static void test_rules__the_hooks_judge_what_one_commit_decides(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;
	const struct wl_rules *h;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
					"rules: {truthy: error, stale: warning, locked: {after: 30d}}\n"),
			 0);
	h = &cfg.hooks.rules;
	assert_int_equal(h->severity[WL_RULE_TRUTHY], WL_SEV_ERROR);
	assert_int_equal(h->severity[WL_RULE_SCHEMA], WL_SEV_ERROR);
	assert_int_equal(h->severity[WL_RULE_MISSING_SECTION], WL_SEV_ERROR);
	assert_int_equal(h->severity[WL_RULE_TRANSITION], WL_SEV_ERROR);
	assert_int_equal(h->severity[WL_RULE_LOCKED], WL_SEV_ERROR);
	/* today's date: not a commit's doing; many commits: not a hook's */
	assert_int_equal(h->severity[WL_RULE_OVERDUE], 0);
	assert_int_equal(h->severity[WL_RULE_STALE], 0);
	assert_int_equal(cfg.rules.severity[WL_RULE_OVERDUE], WL_SEV_WARNING);
	assert_int_equal(d.nr, 0);
	wl_config_release(&cfg);
}

static void test_rules__hooks_rules_override_the_rules_for_the_hooks(void **state)
{
	struct wl_config cfg;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(fixture_config(&cfg, &d,
					"hooks: {rules: {overdue: error, truthy: off}}\n"),
			 0);
	assert_int_equal(cfg.hooks.rules.severity[WL_RULE_OVERDUE],
			 WL_SEV_ERROR);
	assert_int_equal(cfg.hooks.rules.severity[WL_RULE_TRUTHY], 0);
	assert_int_equal(cfg.rules.severity[WL_RULE_TRUTHY], WL_SEV_WARNING);
	wl_config_release(&cfg);
	assert_int_equal(fixture_config(&cfg, &d,
					"hooks:\n  rules:\n    cadence: error\n    schema: off\n    truthyy: off\n    truthy: {severity: off}\n"),
			 -1);
	assert_int_equal(d.nr, 4);
	assert_diag(&d, 0, ".worklog.yaml", 3, 5, "config",
		    "hooks: rule 'cadence' cannot run in the hooks: it needs the history of many commits");
	assert_diag(&d, 1, ".worklog.yaml", 4, 13, "config",
		    "rule 'schema' is always an error: a record that breaks it cannot be read");
	assert_diag(&d, 2, ".worklog.yaml", 5, 5, "config",
		    "unknown rule 'truthyy'; did you mean 'truthy'?");
	assert_diag(&d, 3, ".worklog.yaml", 6, 13, "config",
		    "rule 'truthy': severity must be off, warning or error");
	wl_diags_release(&d);
	wl_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules__the_table_has_every_rule_of_the_design),
		cmocka_unit_test(test_rules__defaults_without_a_rules_section),
		cmocka_unit_test(test_rules__every_option_of_the_design_compiles),
		cmocka_unit_test(test_rules__bad_options_are_errors_at_their_place),
		cmocka_unit_test(test_rules__one_bad_option_leaves_the_others_read),
		cmocka_unit_test(test_rules__the_types_rules_name_must_exist),
		cmocka_unit_test(test_rules__the_filename_rule_obeys_its_severity),
		cmocka_unit_test(test_rules__the_hooks_judge_what_one_commit_decides),
		cmocka_unit_test(test_rules__hooks_rules_override_the_rules_for_the_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
