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
#include "import.h"
#include "unit.h"

/* ---- the CSV reader ------------------------------------------------------ */

/*
 * Rows as text: each row "ROW@LINE:" and its fields joined by '|', rows
 * joined by ' / '.
 */
static char *rows_text(const struct wl_csv *csv)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, j;

	for (i = 0; i < csv->nr; i++) {
		wl_buf_addf(&b, "%s%d@%d:", i ? " / " : "", csv->rows[i].row,
			    csv->rows[i].line);
		for (j = 0; j < csv->rows[i].nr; j++)
			wl_buf_addf(&b, "%s%s", j ? "|" : "",
				    csv->rows[i].fields[j]);
	}
	return wl_buf_detach(&b, NULL);
}

static const struct {
	const char *in;
	const char *rows;
} good_csv[] = {
	{ "a,b\n1,2\n", "1@1:a|b / 2@2:1|2" },
	{ "a,b\r\n1,2\r\n", "1@1:a|b / 2@2:1|2" },
	{ "a,b\r1,2", "1@1:a|b / 2@2:1|2" },
	{ "\xef\xbb\xbf" "a,b\n", "1@1:a|b" },
	{ "a,b\n\n1,2\n", "1@1:a|b / 2@2: / 3@3:1|2" },
	{ "a,b\n,\n", "1@1:a|b / 2@2:|" },
	{ "a,\"b,c\"\n\"x\ny\",\"q\"\"q\"\n2,3\n",
	  "1@1:a|b,c / 2@2:x\ny|q\"q / 3@4:2|3" },
	{ "a,\"x\r\ny\"\n", "1@1:a|x\ny" },
	{ "a;b;c\n1;2,5;3\n", "1@1:a|b|c / 2@2:1|2,5|3" },
	{ "a\tb\n1\t2\n", "1@1:a|b / 2@2:1|2" },
	{ "\"a;b\",c\n", "1@1:a;b|c" },
	{ "a,b,\n1,2,\n", "1@1:a|b| / 2@2:1|2|" },
	{ "\"\"\n", "1@1:" },
	{ "", "" },
	{ "标题,负责人\n任务,张三\n", "1@1:标题|负责人 / 2@2:任务|张三" },
};

static void test_import__csv_is_read_as_rfc_4180(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_csv) / sizeof(*good_csv); i++) {
		struct wl_csv csv = WL_CSV_INIT;
		struct wl_csv_error e;
		char *got;

		if (wl_csv_parse(&csv, good_csv[i].in, strlen(good_csv[i].in),
				 &e) < 0)
			fail_msg("%zu: %s", i, e.message);
		got = rows_text(&csv);
		if (strcmp(got, good_csv[i].rows))
			fail_msg("%zu: read as '%s', not '%s'", i, got,
				 good_csv[i].rows);
		free(got);
		wl_csv_release(&csv);
	}
}

static const struct {
	const char *in;
	size_t len;                /* 0: strlen */
	int row, line, column;
	const char *message;
} bad_csv[] = {
	{ "a,b\n\"x,1\n", 0, 2, 2, 1,
	  "a quoted field is not closed: its quote opens here and no quote ends it" },
	{ "a,b\n\"x\"y,1\n", 0, 2, 2, 4,
	  "text after the closing quote of a field; quote the whole field and double the quotes in it" },
	{ "a,b\nx\"y,1\n", 0, 2, 2, 2,
	  "a quote in the middle of a field; quote the whole field and double the quotes in it" },
	{ "a,b\n\"多\n行\"x\n", 0, 2, 3, 3,
	  "text after the closing quote of a field; quote the whole field and double the quotes in it" },
	{ "a,b\n\xd5\xc5,1\n", 0, 2, 2, 1,
	  "not UTF-8: save the file as \"CSV UTF-8\", or convert it with iconv -f GBK -t UTF-8" },
	{ "a,b\n\"1\n\xff\"\n", 0, 2, 3, 1,
	  "not UTF-8: save the file as \"CSV UTF-8\", or convert it with iconv -f GBK -t UTF-8" },
	{ "a,b\nx\0y\n", 9, 2, 2, 2, "a NUL byte: this is no text file" },
	{ "\xff\xfe" "a\0", 4, 0, 1, 1,
	  "UTF-16 text: save the file as \"CSV UTF-8\" instead" },
	{ "\xfe\xff\0a", 4, 0, 1, 1,
	  "UTF-16 text: save the file as \"CSV UTF-8\" instead" },
};

static void test_import__bad_csv_is_told_with_its_place(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_csv) / sizeof(*bad_csv); i++) {
		struct wl_csv csv = WL_CSV_INIT;
		struct wl_csv_error e;
		size_t len = bad_csv[i].len ? bad_csv[i].len : strlen(bad_csv[i].in);

		if (wl_csv_parse(&csv, bad_csv[i].in, len, &e) == 0)
			fail_msg("%zu: read without an error", i);
		assert_string_equal(e.message, bad_csv[i].message);
		if (e.row != bad_csv[i].row || e.line != bad_csv[i].line ||
		    e.column != bad_csv[i].column)
			fail_msg("%zu: at row %d, %d:%d", i, e.row, e.line,
				 e.column);
		assert_int_equal(csv.nr, 0);
		wl_csv_error_release(&e);
	}
}

static void test_import__csv_bounds_are_kept(void **state)
{
	struct wl_csv csv = WL_CSV_INIT;
	struct wl_csv_error e;
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i <= WL_CSV_MAX_FIELDS; i++)
		wl_buf_addstr(&b, i ? ",x" : "x");
	assert_int_equal(wl_csv_parse(&csv, b.buf, b.len, &e), -1);
	assert_string_equal(e.message, "more than 1000 fields in a row");
	wl_csv_error_release(&e);
	wl_buf_reset(&b);
	wl_buf_addch(&b, '"');
	for (i = 0; i <= WL_CSV_MAX_FIELD_BYTES; i++)
		wl_buf_addch(&b, 'x');
	wl_buf_addch(&b, '"');
	assert_int_equal(wl_csv_parse(&csv, b.buf, b.len, &e), -1);
	assert_string_equal(e.message, "a field is longer than 1048576 bytes");
	wl_csv_error_release(&e);
	wl_buf_reset(&b);
	for (i = 0; i <= WL_CSV_MAX_ROWS; i++)
		wl_buf_addstr(&b, "\n");
	assert_int_equal(wl_csv_parse(&csv, b.buf, b.len, &e), -1);
	assert_string_equal(e.message, "more than 100000 rows");
	assert_int_equal(e.row, WL_CSV_MAX_ROWS + 1);
	wl_csv_error_release(&e);
	/* Rows of empty fields: cheap text, one allocation a field. */
	wl_buf_reset(&b);
	for (i = 0; i <= WL_CSV_MAX_CELLS / WL_CSV_MAX_FIELDS; i++) {
		size_t k;

		for (k = 1; k < WL_CSV_MAX_FIELDS; k++)
			wl_buf_addch(&b, ',');
		wl_buf_addch(&b, '\n');
	}
	assert_int_equal(wl_csv_parse(&csv, b.buf, b.len, &e), -1);
	assert_string_equal(e.message, "more than 2000000 fields in the file");
	assert_int_equal(e.row, WL_CSV_MAX_CELLS / WL_CSV_MAX_FIELDS + 1);
	assert_int_equal(e.line, WL_CSV_MAX_CELLS / WL_CSV_MAX_FIELDS + 1);
	assert_int_equal(e.column, 1);
	wl_csv_error_release(&e);
	assert_int_equal(wl_csv_parse(&csv, b.buf, WL_CSV_MAX_BYTES + 1, &e), -1);
	assert_string_equal(e.message, "the file is larger than 64 MiB");
	wl_csv_error_release(&e);
	wl_buf_release(&b);
}

/* ---- columns to fields --------------------------------------------------- */

struct types {
	struct wl_schema_set *set;
	struct wl_config cfg;
	struct wl_value_ctx ctx;
};

static void load_types(struct types *t)
{
	const struct wl_builtin *b;
	struct wl_diags d = WL_DIAGS_INIT;

	memset(t, 0, sizeof(*t));
	t->set = wl_schema_set_new();
	for (b = wl_builtin_schemas; b->path; b++)
		assert_int_equal(wl_schema_set_add(t->set, b->path, b->data,
						   b->len, 1, &d), 0);
	assert_int_equal(wl_schema_set_finish(t->set, &d), 0);
	assert_int_equal(fixture_config(&t->cfg, &d,
		"version: 1\n"
		"timezone: Asia/Shanghai\n"
		"people:\n"
		"  - {id: zhangsan, name: 张三}\n"
		"  - {id: lisi, name: Li Si}\n"), 0);
	t->ctx.cfg = &t->cfg;
	t->ctx.today = wl_days_from_civil(2026, 11, 26);
}

static void free_types(struct types *t)
{
	wl_config_release(&t->cfg);
	wl_schema_set_free(t->set);
}

/* The cells of row `i` as "field=text(column)", joined by ' '. */
static char *cells_text(const struct wl_import_rows *rows, size_t i)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t j;

	wl_buf_addf(&b, "%s:", rows->v[i].where);
	for (j = 0; j < rows->v[i].nr; j++)
		wl_buf_addf(&b, " %s=%s(%s)", rows->v[i].cells[j].field,
			    rows->v[i].cells[j].text,
			    rows->v[i].cells[j].column);
	return wl_buf_detach(&b, NULL);
}

static void map_csv(struct wl_import_rows *rows, const struct types *t,
		    const char *type, const char *text,
		    const struct wl_column_map *maps, size_t nr, const char *err)
{
	struct wl_csv csv = WL_CSV_INIT;
	struct wl_csv_error e;
	char *why = NULL;
	int r;

	assert_int_equal(wl_csv_parse(&csv, text, strlen(text), &e), 0);
	r = wl_import_csv(rows, &csv, "t.csv", wl_schema_set_type(t->set, type),
			  maps, nr, &why);
	if (err) {
		assert_int_equal(r, -1);
		assert_string_equal(why, err);
	} else if (r < 0) {
		fail_msg("%s", why);
	}
	free(why);
	wl_csv_release(&csv);
}

static void expect_cells(const struct wl_import_rows *rows, size_t i,
			 const char *text)
{
	char *got = cells_text(rows, i);

	assert_string_equal(got, text);
	free(got);
}

static void test_import__headers_name_fields_in_chinese_and_english(void **state)
{
	struct types t;
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;

	(void)state;
	load_types(&t);
	map_csv(&rows, &t, "task",
		"标题,负责人,状态,截止日期,创建日期,优先级,标签,备注,Projects,Due_Date,\n"
		"一,张三,进行中,2026-12-01,2026-11-20,高,a,说明,Ops,,\n"
		",,,,,,,,,,\n"
		"二,lisi,,,,,,,,2026-12-02,x\n",
		NULL, 0, NULL);
	assert_int_equal(rows.nr, 2);
	expect_cells(&rows, 0, "t.csv:2: title=一(标题) owner=张三(负责人) status=进行中(状态) due=2026-12-01(截止日期) created=2026-11-20(创建日期) priority=高(优先级) tags=a(标签) body=说明(备注)");
	expect_cells(&rows, 1, "t.csv:4: title=二(标题) owner=lisi(负责人) due=2026-12-02(Due_Date)");
	assert_int_equal(rows.unmapped.nr, 2);
	assert_string_equal(rows.unmapped.v[0], "Projects");
	assert_string_equal(rows.unmapped.v[1], "column 11");
	wl_import_rows_release(&rows);

	/* A kpi has a name, not a title; a problem's created is reported. */
	map_csv(&rows, &t, "kpi", "Name,Owner,Target,Unit\nGMV,zhangsan,100,万元\n",
		NULL, 0, NULL);
	expect_cells(&rows, 0, "t.csv:2: name=GMV(Name) owner=zhangsan(Owner) target=100(Target) unit=万元(Unit)");
	wl_import_rows_release(&rows);
	map_csv(&rows, &t, "problem", "标题,创建日期,严重程度\nx,2026-11-20,高\n",
		NULL, 0, NULL);
	expect_cells(&rows, 0, "t.csv:2: title=x(标题) reported=2026-11-20(创建日期) severity=高(严重程度)");
	wl_import_rows_release(&rows);
	free_types(&t);
}

static void test_import__maps_come_first(void **state)
{
	static const struct wl_column_map maps[] = {
		{ "who", "owner" }, { "标题", "-" }, { "Notes", "body" },
	};
	static const struct wl_column_map bad_column[] = { { "nope", "owner" } };
	static const struct wl_column_map bad_field[] = { { "who", "nope" } };
	struct types t;
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;
	static const char text[] = "标题,Who,notes\nx,张三,n\n";

	(void)state;
	load_types(&t);
	map_csv(&rows, &t, "task", text, maps, 3, NULL);
	expect_cells(&rows, 0, "t.csv:2: owner=张三(Who) body=n(notes)");
	assert_int_equal(rows.unmapped.nr, 0);
	wl_import_rows_release(&rows);
	map_csv(&rows, &t, "task", text, bad_column, 1,
		"--map: t.csv has no column 'nope'");
	wl_import_rows_release(&rows);
	map_csv(&rows, &t, "task", text, bad_field, 1,
		"--map: task has no field 'nope'");
	wl_import_rows_release(&rows);
	map_csv(&rows, &t, "task", "a,b\nx,y,z\n", NULL, 0,
		"t.csv:2: the row has a value in field 3, but the header has 2 columns");
	wl_import_rows_release(&rows);
	map_csv(&rows, &t, "task", "", NULL, 0,
		"t.csv is empty: it needs a header row");
	wl_import_rows_release(&rows);
	free_types(&t);
}

/* ---- Trello ---------------------------------------------------------------- */

static void read_board(char **buf, size_t *len)
{
	if (wl_read_file(buf, len, "tests/fixtures/import/trello-board.json") < 0)
		fail_msg("cannot read the board fixture");
}

static void test_import__trello_cards_become_rows(void **state)
{
	struct types t;
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;
	char *buf, *err = NULL;
	size_t len;

	(void)state;
	load_types(&t);
	read_board(&buf, &len);
	assert_int_equal(wl_import_trello(&rows, buf, len, "b.json",
					  wl_schema_set_type(t.set, "task"),
					  &t.ctx, WL_LANG_EN, 0, &err), 0);
	assert_int_equal(rows.nr, 3);
	assert_int_equal(rows.skipped, 2);
	expect_cells(&rows, 0, "b.json: card 1 '618 活动页面加载速度优化': title=618 活动页面加载速度优化(name) status=Doing(list) owner=zhangsan(member) owner=张三(member) due=2026-11-30T10:00:00.000Z(due) created=2026-11-02(id) tags=Web-perf(label) tags=紧急(label) body=首屏 3.2 秒，目标 1.5 秒。(desc)");
	assert_int_equal(rows.v[0].nr_parts, 3);
	assert_string_equal(rows.v[0].parts[0].heading, "上线前检查");
	assert_string_equal(rows.v[0].parts[0].text,
			    "- [x] 图片懒加载\n- [ ] 拆分首屏脚本 @lisi due:2026-11-25");
	assert_string_equal(rows.v[0].parts[1].text, "- [ ] Canary at 5%");
	assert_string_equal(rows.v[0].parts[2].heading, "Comments");
	assert_string_equal(rows.v[0].parts[2].text,
			    "- 2026-11-03 Li Si: 需要先确认 CDN 配置。\n"
			    "- 2026-11-18 张三: 懒加载已上线，首屏降到 2.1 秒。\n  下一步拆脚本。");
	expect_cells(&rows, 1, "b.json: card 2 'Renew the TLS certificates': title=Renew the TLS certificates(name) status=Done(list) owner=lisi_ops(member) owner=Li Si(member) due=2026-11-15T16:30:00.000Z(due) created=2026-11-05(id) completed=2026-11-12(list) tags=purple(label)");
	expect_cells(&rows, 2, "b.json: card 3 '客服工单分类规则梳理': title=客服工单分类规则梳理(name) status=To Do(list) owner=wangwu(member) owner=Wang Wu(member) owner=lisi_ops(member) owner=Li Si(member) created=2026-11-10(id)");
	wl_import_rows_release(&rows);
	assert_int_equal(wl_import_trello(&rows, buf, len, "b.json",
					  wl_schema_set_type(t.set, "task"),
					  &t.ctx, WL_LANG_ZH, 1, &err), 0);
	assert_int_equal(rows.nr, 5);
	assert_int_equal(rows.skipped, 0);
	assert_string_equal(rows.v[0].parts[2].heading, "评论");
	/* Archived and done: the day of its last activity. */
	expect_cells(&rows, 3, "b.json: card 4 '旧监控下线': title=旧监控下线(name) status=Done(list) owner=zhangsan(member) owner=张三(member) created=2026-11-10(id) completed=2026-11-10(list) body=已被新监控取代。(desc)");
	wl_import_rows_release(&rows);
	free(buf);
	free_types(&t);
}

static const struct {
	const char *in;
	const char *err;
} bad_boards[] = {
	{ "[1, 2", "b.json:1:5: not JSON: ']' expected near end of file" },
	{ "{\"cards\": 3}",
	  "b.json is not a Trello board export: it has no \"cards\" list" },
	{ "[]", "b.json is not a Trello board export: it has no \"cards\" list" },
	{ "{\"cards\": [], \"cards\": []}",
	  "b.json:1:21: not JSON: duplicate object key near '\"cards\"'" },
	{ "{\"cards\": [{\"name\": \"a\\u0000b\"}]}",
	  "b.json:1:30: not JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000b\"'" },
};

static void test_import__bad_boards_are_refused(void **state)
{
	struct types t;
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;
	struct wl_buf b = WL_BUF_INIT;
	size_t i;
	char *err = NULL;

	(void)state;
	load_types(&t);
	for (i = 0; i < sizeof(bad_boards) / sizeof(*bad_boards); i++) {
		if (!wl_import_trello(&rows, bad_boards[i].in,
				      strlen(bad_boards[i].in), "b.json",
				      wl_schema_set_type(t.set, "task"), &t.ctx,
				      WL_LANG_EN, 0, &err))
			fail_msg("%zu: read", i);
		assert_string_equal(err, bad_boards[i].err);
		free(err);
		err = NULL;
	}
	/* Nesting and the number of values are bounded before parsing. */
	for (i = 0; i < 65; i++)
		wl_buf_addch(&b, '[');
	assert_int_equal(wl_import_trello(&rows, b.buf, b.len, "b.json",
					  wl_schema_set_type(t.set, "task"),
					  &t.ctx, WL_LANG_EN, 0, &err), -1);
	assert_string_equal(err, "b.json:1:65: the JSON nests deeper than 64 levels; it is no Trello export");
	free(err);
	wl_buf_reset(&b);
	wl_buf_addstr(&b, "[\"[[[[\\\"\", ");
	for (i = 0; i < 63; i++)
		wl_buf_addch(&b, '[');
	assert_int_equal(wl_import_trello(&rows, b.buf, b.len, "b.json",
					  wl_schema_set_type(t.set, "task"),
					  &t.ctx, WL_LANG_EN, 0, &err), -1);
	assert_string_equal(err, "b.json:1:74: not JSON: ']' expected near end of file");
	free(err);
	assert_int_equal(wl_import_trello(&rows, b.buf, WL_TRELLO_MAX_BYTES + 1,
					  "b.json", wl_schema_set_type(t.set, "task"),
					  &t.ctx, WL_LANG_EN, 0, &err), -1);
	assert_string_equal(err, "b.json is larger than 64 MiB");
	free(err);
	wl_buf_release(&b);
	assert_int_equal(rows.nr, 0);
	free_types(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import__csv_is_read_as_rfc_4180),
		cmocka_unit_test(test_import__bad_csv_is_told_with_its_place),
		cmocka_unit_test(test_import__csv_bounds_are_kept),
		cmocka_unit_test(test_import__headers_name_fields_in_chinese_and_english),
		cmocka_unit_test(test_import__maps_come_first),
		cmocka_unit_test(test_import__trello_cards_become_rows),
		cmocka_unit_test(test_import__bad_boards_are_refused),
	};

	setenv("TZDIR", "tests/unit/zoneinfo", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
