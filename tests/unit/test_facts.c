#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "facts.h"
#include "record.h"
#include "schema.h"

static const char type_yaml[] =
	"x-type: item\n"
	"x-id: id\n"
	"type: object\n"
	"properties:\n"
	"  id: {type: string}\n"
	"  status: {type: string}\n"
	"  owner: {type: string, x-person: true}\n"
	"  parent: {type: string, x-ref: item}\n"
	"  blocks: {type: array, items: {type: string, x-ref: task}}\n"
	"  watchers: {type: array, x-person: true}\n"
	"  actions:\n"
	"    type: array\n"
	"    items:\n"
	"      type: object\n"
	"      properties:\n"
	"        owner: {type: string, x-person: true}\n"
	"x-lifecycle: {field: status, due: due, open: [todo, doing],\n"
	"              blocked: [stuck], done: [done], cancelled: [dropped]}\n";

static struct wl_schema_set *set;
static const struct wl_type *type;

static int setup(void **state)
{
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	set = wl_schema_set_new();
	assert_int_equal(wl_schema_set_add(set, "item.yaml", type_yaml,
					   strlen(type_yaml), 0, &d), 0);
	assert_int_equal(wl_schema_set_finish(set, &d), 0);
	type = wl_schema_set_type(set, "item");
	return type ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	wl_schema_set_free(set);
	return 0;
}

/* Writes the facts of record text `text` into `out`. */
static void facts_of(struct wl_buf *out, const char *text)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	size_t len = strlen(text);
	char *buf = malloc(len + 1);

	memcpy(buf, text, len + 1);
	wl_record_parse(&r, "r.md", buf, len, NULL, &d);
	wl_facts_write(out, r.doc.root ? type : NULL, r.doc.root);
	wl_record_release(&r);
	wl_diags_release(&d);
}

static void test_facts__id_refs_and_people_with_positions(void **state)
{
	struct wl_buf text = WL_BUF_INIT;
	struct wl_facts f;

	(void)state;
	facts_of(&text, "---\nid: I-1\nowner: zhangsan\nparent: I-0\n"
			"blocks: [T-1, T-2]\nwatchers: [lisi]\n"
			"actions:\n  - {owner: wangwu}\n---\nbody\n");
	assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
	assert_string_equal(f.type, "item");
	assert_string_equal(f.id, "I-1");
	assert_string_equal(f.id_field, "id");
	assert_int_equal(f.id_line, 2);
	assert_int_equal(f.id_column, 5);
	/* The head is read first; the values only when asked. */
	assert_int_equal(f.nr, 0);
	assert_int_equal(wl_facts_complete(&f), 0);
	assert_int_equal(f.nr, 6);
	assert_string_equal(f.v[0].field, "owner");
	assert_string_equal(f.v[0].value, "zhangsan");
	assert_null(f.v[0].ref_type);
	assert_int_equal(f.v[0].line, 3);
	assert_int_equal(f.v[0].column, 8);
	assert_string_equal(f.v[1].field, "parent");
	assert_string_equal(f.v[1].ref_type, "item");
	assert_string_equal(f.v[2].field, "blocks[0]");
	assert_string_equal(f.v[2].value, "T-1");
	assert_string_equal(f.v[2].ref_type, "task");
	assert_string_equal(f.v[3].field, "blocks[1]");
	assert_string_equal(f.v[4].field, "watchers[0]");
	assert_string_equal(f.v[4].value, "lisi");
	assert_string_equal(f.v[5].field, "actions[0].owner");
	assert_string_equal(f.v[5].value, "wangwu");
	assert_int_equal(f.v[5].line, 8);
	wl_facts_release(&f);
	wl_buf_release(&text);
}

static void test_facts__an_unreadable_record_has_empty_facts(void **state)
{
	struct wl_buf text = WL_BUF_INIT;
	struct wl_facts f;

	(void)state;
	facts_of(&text, "---\nid: [\n---\n");
	assert_int_equal(text.len, 0);
	assert_int_equal(wl_facts_parse(&f, "", 0), 0);
	assert_null(f.type);
	assert_int_equal(wl_facts_complete(&f), 0);
	assert_int_equal(f.nr, 0);
	wl_facts_release(&f);
	wl_buf_release(&text);
}

static void test_facts__values_that_are_not_strings_are_skipped(void **state)
{
	struct wl_buf text = WL_BUF_INIT;
	struct wl_facts f;

	(void)state;
	facts_of(&text, "---\nid: 42\nowner: 7\nparent: [x]\n---\n");
	assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
	assert_string_equal(f.id, "42");
	assert_int_equal(wl_facts_complete(&f), 0);
	assert_int_equal(f.nr, 0);
	wl_facts_release(&f);
	wl_buf_release(&text);
}

static void test_facts__state_period_and_due_date(void **state)
{
	struct wl_buf text = WL_BUF_INIT;
	struct wl_facts f;

	(void)state;
	facts_of(&text, "---\nid: I-1\nperiod: 2026-W48\nstatus: done\n"
			"due: 2026-11-30\nowner: lisi\n---\n");
	assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
	assert_string_equal(f.id, "I-1");
	assert_string_equal(f.state.field, "status");
	assert_string_equal(f.state.value, "done");
	assert_int_equal(f.state.line, 4);
	assert_int_equal(f.state.column, 9);
	assert_int_equal(f.state_class, WL_STATE_DONE);
	assert_string_equal(f.period.field, "period");
	assert_string_equal(f.period.value, "2026-W48");
	assert_int_equal(f.period.line, 3);
	assert_string_equal(f.due.field, "due");
	assert_string_equal(f.due.value, "2026-11-30");
	assert_int_equal(f.due.line, 5);
	assert_int_equal(f.due.column, 6);
	/* The values after them still read. */
	assert_int_equal(wl_facts_complete(&f), 0);
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.v[0].value, "lisi");
	wl_facts_release(&f);
	wl_buf_release(&text);
}

static void test_facts__each_lifecycle_class_and_none(void **state)
{
	static const struct {
		const char *status;
		enum wl_state_class class;
	} cases[] = {
		{ "todo", WL_STATE_OPEN }, { "doing", WL_STATE_OPEN },
		{ "stuck", WL_STATE_BLOCKED }, { "done", WL_STATE_DONE },
		{ "dropped", WL_STATE_CANCELLED }, { "other", WL_STATE_NONE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct wl_buf text = WL_BUF_INIT, rec = WL_BUF_INIT;
		struct wl_facts f;

		wl_buf_addf(&rec, "---\nstatus: %s\n---\n", cases[i].status);
		facts_of(&text, rec.buf);
		assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
		assert_string_equal(f.state.value, cases[i].status);
		assert_int_equal(f.state_class, cases[i].class);
		assert_null(f.id);
		assert_null(f.period.field);
		assert_null(f.due.field);
		wl_facts_release(&f);
		wl_buf_release(&text);
		wl_buf_release(&rec);
	}
}

static void test_facts__a_damaged_text_is_an_unusable_record(void **state)
{
	static const char *const bad[] = {
		"X\0", "T", "T\0item\0I\0x\0", "T\0item\0R\0001\0002\0f\0v\0",
		"T\0item\0Q\0",
		/* Out of order: the state after the period. */
		"T\0item\0Q\0" "1\0" "1\0p\0v\0S\0" "1\0" "1\0s\0v\0" "0\0",
		/* A state without its class, and one with no such class. */
		"T\0item\0S\0" "1\0" "1\0s\0v\0",
		"T\0item\0S\0" "1\0" "1\0s\0v\0" "9\0",
	};
	static const size_t lens[] = { 2, 1, 11, 17, 9, 29, 17, 19 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct wl_facts f;
		int r = wl_facts_parse(&f, bad[i], lens[i]);

		if (!r)
			r = wl_facts_complete(&f);
		if (r != -1 || f.type)
			fail_msg("damaged text %zu was read", i);
		wl_facts_release(&f);
	}
}

/* Every node of `a` and `b` alike: kind, plain flag, text and value. */
static void assert_same_tree(const struct wl_node *a, const struct wl_node *b)
{
	size_t i;

	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->flags & WL_NODE_PLAIN, b->flags & WL_NODE_PLAIN);
	assert_int_equal(a->nr, b->nr);
	if (a->kind == WL_NODE_SEQ) {
		for (i = 0; i < a->nr; i++)
			assert_same_tree(a->items[i], b->items[i]);
		return;
	}
	if (a->kind == WL_NODE_MAP) {
		for (i = 0; i < a->nr; i++) {
			assert_same_tree(a->pairs[i].key, b->pairs[i].key);
			assert_same_tree(a->pairs[i].value, b->pairs[i].value);
		}
		return;
	}
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->str, b->str, a->len);
	assert_int_equal(b->str[b->len], '\0');
	if (a->kind == WL_NODE_BOOL)
		assert_int_equal(a->v.b, b->v.b);
	if (a->kind == WL_NODE_INT)
		assert_true(a->v.i == b->v.i);
	if (a->kind == WL_NODE_FLOAT)
		assert_memory_equal(&a->v.f, &b->v.f, sizeof(double));
}

static const char packed_record[] =
	"---\nid: I-1\nstatus: doing\ntitle: 618 活动页面\n"
	"n: [~, null, true, False, 0x1F, -7, 1.50, .inf, 9223372036854775807,"
	" 99999999999999999999, '5', \"a\\0b\"]\n"
	"kpis: [{id: K1, actual: 3.2}, {}, []]\n"
	"anchor: &a {x: 1}\nalias: *a\n"
	"empty: ''\n---\nbody\n";

static void test_facts__the_front_matter_comes_back_as_written(void **state)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_buf text = WL_BUF_INIT;
	struct wl_doc doc = WL_DOC_INIT;
	struct wl_facts f;
	size_t len = strlen(packed_record);
	char *buf = malloc(len + 1);

	(void)state;
	memcpy(buf, packed_record, len + 1);
	wl_record_parse(&r, "r.md", buf, len, NULL, &d);
	assert_int_equal(d.nr, 0);
	wl_facts_write(&text, type, r.doc.root);
	assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
	/* The head after the front matter still reads. */
	assert_string_equal(f.id, "I-1");
	assert_string_equal(f.state.value, "doing");
	assert_int_equal(wl_facts_front_matter(&doc, &f), 0);
	assert_same_tree(r.doc.root, doc.root);
	assert_true(wl_node_equal(r.doc.root, doc.root));
	assert_string_equal(wl_node_get_str(doc.root, "title"), "618 活动页面");
	wl_doc_release(&doc);
	wl_facts_release(&f);
	wl_record_release(&r);
	wl_diags_release(&d);
	wl_buf_release(&text);
}

/* A damaged packed front matter, cut or flipped anywhere, is refused or
 * read as some tree, and never read past its end. */
static void test_facts__a_damaged_front_matter_is_refused(void **state)
{
	struct wl_buf text = WL_BUF_INIT;
	struct wl_facts f;
	size_t i, cut, refused = 0;

	(void)state;
	facts_of(&text, packed_record);
	assert_int_equal(wl_facts_parse(&f, text.buf, text.len), 0);
	assert_non_null(f.fm);
	for (cut = 0; cut < f.fm_len; cut++) {
		struct wl_facts g = f;
		struct wl_doc doc = WL_DOC_INIT;
		/* Exactly `cut` bytes, so a read past them is caught. */
		char *copy = malloc(cut ? cut : 1);

		memcpy(copy, f.fm, cut);
		g.fm = copy;
		g.fm_len = cut;
		refused += wl_facts_front_matter(&doc, &g) < 0;
		assert_null(doc.root);
		wl_doc_release(&doc);
		free(copy);
	}
	assert_int_equal(refused, f.fm_len);
	for (i = 0; i < f.fm_len; i++) {
		struct wl_facts g = f;
		struct wl_doc doc = WL_DOC_INIT;
		char *copy = malloc(f.fm_len);

		memcpy(copy, f.fm, f.fm_len);
		copy[i] ^= (char)0xa5;
		g.fm = copy;
		if (wl_facts_front_matter(&doc, &g) == 0)
			assert_int_equal(doc.root->kind, WL_NODE_MAP);
		wl_doc_release(&doc);
		free(copy);
	}
	/* A length beyond the text is no front matter. */
	{
		static const char bad[] = "T\0item\0F\0" "99\0\x06\x00";

		assert_int_equal(wl_facts_parse(&f, bad, sizeof(bad) - 1), -1);
		assert_null(f.type);
	}
	wl_facts_release(&f);
	wl_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts__id_refs_and_people_with_positions),
		cmocka_unit_test(test_facts__an_unreadable_record_has_empty_facts),
		cmocka_unit_test(test_facts__values_that_are_not_strings_are_skipped),
		cmocka_unit_test(test_facts__state_period_and_due_date),
		cmocka_unit_test(test_facts__each_lifecycle_class_and_none),
		cmocka_unit_test(test_facts__a_damaged_text_is_an_unusable_record),
		cmocka_unit_test(test_facts__the_front_matter_comes_back_as_written),
		cmocka_unit_test(test_facts__a_damaged_front_matter_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
