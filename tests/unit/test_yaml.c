#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "node.h"

struct parsed {
	struct wl_doc doc;
	struct wl_diags diags;
};

static void parse(struct parsed *p, const char *text)
{
	memset(p, 0, sizeof(*p));
	wl_yaml_parse(&p->doc, text, strlen(text), 1, NULL, "t.md",
		      &p->diags);
}

static void release(struct parsed *p)
{
	wl_doc_release(&p->doc);
	wl_diags_release(&p->diags);
}

/* Expects exactly one diagnostic. */
static void expect_diag(const char *text, int line, int col, const char *rule,
			const char *message)
{
	struct parsed p;

	parse(&p, text);
	assert_null(p.doc.root);
	assert_int_equal(p.diags.nr, 1);
	assert_string_equal(p.diags.v[0].path, "t.md");
	assert_string_equal(p.diags.v[0].rule, rule);
	assert_string_equal(p.diags.v[0].message, message);
	assert_int_equal(p.diags.v[0].line, line);
	assert_int_equal(p.diags.v[0].column, col);
	release(&p);
}

static const struct {
	const char *text;
	enum wl_node_kind kind;
} scalars[] = {
	{ "yes", WL_NODE_STRING }, { "no", WL_NODE_STRING },
	{ "on", WL_NODE_STRING }, { "off", WL_NODE_STRING },
	{ "y", WL_NODE_STRING }, { "true", WL_NODE_BOOL },
	{ "False", WL_NODE_BOOL }, { "TRUE", WL_NODE_BOOL },
	{ "tRUE", WL_NODE_STRING }, { "~", WL_NODE_NULL },
	{ "null", WL_NODE_NULL }, { "", WL_NODE_NULL },
	{ "12", WL_NODE_INT }, { "-12", WL_NODE_INT }, { "+7", WL_NODE_INT },
	{ "0o17", WL_NODE_INT }, { "0x1F", WL_NODE_INT },
	{ "0x1G", WL_NODE_STRING }, { "1.5", WL_NODE_FLOAT },
	{ "1e3", WL_NODE_FLOAT }, { ".5", WL_NODE_FLOAT },
	{ "-.inf", WL_NODE_FLOAT }, { ".NaN", WL_NODE_FLOAT },
	{ "2026-11-26", WL_NODE_STRING }, { "12:30", WL_NODE_STRING },
	{ "1_000", WL_NODE_STRING }, { "\"12\"", WL_NODE_STRING },
	{ "'true'", WL_NODE_STRING }, { "99999999999999999999",
					 WL_NODE_FLOAT },
	{ "!!str 12", WL_NODE_STRING }, { "!!float 3", WL_NODE_FLOAT },
	{ "!!int \"12\"", WL_NODE_INT }, { "! 12", WL_NODE_STRING },
};

static void test_yaml__scalars_follow_the_core_schema(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(scalars) / sizeof(*scalars); i++) {
		char text[128];
		struct parsed p;
		const struct wl_node *v;

		snprintf(text, sizeof(text), "k: %s\n", scalars[i].text);
		parse(&p, text);
		assert_int_equal(p.diags.nr, 0);
		v = wl_node_get(p.doc.root, "k");
		assert_non_null(v);
		if (v->kind != scalars[i].kind)
			fail_msg("'%s' typed %d, want %d", scalars[i].text,
				 v->kind, scalars[i].kind);
		release(&p);
	}
}

static void test_yaml__values_and_positions(void **state)
{
	struct parsed p;
	const struct wl_node *root, *tags, *n;

	(void)state;
	parse(&p, "title: 张三的任务\nn: 0x10\ntags: [a, 'b']\nnested:\n  k: -2.5\n");
	assert_int_equal(p.diags.nr, 0);
	root = p.doc.root;
	assert_int_equal(root->kind, WL_NODE_MAP);
	assert_int_equal(root->nr, 4);
	assert_string_equal(wl_node_get_str(root, "title"), "张三的任务");
	n = wl_node_get(root, "n");
	assert_int_equal(n->v.i, 16);
	assert_int_equal(n->line, 3);
	assert_int_equal(n->column, 4);
	tags = wl_node_get(root, "tags");
	assert_int_equal(tags->nr, 2);
	assert_int_equal(tags->items[1]->column, 11);
	assert_false(tags->items[1]->flags & WL_NODE_PLAIN);
	assert_true(tags->items[0]->flags & WL_NODE_PLAIN);
	n = wl_node_get(wl_node_get(root, "nested"), "k");
	assert_true(n->v.f == -2.5);
	assert_int_equal(n->line, 6);
	assert_int_equal(n->column, 6);
	release(&p);
}

static void test_yaml__duplicate_key_reports_second_use(void **state)
{
	(void)state;
	expect_diag("a: 1\nb: 2\na: 3\n", 4, 1, "duplicate-key",
		    "duplicate key 'a' (first at line 2)");
	expect_diag("m:\n  x: 1\n  x: 2\n", 4, 3, "duplicate-key",
		    "duplicate key 'x' (first at line 3)");
}

static void test_yaml__duplicate_key_in_a_large_mapping(void **state)
{
	struct wl_buf b = WL_BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		wl_buf_addf(&b, "k%d: %d\n", i, i);
	wl_buf_addstr(&b, "k57: again\nk3: again\n");
	expect_diag(b.buf, 102, 1, "duplicate-key",
		    "duplicate key 'k57' (first at line 59)");
	wl_buf_release(&b);
}

static void test_yaml__aliases_are_shared_and_bounded(void **state)
{
	struct parsed p;
	struct wl_buf b = WL_BUF_INIT;
	int i, j;

	(void)state;
	parse(&p, "a: &x [1, 2]\nb: *x\n");
	assert_int_equal(p.diags.nr, 0);
	assert_ptr_equal(wl_node_get(p.doc.root, "a"),
			 wl_node_get(p.doc.root, "b"));
	release(&p);

	expect_diag("a: *nope\n", 2, 4, "syntax", "undefined alias '*nope'");
	expect_diag("a: &x\n  b: *x\n", 3, 6, "syntax",
		    "alias '*x' refers to a node that contains it");

	wl_buf_addstr(&b, "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++) {
		wl_buf_addf(&b, "l%d: &l%d [", i, i);
		for (j = 0; j < 10; j++)
			wl_buf_addf(&b, "%s*l%d", j ? ", " : "", i - 1);
		wl_buf_addstr(&b, "]\n");
	}
	parse(&p, b.buf);
	assert_null(p.doc.root);
	assert_int_equal(p.diags.nr, 1);
	assert_string_equal(p.diags.v[0].message,
			    "alias expansion exceeds 100000 nodes");
	release(&p);
	wl_buf_release(&b);
}

static void test_yaml__depth_is_bounded(void **state)
{
	struct wl_buf b = WL_BUF_INIT;
	int i;

	(void)state;
	wl_buf_addstr(&b, "a: ");
	for (i = 0; i < 200; i++)
		wl_buf_addch(&b, '[');
	for (i = 0; i < 200; i++)
		wl_buf_addch(&b, ']');
	/* The root mapping is level 1, so the 64th '[' is one too many. */
	expect_diag(b.buf, 2, 67, "syntax", "nesting deeper than 64 levels");
	wl_buf_release(&b);
}

static void test_yaml__size_is_bounded(void **state)
{
	struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	struct parsed p;

	(void)state;
	lim.max_bytes = 8;
	memset(&p, 0, sizeof(p));
	wl_yaml_parse(&p.doc, "a: 123456789\n", 13, 1, &lim, "t.md",
		      &p.diags);
	assert_int_equal(p.diags.nr, 1);
	assert_string_equal(p.diags.v[0].message,
			    "YAML text is larger than 8 bytes");
	release(&p);
}

static void test_yaml__tags_outside_the_core_schema_are_rejected(void **state)
{
	(void)state;
	expect_diag("a: !foo bar\n", 2, 4, "syntax", "unsupported tag '!foo'");
	expect_diag("a: !!binary aGk=\n", 2, 4, "syntax",
		    "unsupported tag '!!binary'");
	expect_diag("a: !!set {x}\n", 2, 4, "syntax", "unsupported tag '!!set'");
	expect_diag("a: !!int abc\n", 2, 4, "syntax",
		    "'abc' is not a valid !!int");
}

static void test_yaml__broken_yaml_has_a_position(void **state)
{
	(void)state;
	expect_diag("a: [1, 2\nb: 3\n", 3, 2, "syntax",
		    "did not find expected ',' or ']' while parsing a flow sequence started at line 2");
	expect_diag("a: b: c\n", 2, 5, "syntax",
		    "mapping values are not allowed in this context");
	expect_diag("a: \"open\n", 3, 1, "syntax",
		    "found unexpected end of stream while scanning a quoted scalar started at line 2");
	expect_diag("a:\n\tb: 1\n", 3, 1, "syntax",
		    "a tab character cannot indent YAML; use spaces");
	expect_diag("? [a]\n: b\n", 2, 3, "syntax",
		    "mapping keys must be scalars, not a sequence");
}

static void test_yaml__reader_errors_become_line_and_column(void **state)
{
	(void)state;
	/* libyaml reports control characters with a byte offset only. */
	expect_diag("a: 1\nb: x\x01y\n", 3, 5, "syntax",
		    "control character 0x01 is not allowed");
}

static void test_node__json_equality(void **state)
{
	struct parsed a, b;

	(void)state;
	parse(&a, "x: {p: 1, q: [true, null, \"s\"]}\ny: 1.0\n");
	parse(&b, "x: {q: [true, ~, s], p: 1.0}\ny: 1\n");
	assert_true(wl_node_equal(wl_node_get(a.doc.root, "x"),
				  wl_node_get(b.doc.root, "x")));
	assert_true(wl_node_equal(wl_node_get(a.doc.root, "y"),
				  wl_node_get(b.doc.root, "y")));
	assert_string_equal(wl_node_json_type(wl_node_get(a.doc.root, "y")),
			    "integer");
	assert_false(wl_node_equal(wl_node_get(a.doc.root, "x"),
				   wl_node_get(b.doc.root, "y")));
	release(&a);
	release(&b);
}

static void test_node__equal_nodes_hash_alike(void **state)
{
	struct parsed a, b;

	(void)state;
	parse(&a, "x: {p: 1, q: [true, null, \"s\"]}\ny: 1.0\nz: -0.0\n");
	parse(&b, "x: {q: [true, ~, s], p: 1.0}\ny: 1\nz: 0\n");
	assert_true(wl_node_hash(wl_node_get(a.doc.root, "x")) ==
		    wl_node_hash(wl_node_get(b.doc.root, "x")));
	assert_true(wl_node_hash(wl_node_get(a.doc.root, "y")) ==
		    wl_node_hash(wl_node_get(b.doc.root, "y")));
	assert_true(wl_node_hash(wl_node_get(a.doc.root, "z")) ==
		    wl_node_hash(wl_node_get(b.doc.root, "z")));
	assert_true(wl_node_hash(wl_node_get(a.doc.root, "x")) !=
		    wl_node_hash(wl_node_get(a.doc.root, "y")));
	release(&a);
	release(&b);
}

static void test_node__json_prefix_stops_early(void **state)
{
	struct parsed p;
	struct wl_buf out = WL_BUF_INIT;

	(void)state;
	parse(&p, "l: &a [aaaaaaaaaa, bbbbbbbbbb, cccccccccc]\nm: [*a, *a, *a, *a]\n");
	wl_node_to_json_prefix(&out, wl_node_get(p.doc.root, "m"), 20);
	assert_true(out.len < 40);
	assert_memory_equal(out.buf, "[[\"aaaaaaaaaa\",\"bbbbb", 20);
	wl_buf_release(&out);
	release(&p);
}

static void test_yaml__long_strings_count_toward_alias_expansion(void **state)
{
	struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	struct wl_buf b = WL_BUF_INIT;
	struct parsed p;
	int i;

	(void)state;
	/* 40 aliases of a 64 KiB string: few nodes, but 2.5 MiB to expand. */
	wl_buf_addstr(&b, "s: &s \"");
	for (i = 0; i < 65536; i++)
		wl_buf_addch(&b, 'x');
	wl_buf_addstr(&b, "\"\nl: [");
	for (i = 0; i < 40; i++)
		wl_buf_addstr(&b, i ? ", *s" : "*s");
	wl_buf_addstr(&b, "]\n");
	memset(&p, 0, sizeof(p));
	wl_yaml_parse(&p.doc, b.buf, b.len, 1, &lim, "t.md", &p.diags);
	assert_null(p.doc.root);
	assert_int_equal(p.diags.nr, 1);
	assert_string_equal(p.diags.v[0].message,
			    "alias expansion exceeds 100000 nodes");
	release(&p);
	wl_buf_release(&b);
}

static void test_yaml__many_plain_nodes_are_not_an_alias_bomb(void **state)
{
	struct wl_buf b = WL_BUF_INIT;
	struct parsed p;
	int i;

	(void)state;
	wl_buf_addstr(&b, "l: [");
	for (i = 0; i < 150000; i++)
		wl_buf_addstr(&b, i ? ",1" : "1");
	wl_buf_addstr(&b, "]\n");
	parse(&p, b.buf);
	assert_int_equal(p.diags.nr, 0);
	assert_int_equal(wl_node_get(p.doc.root, "l")->nr, 150000);
	release(&p);
	wl_buf_release(&b);
}

/* Anchors are found by hash; a later anchor of a name still wins. */
static void test_yaml__many_anchors_and_aliases(void **state)
{
	static const struct wl_yaml_limits lim = { 4 * 1024 * 1024, 64,
						   1000000, 0 };
	struct wl_buf b = WL_BUF_INIT;
	struct parsed p;
	char key[32];
	int i;

	(void)state;
	parse(&p, "a: &x 1\nb: &x 2\nc: *x\n");
	assert_int_equal(p.diags.nr, 0);
	assert_int_equal(wl_node_get(p.doc.root, "c")->v.i, 2);
	release(&p);

	for (i = 0; i < 30000; i++)
		wl_buf_addf(&b, "a%d: &x%d %d\n", i, i, i);
	for (i = 0; i < 30000; i++)
		wl_buf_addf(&b, "b%d: *x%d\n", i, 29999 - i);
	memset(&p, 0, sizeof(p));
	wl_yaml_parse(&p.doc, b.buf, b.len, 1, &lim, "t.md", &p.diags);
	assert_int_equal(p.diags.nr, 0);
	for (i = 0; i < 30000; i += 7499) {
		snprintf(key, sizeof(key), "b%d", i);
		assert_int_equal(wl_node_get(p.doc.root, key)->v.i, 29999 - i);
	}
	release(&p);
	wl_buf_release(&b);
}

/* max_nodes bounds the nodes written out, where the one too many is. */
static void test_yaml__nodes_are_bounded_when_asked(void **state)
{
	static const struct wl_yaml_limits lim = { 1024, 64, 1000, 5 };
	struct parsed p;
	const char *text = "a: [1, 2]\nb: 3\n";

	(void)state;
	memset(&p, 0, sizeof(p));
	wl_yaml_parse(&p.doc, text, strlen(text), 1, &lim, "t.md", &p.diags);
	assert_null(p.doc.root);
	assert_int_equal(p.diags.nr, 1);
	assert_int_equal(p.diags.v[0].line, 3);
	assert_int_equal(p.diags.v[0].column, 1);
	assert_string_equal(p.diags.v[0].message, "more than 5 nodes");
	release(&p);
}

/* Mappings of many keys compare in any key order, in n log n. */
static void test_node__large_mappings_compare_by_key(void **state)
{
	struct wl_buf x = WL_BUF_INIT, y = WL_BUF_INIT;
	struct parsed p;
	int i;

	(void)state;
	wl_buf_addstr(&x, "a: {");
	wl_buf_addstr(&y, "b: {");
	for (i = 0; i < 1000; i++) {
		wl_buf_addf(&x, "%sk%d: [%d]", i ? ", " : "", i, i);
		wl_buf_addf(&y, "%sk%d: [%d]", i ? ", " : "", 999 - i,
			    999 - i);
	}
	wl_buf_addstr(&x, "}\n");
	wl_buf_addstr(&y, "}\nc: {k0: [0], k1: [1]}\n");
	wl_buf_addstr(&x, y.buf);
	parse(&p, x.buf);
	assert_int_equal(p.diags.nr, 0);
	assert_true(wl_node_equal(wl_node_get(p.doc.root, "a"),
				  wl_node_get(p.doc.root, "b")));
	assert_false(wl_node_equal(wl_node_get(p.doc.root, "a"),
				   wl_node_get(p.doc.root, "c")));
	release(&p);
	/* One value differs, then one key. */
	x.len = 0;
	wl_buf_addstr(&x, "a: {");
	wl_buf_reset(&y);
	wl_buf_addstr(&y, "b: {");
	for (i = 0; i < 100; i++) {
		wl_buf_addf(&x, "%sk%d: %d", i ? ", " : "", i, i);
		wl_buf_addf(&y, "%s%s%d: %d", i ? ", " : "",
			    i == 50 ? "j" : "k", i, i == 70 ? 0 : i);
	}
	wl_buf_addstr(&x, "}\n");
	wl_buf_addstr(&y, "}\n");
	wl_buf_addstr(&x, y.buf);
	parse(&p, x.buf);
	assert_false(wl_node_equal(wl_node_get(p.doc.root, "a"),
				   wl_node_get(p.doc.root, "b")));
	release(&p);
	wl_buf_release(&x);
	wl_buf_release(&y);
}

static void test_node__to_json(void **state)
{
	struct parsed p;
	struct wl_buf out = WL_BUF_INIT;

	(void)state;
	parse(&p, "s: \"a\\\"b\\n\"\nf: 0.1\nn: ~\nl: [1, -2.5e3]\nz: .inf\n");
	wl_node_to_json(&out, p.doc.root);
	assert_string_equal(out.buf,
			    "{\"s\":\"a\\\"b\\n\",\"f\":0.1,\"n\":null,\"l\":[1,-2500],\"z\":null}");
	wl_buf_release(&out);
	release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__scalars_follow_the_core_schema),
		cmocka_unit_test(test_yaml__values_and_positions),
		cmocka_unit_test(test_yaml__duplicate_key_reports_second_use),
		cmocka_unit_test(test_yaml__duplicate_key_in_a_large_mapping),
		cmocka_unit_test(test_yaml__aliases_are_shared_and_bounded),
		cmocka_unit_test(test_yaml__depth_is_bounded),
		cmocka_unit_test(test_yaml__size_is_bounded),
		cmocka_unit_test(test_yaml__tags_outside_the_core_schema_are_rejected),
		cmocka_unit_test(test_yaml__broken_yaml_has_a_position),
		cmocka_unit_test(test_yaml__reader_errors_become_line_and_column),
		cmocka_unit_test(test_node__json_equality),
		cmocka_unit_test(test_node__to_json),
		cmocka_unit_test(test_node__equal_nodes_hash_alike),
		cmocka_unit_test(test_node__json_prefix_stops_early),
		cmocka_unit_test(test_yaml__long_strings_count_toward_alias_expansion),
		cmocka_unit_test(test_yaml__many_plain_nodes_are_not_an_alias_bomb),
		cmocka_unit_test(test_yaml__many_anchors_and_aliases),
		cmocka_unit_test(test_yaml__nodes_are_bounded_when_asked),
		cmocka_unit_test(test_node__large_mappings_compare_by_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
