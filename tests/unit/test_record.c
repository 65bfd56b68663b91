#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "record.h"

static const struct {
	const char *name;
	const char *text;
	enum wl_fm_status status;
	int yaml_line, close_line, body_line;
	unsigned flags;
	const char *yaml;   /* the YAML text found */
	const char *body;
} splits[] = {
	{ "plain", "---\na: 1\n---\nbody\n", WL_FM_OK, 2, 3, 4, WL_FM_LF,
	  "a: 1\n", "body\n" },
	{ "dots close", "---\na: 1\n...\nbody", WL_FM_OK, 2, 3, 4, WL_FM_LF,
	  "a: 1\n", "body" },
	{ "crlf", "---\r\na: 1\r\n---\r\nb\r\n", WL_FM_OK, 2, 3, 4,
	  WL_FM_CRLF, "a: 1\r\n", "b\r\n" },
	{ "bom", "\xEF\xBB\xBF---\na: 1\n---\n", WL_FM_OK, 2, 3, 4,
	  WL_FM_BOM | WL_FM_LF, "a: 1\n", "" },
	{ "empty", "---\n---\n", WL_FM_OK, 2, 2, 3, WL_FM_LF, "", "" },
	{ "close at end of file", "---\na: 1\n---", WL_FM_OK, 2, 3, 4,
	  WL_FM_LF, "a: 1\n", "" },
	{ "close needs the whole line", "---\na: 1\n--- \n----\n---\n",
	  WL_FM_OK, 2, 5, 6, WL_FM_LF, "a: 1\n--- \n----\n", "" },
	{ "unterminated", "---\na: 1\n", WL_FM_UNTERMINATED, 2, 0, 3,
	  WL_FM_LF, "a: 1\n", "" },
	{ "not a record", "# title\n", WL_FM_NONE, 0, 0, 0, 0, NULL, NULL },
	{ "trailing space", "--- \na: 1\n---\n", WL_FM_NONE, 0, 0, 0, 0,
	  NULL, NULL },
	{ "only dashes", "---", WL_FM_UNTERMINATED, 2, 0, 2, 0, "", "" },
	{ "empty file", "", WL_FM_NONE, 0, 0, 0, 0, NULL, NULL },
};

static void test_fm__split_finds_front_matter_and_body(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(splits) / sizeof(*splits); i++) {
		struct wl_fm fm;
		const char *t = splits[i].text;
		enum wl_fm_status st = wl_fm_split(&fm, t, strlen(t));

		if (st != splits[i].status)
			fail_msg("%s: status %d, want %d", splits[i].name, st,
				 splits[i].status);
		if (st == WL_FM_NONE)
			continue;
		assert_int_equal(fm.yaml_line, splits[i].yaml_line);
		assert_int_equal(fm.close_line, splits[i].close_line);
		assert_int_equal(fm.body_line, splits[i].body_line);
		assert_int_equal(fm.flags, splits[i].flags);
		assert_int_equal(fm.yaml_len, strlen(splits[i].yaml));
		assert_memory_equal(t + fm.yaml, splits[i].yaml, fm.yaml_len);
		assert_string_equal(t + fm.body, splits[i].body);
	}
}

struct one {
	const char *name;
	const char *text;
	size_t len;         /* 0: strlen */
	int line, column;
	const char *rule;
	const char *message;
};

static const struct one bad[] = {
	{ "no front matter", "# notes\n", 0, 1, 1, "syntax",
	  "missing front matter: the first line must be '---'" },
	{ "trailing space after the opening dashes", "--- \ntype: task\n---\n",
	  0, 1, 1, "syntax",
	  "missing front matter: the first line must be '---' (it has trailing white space)" },
	{ "unterminated", "---\ntype: task\n", 0, 1, 1, "syntax",
	  "unterminated front matter: no closing '---' or '...' line" },
	{ "sequence", "---\n- a\n---\n", 0, 2, 1, "syntax",
	  "front matter must be a mapping, not a sequence" },
	{ "scalar", "---\njust text\n---\n", 0, 2, 1, "syntax",
	  "front matter must be a mapping, not a string" },
	{ "nul in front matter", "---\na: x\0y\n---\n", 14, 2, 5, "syntax",
	  "NUL byte at byte 8" },
	{ "bad utf-8 after chinese", "---\ntitle: 张三\xff\n---\n", 0, 2, 10,
	  "syntax", "invalid UTF-8 at byte 17" },
	{ "overlong", "---\na: \xc0\xaf\n---\n", 0, 2, 4, "syntax",
	  "invalid UTF-8 at byte 7" },
	{ "surrogate", "---\na: \xed\xa0\x80\n---\n", 0, 2, 4, "syntax",
	  "invalid UTF-8 at byte 7" },
	{ "truncated", "---\na: \xe5\xbc\n---\n", 0, 2, 4, "syntax",
	  "invalid UTF-8 at byte 7" },
	{ "duplicate with crlf", "---\r\na: 1\r\nb: 2\r\na: 3\r\n---\r\n", 0,
	  4, 1, "duplicate-key", "duplicate key 'a' (first at line 2)" },
	{ "empty", "---\n---\n", 0, 2, 1, "syntax",
	  "front matter must be a mapping, not empty" },
	{ "only a comment", "---\n# nothing\n---\n", 0, 2, 1, "syntax",
	  "front matter must be a mapping, not empty" },
	{ "lone carriage return", "---\ntitle: \"a\rb\"\n---\n", 0, 2, 10,
	  "syntax",
	  "a carriage return not followed by a line feed is not allowed in front matter; end lines with \\n or \\r\\n" },
	{ "line separator", "---\na: 1\nt: \"x\xe2\x80\xa8y\"\n---\n", 0, 3,
	  6, "syntax",
	  "U+2028 (line separator) is not allowed in front matter; end lines with \\n or \\r\\n" },
	{ "error after bom", "\xEF\xBB\xBF---\na: [\n---\n", 0, 3, 1,
	  "syntax",
	  "did not find expected node content while parsing a flow node" },
	{ "conflict markers in the front matter",
	  "---\na: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n---\n",
	  0, 3, 1, "syntax",
	  "unresolved merge conflict (conflict markers on lines 3 to 7)" },
};

static void test_record__malformed_files_get_one_diagnostic(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct wl_record r = WL_RECORD_INIT;
		struct wl_diags d = WL_DIAGS_INIT;
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		char *buf = wl_xmalloc(len + 1);

		memcpy(buf, bad[i].text, len);
		buf[len] = '\0';
		wl_record_parse(&r, "r.md", buf, len, NULL, &d);
		if (d.nr != 1)
			fail_msg("%s: %zu diagnostics", bad[i].name, d.nr);
		assert_null(r.doc.root);
		if (strcmp(d.v[0].message, bad[i].message) ||
		    d.v[0].line != bad[i].line ||
		    d.v[0].column != bad[i].column ||
		    strcmp(d.v[0].rule, bad[i].rule))
			fail_msg("%s: got %d:%d %s [%s]", bad[i].name,
				 d.v[0].line, d.v[0].column, d.v[0].message,
				 d.v[0].rule);
		wl_record_release(&r);
		wl_diags_release(&d);
	}
}

static void test_record__bad_body_still_parses_front_matter(void **state)
{
	static const char text[] = "---\ntype: task\n---\nbody \xff\n";
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	wl_record_parse(&r, "r.md", wl_xstrdup(text), strlen(text), NULL, &d);
	assert_int_equal(d.nr, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_int_equal(d.v[0].column, 6);
	assert_non_null(r.doc.root);
	assert_string_equal(wl_node_get_str(r.doc.root, "type"), "task");
	wl_record_release(&r);
	wl_diags_release(&d);
}

/* Markers in the body fail the record but keep its front matter; markers
 * quoted in a fenced block, or a line that only starts like one, do not. */
static void test_record__conflict_markers_in_the_body(void **state)
{
	static const char text[] = "---\ntype: task\n---\n"
		"```\n<<<<<<< ours\n>>>>>>> theirs\n```\n"
		"<<<<<<<< not a marker\n"
		"<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> side\n";
	static const char quoted[] = "---\na: 1\n---\n"
		"~~~\n<<<<<<< ours\n>>>>>>> theirs\n~~~\n";
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	wl_record_parse(&r, "r.md", wl_xstrdup(text), strlen(text), NULL, &d);
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].message,
			    "unresolved merge conflict (conflict markers on lines 9 to 13)");
	assert_int_equal(d.v[0].line, 9);
	assert_non_null(r.doc.root);
	assert_string_equal(wl_node_get_str(r.doc.root, "type"), "task");
	wl_record_release(&r);
	wl_diags_release(&d);

	r = (struct wl_record)WL_RECORD_INIT;
	d = (struct wl_diags)WL_DIAGS_INIT;
	wl_record_parse(&r, "r.md", wl_xstrdup(quoted), strlen(quoted), NULL,
			&d);
	assert_int_equal(d.nr, 0);
	wl_record_release(&r);
	wl_diags_release(&d);
}

static void test_record__front_matter_over_the_limit(void **state)
{
	struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	static const char text[] = "---\ntitle: a long title\n---\n";
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	lim.max_bytes = 10;
	wl_record_parse(&r, "r.md", wl_xstrdup(text), strlen(text), &lim, &d);
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].message,
			    "front matter is larger than 10 bytes");
	assert_int_equal(d.v[0].line, 1);
	wl_record_release(&r);
	wl_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fm__split_finds_front_matter_and_body),
		cmocka_unit_test(test_record__malformed_files_get_one_diagnostic),
		cmocka_unit_test(test_record__bad_body_still_parses_front_matter),
		cmocka_unit_test(test_record__conflict_markers_in_the_body),
		cmocka_unit_test(test_record__front_matter_over_the_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
