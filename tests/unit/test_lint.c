/*
 * The rule engine's parts on their own: the record checks of lint's
 * rules (exact positions and messages), suppressions, and the fixes
 * (applied, shown as a patch, written).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "body.h"
#include "config.h"
#include "date.h"
#include "lint.h"
#include "record.h"
#include "rules.h"
#include "schema.h"
#include "unit.h"

static const char schema[] =
	"x-type: issue\n"
	"type: object\n"
	"properties: {status: {enum: [open, blocked, done]}}\n"
	"x-lifecycle: {field: status, due: due, open: [open], blocked: [blocked], done: [done]}\n"
	"x-date-order: [[reported, resolved]]\n"
	"x-sections:\n"
	"  - {name: Description, aliases: [问题描述], required: true, nonempty: true}\n"
	"  - {name: Solution, aliases: [解决方案], required: true, when: {status: [done]}}\n";

/* A record judged by its record checks, with what they read. */
struct judged {
	struct wl_schema_set *set;
	struct wl_config cfg;
	struct wl_record rec;
	struct wl_body body;
	struct wl_fixes fixes;
	struct wl_diags d;
};

/*
 * Judges `text` (a record of type issue at records/x.md) by the rule
 * `only` alone, at its default severity, on 2026-11-26, with the
 * roster zhangsan (张三) and lisi, proposing fixes.
 */
static void judge(struct judged *j, const char *text, enum wl_rule_id only)
{
	static const char config[] =
		"people: [{id: zhangsan, name: 张三}, {id: lisi}]\n";
	struct wl_rule_record in;
	struct wl_rules rules;
	size_t i;

	memset(j, 0, sizeof(*j));
	j->set = wl_schema_set_new();
	assert_int_equal(wl_schema_set_add(j->set, "issue.yaml", schema,
						   strlen(schema), 0, &j->d), 0);
	assert_int_equal(wl_schema_set_finish(j->set, &j->d), 0);
	assert_int_equal(fixture_config(&j->cfg, &j->d, config), 0);
	wl_record_parse(&j->rec, "records/x.md", wl_xstrdup(text),
			strlen(text), NULL, &j->d);
	if (j->rec.fm.close_line)
		wl_body_parse(&j->body, j->rec.buf + j->rec.fm.body,
			      j->rec.len - j->rec.fm.body, j->rec.fm.body_line - 1);
	rules = j->cfg.rules;
	for (i = 0; i < WL_RULE_NR; i++)
		if (i != only)
			rules.severity[i] = 0;
	memset(&in, 0, sizeof(in));
	in.rules = &rules;
	in.cfg = &j->cfg;
	in.path = j->rec.path;
	in.record = &j->rec;
	in.type = j->rec.doc.root ? wl_schema_set_type(j->set, "issue") : NULL;
	in.body = &j->body;
	assert_int_equal(wl_day_parse(&in.today, "2026-11-26", 10), 0);
	in.fixes = &j->fixes;
	assert_int_equal(wl_rules_run_record(&j->d, &in), 0);
}

static void judged_release(struct judged *j)
{
	wl_diags_release(&j->d);
	wl_fixes_release(&j->fixes);
	wl_body_release(&j->body);
	wl_record_release(&j->rec);
	wl_config_release(&j->cfg);
	wl_schema_set_free(j->set);
}

/* Diagnostic `i` of `d` is a warning of records/x.md with this position,
 * rule and text. */
static void assert_warning(const struct wl_diags *d, size_t i, int line,
			   int col, const char *rule, const char *message)
{
	assert_finding(d, i, WL_SEV_WARNING, "records/x.md", line, col, rule,
		       message);
}

/* Applies the judged record's fixes; returns the new text (free it). */
static char *fixed(struct judged *j)
{
	char *out;
	size_t len;

	wl_fix_apply(&out, &len, j->rec.buf, j->rec.len, &j->fixes);
	return out;
}

/* ---- encoding ------------------------------------------------------- */

static void test_lint__encoding_finds_the_line_that_breaks_the_first_style(void **state)
{
	struct judged j;
	char *out;

	(void)state;
	judge(&j, "---\r\ntype: issue\r\n---\n## 问题描述\r\n文本\r\n",
	      WL_RULE_ENCODING);
	assert_int_equal(j.d.nr, 1);
	assert_warning(&j.d, 0, 3, 4, "encoding",
		       "mixed line ends: this line ends in LF, the first in CRLF; records use LF (\\n)");
	out = fixed(&j);
	assert_string_equal(out, "---\ntype: issue\n---\n## 问题描述\n文本\n");
	free(out);
	judged_release(&j);
}

static void test_lint__encoding_counts_lone_carriage_returns_of_the_body(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\n---\n甲\r乙\r丙\n", WL_RULE_ENCODING);
	assert_int_equal(j.d.nr, 1);
	assert_warning(&j.d, 0, 4, 2, "encoding",
		       "a carriage return (\\r) not followed by a line feed, and 1 more");
	assert_int_equal(j.fixes.nr, 0);
	judged_release(&j);
}

static void test_lint__encoding_is_judged_without_front_matter(void **state)
{
	struct judged j;
	char *out;

	(void)state;
	judge(&j, "\xEF\xBB\xBFno front matter\n", WL_RULE_ENCODING);
	assert_int_equal(j.d.nr, 2);      /* syntax, then encoding */
	assert_string_equal(j.d.v[0].rule, "syntax");
	assert_warning(&j.d, 1, 1, 1, "encoding",
		       "the file starts with a byte-order mark; records are UTF-8 without one");
	out = fixed(&j);
	assert_string_equal(out, "no front matter\n");
	free(out);
	judged_release(&j);
}

/* ---- truthy --------------------------------------------------------- */

static void test_lint__truthy_reports_an_aliased_node_once_and_quotes_it(void **state)
{
	struct judged j;
	char *out;

	(void)state;
	judge(&j, "---\ntype: issue\na: &x Off\nb: *x\nc: [ yes ]\n---\n",
	      WL_RULE_TRUTHY);
	assert_int_equal(j.d.nr, 2);
	/* An anchored node is where its anchor is, as for every rule. */
	assert_warning(&j.d, 0, 3, 4, "truthy",
		       "a: Off is false to YAML 1.1 readers; write \"Off\" for the text or false for the boolean");
	assert_warning(&j.d, 1, 5, 6, "truthy",
		       "c[0]: yes is true to YAML 1.1 readers; write \"yes\" for the text or true for the boolean");
	out = fixed(&j);
	assert_string_equal(out, "---\ntype: issue\na: &x \"Off\"\nb: *x\nc: [ \"yes\" ]\n---\n");
	free(out);
	judged_release(&j);
}

static void test_lint__truthy_leaves_quoted_words_and_other_cases_alone(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\na: 'yes'\nb: \"no\"\nc: yEs\nd: true\ne: nO\nf: yess\n---\n",
	      WL_RULE_TRUTHY);
	assert_int_equal(j.d.nr, 0);
	judged_release(&j);
}

/* ---- dates ---------------------------------------------------------- */

static void test_lint__date_order_compares_dates_with_a_time_by_their_date(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\nreported: 2026-11-02T23:00:00+08:00\nresolved: 2026-11-02\n---\n",
	      WL_RULE_DATE_ORDER);
	assert_int_equal(j.d.nr, 0);
	judged_release(&j);
	judge(&j, "---\ntype: issue\nreported: 2026-11-03T09:00:00Z\nresolved: 2026-11-02\n---\n",
	      WL_RULE_DATE_ORDER);
	assert_int_equal(j.d.nr, 1);
	assert_diag(&j.d, 0, "records/x.md", 4, 11, "date-order",
		    "resolved: 2026-11-02 is before reported (2026-11-03T09:00:00Z)");
	judged_release(&j);
}

static void test_lint__overdue_is_for_open_and_blocked_records_before_today(void **state)
{
	static const char *const cases[][2] = {
		{ "open", "2026-11-25" },       /* overdue */
		{ "blocked", "2026-11-01" },    /* overdue */
		{ "open", "2026-11-26" },       /* due today: not yet */
		{ "done", "2026-11-01" },       /* done */
		{ "open", "2026-11" },          /* not a date: the schema's */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct judged j;
		char *text = wl_xprintf("---\ntype: issue\nstatus: %s\ndue: %s\n---\n",
						cases[i][0], cases[i][1]);

		judge(&j, text, WL_RULE_OVERDUE);
		assert_int_equal(j.d.nr, i < 2);
		if (i == 0)
			assert_warning(&j.d, 0, 4, 6, "overdue",
				       "due: 2026-11-25 has passed and status is still \"open\"");
		judged_release(&j);
		free(text);
	}
}

static void test_lint__an_overdue_item_is_named_by_its_text_alone(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\n---\n- [ ] @lisi 写一份很长很长的复盘报告，包括时间线、根因、改进项和每一项的负责人以及截止日期和验收标准 due:2026-11-20\n",
	      WL_RULE_OVERDUE);
	assert_int_equal(j.d.nr, 1);
	assert_warning(&j.d, 0, 4, 58, "overdue",
		       "task \"写一份很长很长的复盘报告，包括时间线、根因、改进项和每一项的负责人以及截止日期和...\" is not checked and was due 2026-11-20");
	judged_release(&j);
}

/* ---- sections and people -------------------------------------------- */

static void test_lint__a_missing_section_is_appended_after_a_blank_line(void **state)
{
	struct judged j;
	char *out;

	(void)state;
	judge(&j, "---\ntype: issue\nstatus: done\n---\n### 问题描述：\n文本\n",
	      WL_RULE_MISSING_SECTION);
	assert_int_equal(j.d.nr, 1);
	assert_diag(&j.d, 0, "records/x.md", 4, 1, "missing-section",
		    "missing section \"Solution\" (or 解决方案); required when status is done");
	out = fixed(&j);
	assert_string_equal(out, "---\ntype: issue\nstatus: done\n---\n### 问题描述：\n文本\n\n### Solution\n");
	free(out);
	judged_release(&j);
}

static void test_lint__an_empty_section_is_one_without_text(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\n---\n## 问题描述\n- [ ]\n<!-- 待写 -->\n",
	      WL_RULE_EMPTY_SECTION);
	assert_int_equal(j.d.nr, 1);
	assert_warning(&j.d, 0, 4, 1, "empty-section",
		       "section \"问题描述\" is empty");
	judged_release(&j);
}

static void test_lint__task_owners_get_a_hint_by_id_or_by_name(void **state)
{
	struct judged j;

	(void)state;
	judge(&j, "---\ntype: issue\n---\n- [ ] a @张三 @lisii @zhangsan @bob\n",
	      WL_RULE_UNKNOWN_PERSON);
	assert_int_equal(j.d.nr, 3);
	assert_diag(&j.d, 0, "records/x.md", 4, 9, "unknown-person",
		    "task owner @张三 is not in the roster; did you mean @zhangsan?");
	assert_diag(&j.d, 1, "records/x.md", 4, 13, "unknown-person",
		    "task owner @lisii is not in the roster; did you mean @lisi?");
	assert_diag(&j.d, 2, "records/x.md", 4, 30, "unknown-person",
		    "task owner @bob is not in the roster");
	judged_release(&j);
}

/* ---- suppressions --------------------------------------------------- */

/* Reads the suppressions of `text`, without a type. */
static void read_sups(struct wl_sups *s, struct wl_record *r,
		      struct wl_body *b, const char *text)
{
	struct wl_diags d = WL_DIAGS_INIT;

	memset(s, 0, sizeof(*s));
	memset(r, 0, sizeof(*r));
	memset(b, 0, sizeof(*b));
	wl_record_parse(r, "x.md", wl_xstrdup(text), strlen(text), NULL, &d);
	wl_body_parse(b, r->buf + r->fm.body, r->len - r->fm.body,
		      r->fm.body_line - 1);
	assert_int_equal(wl_sups_read(s, r, b, &d), 0);
	assert_int_equal(d.nr, 0);
	wl_diags_release(&d);
}

static void test_lint__suppressions_know_their_lines_and_rule_positions(void **state)
{
	struct wl_sups s;
	struct wl_record r;
	struct wl_body b;

	(void)state;
	read_sups(&s, &r, &b,
		  "---\na: 1\n---\n"
		  "<!-- worklog-disable truthy,overdue -->\n"      /* line 4 */
		  "x\n"
		  "<!--\n  worklog-disable-next-line\n  trhuty -- 说明 -->\n"  /* 6-8 */
		  "y\n"
		  "<!-- worklog-enable overdue -->\n");            /* line 10 */
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.v[0].name, "truthy");
	assert_int_equal(s.v[0].kind, WL_SUP_RANGE);
	assert_int_equal(s.v[0].line, 4);
	assert_int_equal(s.v[0].column, 22);
	assert_int_equal(s.v[0].first, 4);
	assert_true(s.v[0].last > 1000);
	assert_string_equal(s.v[1].name, "overdue");
	assert_int_equal(s.v[1].column, 29);
	assert_int_equal(s.v[1].last, 9);
	assert_string_equal(s.v[2].name, "trhuty");
	assert_int_equal(s.v[2].rule, WL_SUP_UNKNOWN);
	assert_int_equal(s.v[2].kind, WL_SUP_NEXT_LINE);
	assert_int_equal(s.v[2].line, 8);
	assert_int_equal(s.v[2].column, 3);
	assert_int_equal(s.v[2].first, 9);
	assert_int_equal(wl_sups_match(&s, WL_RULE_OVERDUE, 9), 1);
	assert_int_equal(wl_sups_match(&s, WL_RULE_OVERDUE, 10), 0);
	assert_int_equal(wl_sups_match(&s, WL_RULE_TRUTHY, 3), 0);
	assert_int_equal(wl_sups_match(&s, WL_RULE_TRUTHY, 99), 1);
	wl_sups_release(&s);
	wl_body_release(&b);
	wl_record_release(&r);
}

static void test_lint__unsuppressible_findings_pass_every_suppression(void **state)
{
	struct wl_sups s;
	struct wl_record r;
	struct wl_body b;
	struct wl_diag syntax = { (char *)"x.md", 5, 1, WL_SEV_ERROR, "syntax",
				  (char *)"m" };
	struct wl_diag config = { (char *)"x.md", 5, 1, WL_SEV_ERROR, "config",
				  (char *)"m" };
	struct wl_diag truthy = { (char *)"x.md", 5, 1, WL_SEV_WARNING,
				  "truthy", (char *)"m" };

	(void)state;
	read_sups(&s, &r, &b, "---\na: 1\n---\n<!-- worklog-disable -->\n");
	assert_int_equal(wl_sups_filter(&s, &syntax), 0);
	assert_int_equal(wl_sups_filter(&s, &config), 0);
	assert_int_equal(wl_sups_filter(&s, &truthy), 1);
	wl_sups_release(&s);
	wl_body_release(&b);
	wl_record_release(&r);
}

/* ---- fixes ---------------------------------------------------------- */

static void test_lint__fixes_apply_in_order_and_skip_overlaps(void **state)
{
	struct wl_fixes f = WL_FIXES_INIT;
	char *out;
	size_t len;

	(void)state;
	wl_fixes_add(&f, WL_FIX_EDIT, WL_RULE_TRUTHY, 1, 1, 6, 0, "!");
	wl_fixes_add(&f, WL_FIX_EDIT, WL_RULE_TRUTHY, 1, 1, 0, 3, "ABC");
	wl_fixes_add(&f, WL_FIX_EDIT, WL_RULE_TRUTHY, 1, 1, 1, 1, "x");
	wl_fixes_add(&f, WL_FIX_EDIT, WL_RULE_TRUTHY, 1, 1, 6, 0, "?");
	assert_int_equal(wl_fix_apply(&out, &len, "abcdef", 6, &f), 3);
	assert_string_equal(out, "ABCdef!?");
	assert_int_equal(len, 8);
	assert_int_equal(f.v[2].applied, 0);
	free(out);
	wl_fixes_release(&f);
}

static void test_lint__a_patch_marks_a_missing_final_line_end(void **state)
{
	struct wl_buf b = WL_BUF_INIT;

	(void)state;
	wl_fix_diff(&b, "r/a b.md", "1\n2\n3\n4\n5\nend", 13,
		    "1\n2\n3\n4\n5\nend\n\n## X\n", 20);
	assert_string_equal(b.buf,
			    "--- a/r/a b.md\n+++ b/r/a b.md\n"
			    "@@ -3,4 +3,6 @@\n 3\n 4\n 5\n-end\n\\ No newline at end of file\n"
			    "+end\n+\n+## X\n");
	wl_buf_reset(&b);
	wl_fix_diff(&b, "a.md", "same\n", 5, "same\n", 5);
	assert_int_equal(b.len, 0);
	wl_buf_release(&b);
}

/* A folder for the write tests, removed by the caller. */
static char *temp_dir(void)
{
	char tmpl[] = "/tmp/wl-test-lint-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return wl_xstrdup(tmpl);
}

static void test_lint__a_fixed_file_is_replaced_keeping_its_mode(void **state)
{
	char *dir = temp_dir(), *err = NULL, *text;
	struct stat st;

	(void)state;
	fixture_sh(dir, "mkdir r && printf old >r/a.md && chmod 604 r/a.md");
	assert_int_equal(wl_fix_write(dir, "r/a.md", "new\n", 4, &err), 0);
	text = wl_xprintf("%s/r/a.md", dir);
	assert_int_equal(stat(text, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	free(text);
	fixture_sh(dir, "test \"$(cat r/a.md)\" = new && test \"$(ls -A r)\" = a.md");
	fixture_sh("/", "rm -rf '%s'", dir);
	free(dir);
}

static void test_lint__a_fix_follows_no_symbolic_link(void **state)
{
	char *dir = temp_dir(), *err = NULL;

	(void)state;
	fixture_sh(dir, "mkdir r out && printf secret >out/a.md && "
		   "ln -s ../out/a.md r/a.md && ln -s ../out r/sub");
	assert_int_equal(wl_fix_write(dir, "r/a.md", "x", 1, &err), -1);
	assert_string_equal(err, "cannot fix 'r/a.md': it is a symbolic link");
	free(err);
	err = NULL;
	assert_int_equal(wl_fix_write(dir, "r/sub/a.md", "x", 1, &err), -1);
	assert_string_equal(err, "cannot fix 'r/sub/a.md': a folder on its path is a symbolic link or no folder");
	free(err);
	err = NULL;
	assert_int_equal(wl_fix_write(dir, "../a.md", "x", 1, &err), -1);
	assert_string_equal(err, "cannot fix '../a.md': the path leaves the repository");
	free(err);
	fixture_sh(dir, "test \"$(cat out/a.md)\" = secret && test \"$(ls -A r)\" = \"$(printf 'a.md\\nsub')\"");
	fixture_sh("/", "rm -rf '%s'", dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint__encoding_finds_the_line_that_breaks_the_first_style),
		cmocka_unit_test(test_lint__encoding_counts_lone_carriage_returns_of_the_body),
		cmocka_unit_test(test_lint__encoding_is_judged_without_front_matter),
		cmocka_unit_test(test_lint__truthy_reports_an_aliased_node_once_and_quotes_it),
		cmocka_unit_test(test_lint__truthy_leaves_quoted_words_and_other_cases_alone),
		cmocka_unit_test(test_lint__date_order_compares_dates_with_a_time_by_their_date),
		cmocka_unit_test(test_lint__overdue_is_for_open_and_blocked_records_before_today),
		cmocka_unit_test(test_lint__an_overdue_item_is_named_by_its_text_alone),
		cmocka_unit_test(test_lint__a_missing_section_is_appended_after_a_blank_line),
		cmocka_unit_test(test_lint__an_empty_section_is_one_without_text),
		cmocka_unit_test(test_lint__task_owners_get_a_hint_by_id_or_by_name),
		cmocka_unit_test(test_lint__suppressions_know_their_lines_and_rule_positions),
		cmocka_unit_test(test_lint__unsuppressible_findings_pass_every_suppression),
		cmocka_unit_test(test_lint__fixes_apply_in_order_and_skip_overlaps),
		cmocka_unit_test(test_lint__a_patch_marks_a_missing_final_line_end),
		cmocka_unit_test(test_lint__a_fixed_file_is_replaced_keeping_its_mode),
		cmocka_unit_test(test_lint__a_fix_follows_no_symbolic_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
