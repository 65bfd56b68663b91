#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "body.h"
#include "record.h"
#include "util.h"

/* Parses `text` as a body starting on file line line0 + 1. */
static void parse(struct wl_body *b, const char *text, int line0)
{
	*b = (struct wl_body)WL_BODY_INIT;
	assert_int_equal(wl_body_parse(b, text, strlen(text), line0), 0);
}

static void assert_heading(const struct wl_body *b, size_t i, int level,
			   const char *text, int line, int column,
			   int end_line, size_t chars)
{
	const struct wl_body_heading *h;

	assert_true(i < b->headings_nr);
	h = &b->headings[i];
	assert_string_equal(h->text, text);
	assert_int_equal(h->level, level);
	assert_int_equal(h->line, line);
	assert_int_equal(h->column, column);
	assert_int_equal(h->end_line, end_line);
	assert_int_equal(h->chars, chars);
}

static void assert_item(const struct wl_body *b, size_t i, int done,
			const char *text, int line, int column, int depth)
{
	const struct wl_body_item *it;

	assert_true(i < b->items_nr);
	it = &b->items[i];
	assert_string_equal(it->text, text);
	assert_int_equal(it->done, done);
	assert_int_equal(it->line, line);
	assert_int_equal(it->column, column);
	assert_int_equal(it->depth, depth);
}

static void test_body__chinese_headings_and_their_sections(void **state)
{
	static const char text[] =
		"## 背景\n"
		"活动页面首屏 4.2 秒。\n"
		"\n"
		"## 进展\n"
		"### 本周\n"
		"压缩图片\n"
		"## 解决方案：\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 10);
	assert_int_equal(b.headings_nr, 4);
	/* 活动页面首屏4.2秒。: 11 code points without the spaces. */
	assert_heading(&b, 0, 2, "背景", 11, 1, 13, 11);
	assert_heading(&b, 1, 2, "进展", 14, 1, 16, 4);
	assert_heading(&b, 2, 3, "本周", 15, 1, 16, 4);
	assert_heading(&b, 3, 2, "解决方案：", 17, 1, 17, 0);
	assert_int_equal(b.headings[0].parent, -1);
	assert_int_equal(b.headings[2].parent, 1);
	/* Byte spans: the text under 背景 is lines 12-13. */
	assert_int_equal(b.headings[0].start, strlen("## 背景\n"));
	assert_int_equal(b.headings[0].end, strlen("## 背景\n活动页面首屏 4.2 秒。\n\n"));
	assert_int_equal(b.headings[3].start, strlen(text));
	assert_int_equal(b.headings[3].end, strlen(text));
	wl_body_release(&b);
}

static void test_body__atx_heading_rules(void **state)
{
	static const char text[] =
		"# One #\n"            /* closing sequence */
		"#Two\n"               /* no space: text */
		"####### Seven\n"      /* too many */
		"   ### Three ###   \n"
		"    # Indented\n"     /* code after the heading */
		"## Hash# kept\n"
		"#\n"                  /* empty */
		"## # \n"
		"\\# escaped\n"
		"> ## quoted\n"
		"##\tTab\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 0);
	assert_int_equal(b.headings_nr, 6);
	assert_heading(&b, 0, 1, "One", 1, 1, 6, 25);
	assert_heading(&b, 1, 3, "Three", 4, 4, 5, 9);
	assert_heading(&b, 2, 2, "Hash# kept", 6, 1, 6, 0);
	assert_heading(&b, 3, 1, "", 7, 1, 11, 18);
	assert_heading(&b, 4, 2, "", 8, 1, 10, 18);
	assert_heading(&b, 5, 2, "Tab", 11, 1, 11, 0);
	wl_body_release(&b);
}

static void test_body__task_items_with_owner_and_due(void **state)
{
	static const char text[] =
		"## 待办\n"
		"- [ ] 压缩首屏图片 @zhangsan due:2026-12-01\n"
		"- [x] 上线 CDN @李四，due:2026-11-20。\n"
		"* [X] star\n"
		"+ [ ] plus\n"
		"1. [ ] ordered\n"
		"- [] not a box\n"
		"- [ ]not a box either\n"
		"- plain item\n"
		"-[ ] no space after marker\n"
		"- [ ]\n"
		"mail a@example.com is no mention\n";
	struct wl_body b;
	const struct wl_body_item *it;

	(void)state;
	parse(&b, text, 5);
	assert_int_equal(b.items_nr, 6);
	assert_item(&b, 0, 0, "压缩首屏图片 @zhangsan due:2026-12-01", 7, 1, 0);
	it = &b.items[0];
	assert_int_equal(it->owners_nr, 1);
	assert_string_equal(it->owners[0].text, "zhangsan");
	assert_int_equal(it->owners[0].line, 7);
	assert_int_equal(it->owners[0].column, 14);
	assert_string_equal(it->due, "2026-12-01");
	assert_int_equal(it->due_ok, 1);
	assert_int_equal(it->due_line, 7);
	assert_int_equal(it->due_column, 24);
	assert_int_equal(it->section, 0);

	it = &b.items[1];
	assert_item(&b, 1, 1, "上线 CDN @李四，due:2026-11-20。", 8, 1, 0);
	assert_int_equal(it->owners_nr, 1);
	assert_string_equal(it->owners[0].text, "李四");
	assert_int_equal(it->owners[0].column, 14);
	assert_string_equal(it->due, "2026-11-20");
	assert_int_equal(it->due_column, 18);

	assert_item(&b, 2, 1, "star", 9, 1, 0);
	assert_item(&b, 3, 0, "plus", 10, 1, 0);
	assert_item(&b, 4, 0, "ordered", 11, 1, 0);
	assert_item(&b, 5, 0, "", 16, 1, 0);
	assert_null(b.items[2].due);
	assert_int_equal(b.items[2].owners_nr, 0);
	wl_body_release(&b);
}

static void test_body__bad_due_dates_are_kept_as_written(void **state)
{
	static const char text[] =
		"- [ ] a due:2026-02-30\n"
		"- [ ] b due:tomorrow due:2026-01-01\n"
		"- [ ] c due:\n"
		"- [ ] d overdue:2026-01-01 @x @y.\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 0);
	assert_int_equal(b.items_nr, 4);
	assert_string_equal(b.items[0].due, "2026-02-30");
	assert_int_equal(b.items[0].due_ok, 0);
	assert_string_equal(b.items[1].due, "tomorrow");
	assert_int_equal(b.items[1].due_ok, 0);
	assert_string_equal(b.items[2].due, "");
	assert_int_equal(b.items[2].due_ok, 0);
	assert_null(b.items[3].due);
	assert_int_equal(b.items[3].owners_nr, 2);
	assert_string_equal(b.items[3].owners[0].text, "x");
	assert_string_equal(b.items[3].owners[1].text, "y");
	wl_body_release(&b);
}

static void test_body__nested_items(void **state)
{
	static const char text[] =
		"- [ ] parent\n"
		"  - [x] child\n"
		"    - [ ] grandchild\n"
		"  - group\n"
		"    - [ ] under a plain item\n"
		"- [ ] sibling\n"
		"\n"
		"  - [ ] still in the list after a blank line\n"
		"\n"
		"text ends the list\n"
		"1. [ ] ordered\n"
		"   - [ ] nested under ordered\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 0);
	assert_int_equal(b.items_nr, 8);
	assert_item(&b, 0, 0, "parent", 1, 1, 0);
	assert_item(&b, 1, 1, "child", 2, 3, 1);
	assert_item(&b, 2, 0, "grandchild", 3, 5, 2);
	assert_item(&b, 3, 0, "under a plain item", 5, 5, 2);
	assert_item(&b, 4, 0, "sibling", 6, 1, 0);
	assert_item(&b, 5, 0, "still in the list after a blank line", 8, 3, 1);
	assert_item(&b, 6, 0, "ordered", 11, 1, 0);
	assert_item(&b, 7, 0, "nested under ordered", 12, 4, 1);
	assert_int_equal(b.items[0].parent, -1);
	assert_int_equal(b.items[1].parent, 0);
	assert_int_equal(b.items[2].parent, 1);
	assert_int_equal(b.items[3].parent, 0);
	assert_int_equal(b.items[5].parent, 4);
	assert_int_equal(b.items[7].parent, 6);
	assert_int_equal(b.items[0].section, -1);
	wl_body_release(&b);
}

static void test_body__code_blocks_hold_no_headings_or_items(void **state)
{
	static const char text[] =
		"```sh\n"
		"# not a heading\n"
		"- [ ] not an item\n"
		"``\n"                 /* too short to close */
		"````\n"               /* longer closes */
		"~~~~\n"
		"## no\n"
		"~~~\n"                /* shorter: does not close */
		"<!-- no comment -->\n"
		"~~~~~\n"
		"\n"
		"    # indented code\n"
		"    - [ ] indented code\n"
		"para\n"
		"    - [ ] continues the paragraph\n"
		"## Yes\n"
		"``` unclosed\n"
		"# swallowed\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 0);
	assert_int_equal(b.headings_nr, 1);
	assert_heading(&b, 0, 2, "Yes", 16, 1, 18, 10);
	assert_int_equal(b.comments_nr, 0);
	assert_int_equal(b.items_nr, 0);
	wl_body_release(&b);
}

static void test_body__fenced_code_inside_a_list_item(void **state)
{
	static const char text[] =
		"- [ ] run this:\n"
		"\n"
		"  ```\n"
		"  # output\n"
		"  - [ ] no\n"
		"  ```\n"
		"- [ ] next\n";
	struct wl_body b;

	(void)state;
	parse(&b, text, 0);
	assert_int_equal(b.headings_nr, 0);
	assert_int_equal(b.items_nr, 2);
	assert_item(&b, 1, 0, "next", 7, 1, 0);
	wl_body_release(&b);
}

static void test_body__html_comments_are_listed_and_hide_text(void **state)
{
	static const char text[] =
		"<!-- worklog-disable overdue -->\n"
		"## 背景 <!-- 填写背景 -->\n"
		"<!-- 模板说明\n"
		"## 不是标题\n"
		"- [ ] 不是任务\n"
		"-->\n"
		"- [ ] 任务 <!-- worklog-disable unknown-person --> @王五\n"
		"`<!-- in code -->` <!--x--><!---->\n"
		"<!-- unclosed\n"
		"# gone\n";
	struct wl_body b;
	const struct wl_body_comment *c;

	(void)state;
	parse(&b, text, 3);
	assert_int_equal(b.comments_nr, 7);
	c = &b.comments[0];
	assert_string_equal(c->text, "worklog-disable overdue");
	assert_int_equal(c->line, 4);
	assert_int_equal(c->column, 1);
	assert_int_equal(c->end_line, 4);
	assert_int_equal(c->closed, 1);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->end, strlen("<!-- worklog-disable overdue -->"));
	c = &b.comments[1];
	assert_string_equal(c->text, "填写背景");
	assert_int_equal(c->column, 7);
	c = &b.comments[2];
	assert_string_equal(c->text, "模板说明\n## 不是标题\n- [ ] 不是任务");
	assert_int_equal(c->line, 6);
	assert_int_equal(c->end_line, 9);
	c = &b.comments[3];
	assert_string_equal(c->text, "worklog-disable unknown-person");
	assert_int_equal(c->line, 10);
	assert_int_equal(c->column, 10);
	assert_string_equal(b.comments[4].text, "x");
	assert_int_equal(b.comments[4].column, 20);
	assert_string_equal(b.comments[5].text, "");
	c = &b.comments[6];
	assert_string_equal(c->text, "unclosed\n# gone");
	assert_int_equal(c->closed, 0);
	assert_int_equal(c->end_line, 13);
	assert_int_equal(c->end, strlen(text));

	assert_int_equal(b.headings_nr, 1);
	/* The section's text: only 任务 and @王五, and the code span. */
	assert_heading(&b, 0, 2, "背景", 5, 1, 13, 20);
	assert_int_equal(b.items_nr, 1);
	assert_item(&b, 0, 0, "任务  @王五", 10, 1, 0);
	assert_string_equal(b.items[0].owners[0].text, "王五");
	wl_body_release(&b);
}

static void test_body__crlf_and_positions_in_the_whole_file(void **state)
{
	static const char text[] =
		"---\r\ntype: task\r\n---\r\n## 进展\r\n- [ ] 做 @张三\r\n";
	struct wl_fm fm;
	struct wl_body b;

	(void)state;
	assert_int_equal(wl_fm_split(&fm, text, strlen(text)), WL_FM_OK);
	parse(&b, text + fm.body, fm.body_line - 1);
	assert_int_equal(b.headings_nr, 1);
	assert_heading(&b, 0, 2, "进展", 4, 1, 5, 4);
	assert_item(&b, 0, 0, "做 @张三", 5, 1, 0);
	assert_int_equal(b.items[0].owners[0].column, 9);
	wl_body_release(&b);
}

static void test_body__headings_match_names_and_aliases(void **state)
{
	static const struct {
		const char *heading, *name;
		int match;
	} cases[] = {
		{ "解决方案：", "解决方案", 1 },
		{ "解决方案", "解决方案：", 1 },
		{ " 解决方案 ： ", "解决方案", 1 },
		{ "\xe3\x80\x80进展\xe3\x80\x80", "进展", 1 },
		{ "Next steps:", "next STEPS", 1 },
		{ "Next steps::", "next steps", 0 },
		{ "解决方案：：", "解决方案", 0 },
		{ "背景", "背 景", 0 },
		{ "ÉTAT", "état", 0 },
		{ "", "", 1 },
		{ ":", "", 1 },
		{ "Background", "Backgroun", 0 },
	};
	static const char text[] = "# 背景\n## 问题描述:\n## Problem\n";
	static const char *const names[] = { "problem", "问题描述" };
	struct wl_body b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (wl_body_heading_matches(cases[i].heading, cases[i].name) !=
		    cases[i].match)
			fail_msg("'%s' vs '%s': want %d", cases[i].heading,
				 cases[i].name, cases[i].match);
	parse(&b, text, 0);
	assert_int_equal(wl_body_find(&b, names, 2), 1);
	assert_int_equal(wl_body_find(&b, names, 1), 2);
	assert_int_equal(wl_body_find(&b, names, 0), -1);
	wl_body_release(&b);
}

static void test_body__list_items_are_entries_when_asked(void **state)
{
	static const char text[] =
		"## 下周计划\n"
		"\n"
		"- T-2026-0145 网关限流上线 <!-- 周三 -->\n"
		"  - 灰度 10%\n"
		"- [ ] 压测脚本迁移 @lisi\n"
		"1. Ship it\n"
		"```\n"
		"- not an item\n"
		"```\n"
		"## Notes\n"
		"plain text\n";
	struct wl_body b = WL_BODY_INIT;

	(void)state;
	assert_int_equal(wl_body_parse_flags(&b, text, strlen(text), 10,
					     WL_BODY_LIST_ITEMS), 0);
	assert_int_equal(b.entries_nr, 4);
	assert_string_equal(b.entries[0].text, "T-2026-0145 网关限流上线");
	assert_int_equal(b.entries[0].line, 13);
	assert_int_equal(b.entries[0].depth, 0);
	assert_int_equal(b.entries[0].section, 0);
	assert_int_equal(b.entries[0].task, -1);
	assert_string_equal(b.entries[1].text, "灰度 10%");
	assert_int_equal(b.entries[1].depth, 1);
	assert_string_equal(b.entries[2].text, "压测脚本迁移 @lisi");
	assert_int_equal(b.entries[2].task, 0);
	assert_string_equal(b.entries[3].text, "Ship it");
	assert_int_equal(b.entries[3].depth, 0);
	/* Task items are read as before. */
	assert_int_equal(b.items_nr, 1);
	assert_string_equal(b.items[0].owners[0].text, "lisi");
	wl_body_release(&b);
	/* Without the flag, no entries. */
	parse(&b, text, 10);
	assert_int_equal(b.entries_nr, 0);
	assert_int_equal(b.items_nr, 1);
	wl_body_release(&b);
}

static void test_body__hostile_bytes_do_not_upset_it(void **state)
{
	static const char text[] =
		"## \xff\xfe bad\n- [ ] @\xe4\xb8 due:\xc0\n\0## after nul\n"
		"- [ ] @\n- [ ] @@x\n<!--";
	struct wl_body b;

	(void)state;
	b = (struct wl_body)WL_BODY_INIT;
	assert_int_equal(wl_body_parse(&b, text, sizeof(text) - 1, 0), 0);
	assert_int_equal(b.headings_nr, 1);
	assert_int_equal(b.items_nr, 3);
	assert_int_equal(b.items[0].owners_nr, 0);
	assert_string_equal(b.items[0].due, "");
	assert_int_equal(b.items[1].owners_nr, 0);
	assert_int_equal(b.items[2].owners_nr, 0);
	assert_int_equal(b.comments_nr, 1);
	assert_int_equal(b.comments[0].closed, 0);
	wl_body_release(&b);
	/* Empty input, and release twice. */
	parse(&b, "", 0);
	assert_int_equal(b.headings_nr + b.items_nr + b.comments_nr, 0);
	wl_body_release(&b);
	wl_body_release(&b);
	wl_body_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body__chinese_headings_and_their_sections),
		cmocka_unit_test(test_body__atx_heading_rules),
		cmocka_unit_test(test_body__task_items_with_owner_and_due),
		cmocka_unit_test(test_body__bad_due_dates_are_kept_as_written),
		cmocka_unit_test(test_body__nested_items),
		cmocka_unit_test(test_body__code_blocks_hold_no_headings_or_items),
		cmocka_unit_test(test_body__fenced_code_inside_a_list_item),
		cmocka_unit_test(test_body__html_comments_are_listed_and_hide_text),
		cmocka_unit_test(test_body__crlf_and_positions_in_the_whole_file),
		cmocka_unit_test(test_body__headings_match_names_and_aliases),
		cmocka_unit_test(test_body__list_items_are_entries_when_asked),
		cmocka_unit_test(test_body__hostile_bytes_do_not_upset_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
