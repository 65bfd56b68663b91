#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "builtin.h"
#include "date.h"
#include "node.h"
#include "schema.h"
#include "template.h"
#include "unit.h"

/* The built-in types and a team type, and a configuration. */
struct fixture {
	struct wl_schema_set *set;
	struct wl_config cfg;
	struct wl_value_ctx ctx;
	struct wl_arena arena;
};

static const char team_type[] =
	"x-type: change\n"
	"x-id: id\n"
	"x-id-pattern: 'CHG-{year}-{owner}-{random}'\n"
	"x-filename: '{owner}/{id}.md'\n"
	"required: [type, id, owner, window, done, size]\n"
	"properties:\n"
	"  type: {const: change}\n"
	"  id: {type: string}\n"
	"  owner: {type: string, x-person: true}\n"
	"  window: {type: string, format: date}\n"
	"  done: {type: boolean, default: false}\n"
	"  size: {type: integer}\n"
	"  ratio: {type: number}\n"
	"  who: {type: array, items: {type: string, x-person: true}}\n"
	"  stage: {enum: [todo, open, doing, done]}\n"
	"x-template: \"## What\\n\\n## Rollback\\n\"\n";

static void setup(struct fixture *f, const char *config)
{
	const struct wl_builtin *b;
	struct wl_diags d = WL_DIAGS_INIT;

	memset(f, 0, sizeof(*f));
	f->set = wl_schema_set_new();
	for (b = wl_builtin_schemas; b->path; b++)
		assert_int_equal(wl_schema_set_add(f->set, b->path, b->data,
						   b->len, 1, &d), 0);
	assert_int_equal(wl_schema_set_add(f->set, "change.yaml", team_type,
					   strlen(team_type), 0, &d), 0);
	assert_int_equal(wl_schema_set_finish(f->set, &d), 0);
	assert_int_equal(fixture_config(&f->cfg, &d, config), 0);
	assert_int_equal(d.nr, 0);
	f->ctx.cfg = &f->cfg;
	f->ctx.today = wl_days_from_civil(2026, 11, 26);
	f->ctx.owner = "zhangsan";
}

static void teardown(struct fixture *f)
{
	wl_config_release(&f->cfg);
	wl_schema_set_free(f->set);
	wl_arena_release(&f->arena);
}

static const char roster[] =
	"version: 1\n"
	"timezone: Asia/Shanghai\n"
	"people:\n"
	"  - {id: zhangsan, name: 张三, email: [zhangsan@example.com]}\n"
	"  - {id: lisi, name: Li Si, email: [Lisi@Example.com]}\n";

/* `text` for field `field` of `type` gives a value whose JSON is
 * `json`, or (json NULL) the reason `why`. */
static void expect_text(struct fixture *f, const char *type,
			 const char *field, const char *text, const char *json,
			 const char *why)
{
	struct wl_field fl;
	struct wl_node *v = NULL;
	struct wl_buf b = WL_BUF_INIT;
	char *msg = NULL;
	int r;

	assert_int_equal(wl_type_field(&fl, wl_schema_set_type(f->set, type),
				       field), 0);
	r = wl_value_from_text(&v, &f->arena, &fl, &f->ctx, text, &msg);
	if (!json) {
		if (r >= 0)
			fail_msg("'%s' for %s was taken", text, field);
		assert_string_equal(msg, why);
		free(msg);
		return;
	}
	if (r != 1)
		fail_msg("'%s' for %s: %s", text, field, msg ? msg : "empty");
	wl_node_to_json(&b, v);
	assert_string_equal(b.buf, json);
	wl_buf_release(&b);
}

static void test_template__values_are_read_as_their_field_wants(void **state)
{
	static const struct wl_value_map maps[] = {
		{ "status", "搁置", "blocked" },
		{ "owner", "ZS", "zhangsan" },
	};
	struct fixture f;

	(void)state;
	setup(&f, roster);
	f.ctx.maps = maps;
	f.ctx.nr_maps = 2;
	/* enums: themselves, any case, common words, --map-value */
	expect_text(&f, "task", "status", "doing", "\"doing\"", NULL);
	expect_text(&f, "task", "status", " Done ", "\"done\"", NULL);
	expect_text(&f, "task", "status", "进行中", "\"doing\"", NULL);
	expect_text(&f, "task", "status", "To Do", "\"todo\"", NULL);
	expect_text(&f, "task", "status", "In Progress", "\"doing\"", NULL);
	expect_text(&f, "task", "status", "已取消", "\"cancelled\"", NULL);
	expect_text(&f, "task", "status", "搁置", "\"blocked\"", NULL);
	expect_text(&f, "problem", "status", "待处理", "\"open\"", NULL);
	expect_text(&f, "problem", "status", "已完成", "\"resolved\"", NULL);
	expect_text(&f, "project", "status", "进行中", "\"active\"", NULL);
	expect_text(&f, "change", "stage", "待处理", "\"todo\"", NULL);
	expect_text(&f, "task", "priority", "P0", "\"urgent\"", NULL);
	expect_text(&f, "problem", "severity", "紧急", "\"critical\"", NULL);
	expect_text(&f, "task", "status", "later", NULL,
		     "'later' is not one of todo, doing, blocked, done or cancelled");
	/* people: id, email in any case, "Name <email>", name, @id */
	expect_text(&f, "task", "owner", "lisi", "\"lisi\"", NULL);
	expect_text(&f, "task", "owner", "LISI@example.COM", "\"lisi\"", NULL);
	expect_text(&f, "task", "owner", "Li Si <lisi@example.com>", "\"lisi\"",
		     NULL);
	expect_text(&f, "task", "owner", "张三", "\"zhangsan\"", NULL);
	expect_text(&f, "task", "owner", "@zhangsan", "\"zhangsan\"", NULL);
	expect_text(&f, "task", "owner", "ZS", "\"zhangsan\"", NULL);
	expect_text(&f, "task", "owner", "王五", NULL,
		     "'王五' is not in the roster (not an id, an email or a name of people:)");
	/* dates as spreadsheets write them; moments in the zone */
	expect_text(&f, "task", "due", "2026-11-30", "\"2026-11-30\"", NULL);
	expect_text(&f, "task", "due", "2026/1/5", "\"2026-01-05\"", NULL);
	expect_text(&f, "task", "due", "2026.12.01 0:00", "\"2026-12-01\"", NULL);
	expect_text(&f, "task", "due", "2026年11月30日", "\"2026-11-30\"", NULL);
	expect_text(&f, "task", "due", "2026年1月2", "\"2026-01-02\"", NULL);
	expect_text(&f, "task", "due", "2026-11-30T16:30:00.000Z",
		     "\"2026-12-01\"", NULL);
	expect_text(&f, "task", "due", "11/30/2026", NULL,
		     "'11/30/2026' is not a date (write 2026-11-30)");
	expect_text(&f, "task", "due", "2026-02-30", NULL,
		     "'2026-02-30' is not a date (write 2026-11-30)");
	expect_text(&f, "task", "due", "2026-11-30x", NULL,
		     "'2026-11-30x' is not a date (write 2026-11-30)");
	/* numbers and true or false */
	expect_text(&f, "change", "size", "1,200", "1200", NULL);
	expect_text(&f, "change", "size", "1.5", NULL, "'1.5' is not a whole number");
	expect_text(&f, "change", "ratio", "1.5", "1.5", NULL);
	expect_text(&f, "change", "ratio", "95%", NULL, "'95%' is not a number");
	expect_text(&f, "change", "done", "是", "true", NULL);
	expect_text(&f, "change", "done", "No", "false", NULL);
	expect_text(&f, "change", "done", "maybe", NULL,
		     "'maybe' is not true or false");
	/* lists: lines, else commas and their kin; items as the items want */
	expect_text(&f, "task", "tags", "web, perf；ops、db", "[\"web\",\"perf\",\"ops\",\"db\"]",
		     NULL);
	expect_text(&f, "task", "tags", "[a, b]", "[\"a\",\"b\"]", NULL);
	expect_text(&f, "analysis", "sources", "- 订单表, 2026\n* 流量表\n",
		     "[\"订单表, 2026\",\"流量表\"]", NULL);
	expect_text(&f, "change", "who", "张三、lisi", "[\"zhangsan\",\"lisi\"]",
		     NULL);
	expect_text(&f, "change", "who", "张三, nobody", NULL,
		     "'nobody' is not in the roster (not an id, an email or a name of people:)");
	teardown(&f);
}

static void test_template__empty_text_is_no_value(void **state)
{
	struct fixture f;
	struct wl_field fl;
	struct wl_node *v;
	char *why;

	(void)state;
	setup(&f, roster);
	assert_int_equal(wl_type_field(&fl, wl_schema_set_type(f.set, "task"),
				       "tags"), 0);
	assert_int_equal(wl_value_from_text(&v, &f.arena, &fl, &f.ctx, " \t",
					    &why), 0);
	assert_int_equal(wl_value_from_text(&v, &f.arena, &fl, &f.ctx, ", ,",
					    &why), 0);
	assert_int_equal(wl_value_from_text(&v, &f.arena, &fl, &f.ctx,
					    "\xe3\x80\x80", &why), 0);
	teardown(&f);
}

/* Each string reads back as itself, a string, and plain when listed. */
static void test_template__yaml_strings_read_back_as_written(void **state)
{
	static const struct {
		const char *s;
		int plain;
	} cases[] = {
		{ "zhangsan", 1 }, { "张三", 1 }, { "T-2026-0142", 1 },
		{ "2026-11-30", 1 }, { "2026-W48", 1 }, { "2026-Q4", 1 },
		{ "2026-11", 1 }, { "a'b", 1 }, { "x#y", 1 },
		{ "", 0 }, { "2026", 0 }, { "007", 0 }, { "1.5", 0 },
		{ "1e3", 0 }, { ".5", 0 }, { "+1", 0 }, { "-1", 0 },
		{ "2h", 0 }, { "true", 0 }, { "No", 0 }, { "on", 0 },
		{ "null", 0 }, { "~", 0 }, { ".inf", 0 }, { "- a", 0 },
		{ "a: b", 0 }, { "a #b", 0 }, { "a,b", 0 }, { "[x]", 0 },
		{ "{x}", 0 }, { "*x", 0 }, { "&x", 0 }, { "!x", 0 },
		{ "|x", 0 }, { ">x", 0 }, { "'x'", 0 }, { "\"x\"", 0 },
		{ "%x", 0 }, { "@x", 0 }, { "`x", 0 }, { " x", 0 },
		{ "x ", 0 }, { "x:", 0 }, { "a\nb", 0 }, { "a\tb", 0 },
		{ "back\\slash \"q\"", 1 }, { "\x01", 0 }, { "a\xc2\x85" "b", 0 },
		{ "a\xe2\x80\xa8" "b", 0 }, { "\xef\xbb\xbf" "x", 0 },
		{ "618 活动", 0 }, { "?x", 0 }, { "a\xef\xbf\xbf" "b", 0 },
		{ "\xc2\x80", 0 }, { "\r\r#\xef\xbf\xbf" "c", 0 },
		{ "\xf0\x9f\x98\x80", 1 }, { "a\x7f", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct wl_buf b = WL_BUF_INIT;
		struct wl_diags d = WL_DIAGS_INIT;
		struct wl_doc doc = WL_DOC_INIT;
		const struct wl_node *v;

		wl_buf_addstr(&b, "k: ");
		wl_yaml_add_string(&b, cases[i].s, strlen(cases[i].s));
		wl_buf_addch(&b, '\n');
		if ((b.buf[3] != '"') != cases[i].plain)
			fail_msg("%zu: '%s' written as %s", i, cases[i].s, b.buf);
		wl_yaml_parse(&doc, b.buf, b.len, 0, NULL, "t", &d);
		assert_int_equal(d.nr, 0);
		v = wl_node_get(doc.root, "k");
		assert_non_null(v);
		if (v->kind != WL_NODE_STRING || strcmp(v->str, cases[i].s))
			fail_msg("%zu: '%s' read back as something else from %s",
				 i, cases[i].s, b.buf);
		wl_doc_release(&doc);
		wl_buf_release(&b);
	}
}

static void test_template__languages_and_headings(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	enum wl_lang lang;

	(void)state;
	assert_int_equal(wl_lang_parse(&lang, "zh"), 0);
	assert_int_equal(lang, WL_LANG_ZH);
	assert_int_equal(wl_lang_parse(&lang, "ZH"), -1);
	assert_int_equal(wl_lang_from_locale("zh_CN.UTF-8"), WL_LANG_ZH);
	assert_int_equal(wl_lang_from_locale("zh"), WL_LANG_ZH);
	assert_int_equal(wl_lang_from_locale("zh_TW"), WL_LANG_ZH);
	assert_int_equal(wl_lang_from_locale("zhx"), WL_LANG_EN);
	assert_int_equal(wl_lang_from_locale("C.UTF-8"), WL_LANG_EN);
	assert_int_equal(wl_lang_from_locale(NULL), WL_LANG_EN);
	setup(&f, "version: 1\nreports: {lang: zh}\n");
	assert_int_equal(wl_lang_of_config(&f.cfg), WL_LANG_ZH);
	t = wl_schema_set_type(f.set, "task");
	assert_string_equal(wl_section_heading(&t->sections[0], WL_LANG_ZH),
			    "背景");
	assert_string_equal(wl_section_heading(&t->sections[0], WL_LANG_EN),
			    "Background");
	t = wl_schema_set_type(f.set, "change");
	assert_null(t->sections);
	teardown(&f);
}

static void test_template__folder_names_are_plurals(void **state)
{
	static const char *const cases[][2] = {
		{ "task", "tasks" }, { "analysis", "analyses" },
		{ "summary", "summaries" }, { "day", "days" },
		{ "kpi", "kpis" }, { "box", "boxes" }, { "batch", "batches" },
		{ "class", "classes" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *p = wl_type_folder_name(cases[i][0]);

		assert_string_equal(p, cases[i][1]);
		free(p);
	}
}

/* Two generators of one seed. */
static void seeded_pair(struct wl_rng *a, struct wl_rng *b)
{
	setenv("WORKLOG_TEST_RANDOM", "42", 1);
	wl_rng_init(a);
	wl_rng_init(b);
}

static void test_template__random_parts_repeat_with_a_seed(void **state)
{
	struct wl_rng a, b;
	char x[WL_RNG_MAX_DIGITS + 1], y[WL_RNG_MAX_DIGITS + 1];

	(void)state;
	seeded_pair(&a, &b);
	wl_rng_hex(&a, x);
	wl_rng_hex(&b, y);
	assert_string_equal(x, y);
	wl_rng_hex(&a, x);
	assert_string_not_equal(x, y);
	assert_int_equal(strspn(x, "0123456789abcdef"), 4);
	unsetenv("WORKLOG_TEST_RANDOM");
	wl_rng_init(&a);
	assert_false(a.seeded);
	wl_rng_hex(&a, x);
	assert_int_equal(strspn(x, "0123456789abcdef"), 4);
	assert_int_equal(strlen(x), 4);
}

static void test_template__random_parts_grow_with_the_run(void **state)
{
	struct wl_rng a, b;
	char x[WL_RNG_MAX_DIGITS + 1], y[WL_RNG_MAX_DIGITS + 1];

	(void)state;
	seeded_pair(&a, &b);
	wl_rng_size(&a, 1);
	assert_int_equal(a.digits, 4);
	wl_rng_size(&a, 4096);
	assert_int_equal(a.digits, 4);
	wl_rng_size(&a, 4097);
	assert_int_equal(a.digits, 5);
	wl_rng_size(&a, 99999);
	assert_int_equal(a.digits, 6);
	wl_rng_size(&a, (size_t)-1);
	assert_int_equal(a.digits, WL_RNG_MAX_DIGITS);
	/* A longer part ends with the digits a short one would have. */
	wl_rng_size(&a, 99999);
	wl_rng_hex(&a, x);
	wl_rng_hex(&b, y);
	assert_int_equal(strlen(x), 6);
	assert_int_equal(strspn(x, "0123456789abcdef"), 6);
	assert_string_equal(x + 2, y);
	a.digits = WL_RNG_MAX_DIGITS;
	wl_rng_hex(&a, x);
	assert_int_equal(strlen(x), 16);
	unsetenv("WORKLOG_TEST_RANDOM");
}

/* A draft of `type` filled, placed and rendered; its text or its why. */
static void expect_draft(struct fixture *f, const char *type,
			 const char *const *sets, const char *path,
			 const char *text, const char *why)
{
	struct wl_draft d;
	struct wl_rng rng = { 7, 1 };
	const char **missing = NULL;
	size_t nr = 0;
	char *msg = NULL;

	wl_draft_init(&d, wl_schema_set_type(f->set, type), WL_LANG_ZH);
	for (; sets && *sets; sets += 2)
		assert_int_equal(wl_draft_set_text(&d, &f->ctx, sets[0], sets[1],
						   &msg), 1);
	assert_int_equal(wl_draft_fill(&d, &f->ctx, &rng, &missing, &nr, &msg),
			 0);
	assert_int_equal(nr, 0);
	if (wl_draft_place(&d, &f->cfg, &f->ctx, &rng, &msg) < 0) {
		if (!why)
			fail_msg("%s", msg);
		assert_string_equal(msg, why);
		free(msg);
		free(missing);
		wl_draft_release(&d);
		return;
	}
	assert_null(why);
	assert_string_equal(d.path, path);
	wl_draft_render(&d);
	if (text)
		assert_string_equal(d.text, text);
	free(missing);
	wl_draft_release(&d);
}

static void test_template__a_team_type_is_its_own_template(void **state)
{
	static const char *const sets[] = { "size", "3", "who", "lisi", NULL };
	static const char *const bad[] = { "size", "3", "owner", "a/b", NULL };
	struct fixture f;

	(void)state;
	setup(&f, "version: 1\n");
	expect_draft(&f, "change", sets, "records/changes/zhangsan/CHG-2026-zhangsan-0dd7.md",
		     "---\n"
		     "type: change\n"
		     "id: CHG-2026-zhangsan-0dd7\n"
		     "owner: zhangsan\n"
		     "window: 2026-11-26\n"
		     "done: false\n"
		     "size: 3\n"
		     "who: [lisi]\n"
		     "---\n"
		     "## What\n"
		     "\n"
		     "## Rollback\n",
		     NULL);
	expect_draft(&f, "change", bad, NULL, NULL,
		     "the value 'a/b' of {owner} cannot be part of a file name");
	teardown(&f);
}

static void test_template__body_text_goes_under_its_heading(void **state)
{
	struct fixture f;
	struct wl_draft d;
	struct wl_rng rng = { 7, 1 };
	const char **missing = NULL;
	size_t nr = 0;
	char *why = NULL;

	(void)state;
	setup(&f, roster);
	wl_draft_init(&d, wl_schema_set_type(f.set, "problem"), WL_LANG_EN);
	assert_int_equal(wl_draft_set_text(&d, &f.ctx, "title", "Disk full",
					   &why), 1);
	assert_int_equal(wl_draft_set_text(&d, &f.ctx, "status", "已解决",
					   &why), 1);
	wl_draft_add_text(&d, NULL, NULL, "The disk filled up.\n", 20);
	wl_draft_add_text(&d, "原因", NULL, "Logs were not rotated.", 22);
	wl_draft_add_text(&d, NULL, "Timeline", "- 10:00 alert", 13);
	wl_draft_add_text(&d, NULL, NULL, "Twice.", 6);
	assert_int_equal(wl_draft_fill(&d, &f.ctx, &rng, &missing, &nr, &why),
			 0);
	assert_int_equal(wl_draft_place(&d, &f.cfg, &f.ctx, &rng, &why), 0);
	wl_draft_render(&d);
	/* The solution and effect headings are required once resolved. */
	assert_string_equal(d.text,
			    "---\n"
			    "type: problem\n"
			    "id: PRB-20261126-0dd7\n"
			    "title: Disk full\n"
			    "reported: 2026-11-26\n"
			    "owner: zhangsan\n"
			    "severity: medium\n"
			    "status: resolved\n"
			    "---\n"
			    "## Description\n"
			    "\n"
			    "The disk filled up.\n"
			    "\n"
			    "Twice.\n"
			    "\n"
			    "## Cause\n"
			    "\n"
			    "Logs were not rotated.\n"
			    "\n"
			    "## Solution\n"
			    "\n"
			    "## Effect\n"
			    "\n"
			    "## Timeline\n"
			    "\n"
			    "- 10:00 alert\n");
	free(missing);
	wl_draft_release(&d);
	teardown(&f);
}

static void test_template__folders_follow_the_configuration(void **state)
{
	static const char *const title[] = { "title", "x", NULL };
	struct fixture f;

	(void)state;
	setup(&f, "version: 1\n"
		  "records: [\"notes/*.md\", \"work/**/*.md\"]\n"
		  "types: {\"work/todo/**\": task, \"work/log?/**\": log}\n");
	expect_draft(&f, "task", title, "work/todo/T-20261126-0dd7.md", NULL,
		     NULL);
	expect_draft(&f, "problem", title, "notes/PRB-20261126-0dd7.md", NULL,
		     NULL);
	teardown(&f);
	setup(&f, "version: 1\nrecords: [\"a/*.txt\"]\n");
	expect_draft(&f, "problem", title, NULL, NULL,
		     "no folder takes a new problem record named 'PRB-20261126-0dd7.md': the 'records' globs of .worklog.yaml match none (add a types: glob for problem)");
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template__values_are_read_as_their_field_wants),
		cmocka_unit_test(test_template__empty_text_is_no_value),
		cmocka_unit_test(test_template__yaml_strings_read_back_as_written),
		cmocka_unit_test(test_template__languages_and_headings),
		cmocka_unit_test(test_template__folder_names_are_plurals),
		cmocka_unit_test(test_template__random_parts_repeat_with_a_seed),
		cmocka_unit_test(test_template__random_parts_grow_with_the_run),
		cmocka_unit_test(test_template__a_team_type_is_its_own_template),
		cmocka_unit_test(test_template__body_text_goes_under_its_heading),
		cmocka_unit_test(test_template__folders_follow_the_configuration),
	};

	setenv("TZDIR", "tests/unit/zoneinfo", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
