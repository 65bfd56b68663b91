#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compare.h"
#include "node.h"
#include "util.h"

static void parse(struct wl_doc *doc, const char *yaml)
{
	struct wl_yaml_limits limits = WL_YAML_LIMITS_DEFAULT;
	struct wl_diags d = WL_DIAGS_INIT;

	wl_yaml_parse(doc, yaml, strlen(yaml), 0, &limits, "t.yaml", &d);
	assert_int_equal(d.nr, 0);
	wl_diags_release(&d);
}

/* Compares two front matters and shows each change as one line:
 * "kind path: old -> new", a missing side shown as "-". */
static char *show(const char *old_yaml, const char *new_yaml)
{
	struct wl_doc a = WL_DOC_INIT, b = WL_DOC_INIT;
	struct wl_field_changes ch = WL_FIELD_CHANGES_INIT;
	struct wl_buf out = WL_BUF_INIT;
	size_t i;

	parse(&a, old_yaml);
	parse(&b, new_yaml);
	assert_int_equal(wl_compare(&ch, a.root, b.root), 0);
	for (i = 0; i < ch.nr; i++) {
		const struct wl_field_change *c = &ch.v[i];

		assert_true(!c->old_value == !c->old_node);
		assert_true(!c->new_value == !c->new_node);
		wl_buf_addf(&out, "%s %s: %s -> %s\n",
			    wl_field_kind_name(c->kind), c->path,
			    c->old_value ? c->old_value : "-",
			    c->new_value ? c->new_value : "-");
	}
	wl_field_changes_release(&ch);
	wl_doc_release(&a);
	wl_doc_release(&b);
	return wl_buf_detach(&out, NULL);
}

static void check(const char *old_yaml, const char *new_yaml,
		  const char *want)
{
	char *got = show(old_yaml, new_yaml);

	assert_string_equal(got, want);
	free(got);
}

static void test_compare__equal_records_have_no_changes(void **state)
{
	check("a: 1\nb: [x, y]\nc: {d: 1.0}\n",
	      "c: {d: 1}\nb: [y, x]\na: 1.0\n", "");
	check("s: '5'\n", "s: \"5\"\n", "");
	/* A value is the same as itself, NaN too. */
	check("n: .nan\nl: [.nan, 1]\n", "n: .NaN\nl: [1, .nan]\nb: 1\n",
	      "added b: - -> 1\n");
}

static void test_compare__scalar_changed_added_removed(void **state)
{
	check("status: doing\ndue: 2026-11-30\nowner: lisi\n",
	      "status: done\nowner: lisi\ncompleted: 2026-11-28\n",
	      "changed status: doing -> done\n"
	      "removed due: 2026-11-30 -> -\n"
	      "added completed: - -> 2026-11-28\n");
}

static void test_compare__scalars_keep_their_text_and_null(void **state)
{
	check("a: 1\nb: ~\nc: True\nd: 1.50\n",
	      "a: '1'\nb: x\nc: false\nd: 0x1F\n",
	      "changed a: 1 -> 1\n"
	      "changed b: null -> x\n"
	      "changed c: True -> false\n"
	      "changed d: 1.50 -> 0x1F\n");
}

static void test_compare__nested_maps_give_dotted_paths(void **state)
{
	check("a: {b: {c: 1, d: 2}}\n", "a: {b: {c: 1, d: 3, e: 4}}\n",
	      "changed a.b.d: 2 -> 3\n"
	      "added a.b.e: - -> 4\n");
}

static void test_compare__odd_keys_are_quoted(void **state)
{
	check("\"a.b\": 1\n\"\": 1\nx y: 1\n\"q\\\"\": 1\nm: {\"[0]\": 1}\n",
	      "\"a.b\": 2\n\"\": 2\nx y: 2\n\"q\\\"\": 2\nm: {\"[0]\": 2}\n",
	      "changed \"a.b\": 1 -> 2\n"
	      "changed \"\": 1 -> 2\n"
	      "changed \"x y\": 1 -> 2\n"
	      "changed \"q\\\"\": 1 -> 2\n"
	      "changed m.\"[0]\": 1 -> 2\n");
}

static void test_compare__chinese_keys_and_values(void **state)
{
	check("标题: 618 活动页面加载速度优化\n状态: 进行中\n"
	      "指标: [{名称: 首屏, 实际: 3.2}]\n",
	      "标题: 618 活动页面加载速度优化（二期）\n状态: 已完成\n"
	      "指标: [{名称: 首屏, 实际: 1.8}]\n",
	      "changed 标题: 618 活动页面加载速度优化 -> "
	      "618 活动页面加载速度优化（二期）\n"
	      "changed 状态: 进行中 -> 已完成\n"
	      "item-removed 指标: {\"名称\":\"首屏\",\"实际\":3.2} -> -\n"
	      "item-added 指标: - -> {\"名称\":\"首屏\",\"实际\":1.8}\n");
}

static void test_compare__scalar_lists_are_multisets(void **state)
{
	check("tags: [web, perf, web, 性能]\n",
	      "tags: [perf, web, ops, 运维]\n",
	      "item-removed tags: web -> -\n"
	      "item-removed tags: 性能 -> -\n"
	      "item-added tags: - -> ops\n"
	      "item-added tags: - -> 运维\n");
}

static void test_compare__mapping_items_pair_by_id(void **state)
{
	check("kpis:\n"
	      "  - {id: K1, target: 90, actual: 80}\n"
	      "  - {id: K2, target: 5, actual: 7}\n"
	      "  - {id: K3, target: 1}\n",
	      "kpis:\n"
	      "  - {id: K2, target: 5, actual: 4}\n"
	      "  - {id: K1, target: 90, actual: 80}\n"
	      "  - {id: K4, target: 2}\n",
	      "changed kpis[0].actual: 7 -> 4\n"
	      "item-removed kpis: {\"id\":\"K3\",\"target\":1} -> -\n"
	      "item-added kpis: - -> {\"id\":\"K4\",\"target\":2}\n");
}

static void test_compare__mapping_items_pair_by_name(void **state)
{
	check("milestones:\n"
	      "  - {name: 设计, done: false}\n"
	      "  - {name: 上线, done: false}\n",
	      "milestones:\n"
	      "  - {name: 设计, done: true, date: 2026-11-02}\n"
	      "  - {name: 上线, done: false}\n",
	      "changed milestones[0].done: false -> true\n"
	      "added milestones[0].date: - -> 2026-11-02\n");
}

static void test_compare__items_without_a_key_pair_by_value(void **state)
{
	check("actions:\n"
	      "  - {what: a, done: false}\n"
	      "  - {what: b, done: false}\n",
	      "actions:\n"
	      "  - {what: b, done: false}\n"
	      "  - {what: a, done: true}\n",
	      "item-removed actions: {\"what\":\"a\",\"done\":false} -> -\n"
	      "item-added actions: - -> {\"what\":\"a\",\"done\":true}\n");
}

static void test_compare__items_sharing_an_id_pair_in_order(void **state)
{
	check("l: [{id: 1, v: a}, {id: 1, v: b}, {v: c}]\n",
	      "l: [{id: 1, v: x}, {v: c}, {id: 1, v: b}]\n",
	      "changed l[0].v: a -> x\n");
}

static void test_compare__a_change_of_kind_replaces_the_value(void **state)
{
	check("a: [1, 2]\nb: {c: 1}\nc: x\n",
	      "a: {x: 1}\nb: [c]\nc: [x]\n",
	      "changed a: [1,2] -> {\"x\":1}\n"
	      "changed b: {\"c\":1} -> [\"c\"]\n"
	      "changed c: x -> [\"x\"]\n");
}

static void test_compare__a_missing_front_matter_is_empty(void **state)
{
	struct wl_doc b = WL_DOC_INIT;
	struct wl_field_changes ch = WL_FIELD_CHANGES_INIT;

	parse(&b, "a: 1\nb: [x]\n");
	assert_int_equal(wl_compare(&ch, NULL, b.root), 0);
	assert_int_equal(ch.nr, 2);
	assert_int_equal(ch.v[0].kind, WL_FIELD_ADDED);
	assert_string_equal(ch.v[0].path, "a");
	assert_string_equal(ch.v[1].path, "b");
	assert_string_equal(ch.v[1].new_value, "[\"x\"]");
	wl_field_changes_release(&ch);
	assert_int_equal(wl_compare(&ch, b.root, NULL), 0);
	assert_int_equal(ch.nr, 2);
	assert_int_equal(ch.v[1].kind, WL_FIELD_REMOVED);
	wl_field_changes_release(&ch);
	wl_doc_release(&b);
}

static int stop_at_second(const struct wl_field_change *c, void *data)
{
	int *n = data;

	return ++*n == 2 ? 7 : 0;
}

static void test_compare__the_callback_stops_the_comparison(void **state)
{
	struct wl_doc a = WL_DOC_INIT, b = WL_DOC_INIT;
	int n = 0;

	parse(&a, "a: 1\nb: 1\nc: 1\n");
	parse(&b, "a: 2\nb: 2\nc: 2\n");
	assert_int_equal(wl_compare_each(a.root, b.root, stop_at_second, &n),
			 7);
	assert_int_equal(n, 2);
	wl_doc_release(&a);
	wl_doc_release(&b);
}

/* A list of many items and a mapping of many keys cost n log n, and the
 * changes still come in order. */
static void test_compare__large_lists_and_mappings(void **state)
{
	struct wl_buf a = WL_BUF_INIT, b = WL_BUF_INIT;
	struct wl_doc da = WL_DOC_INIT, db = WL_DOC_INIT;
	struct wl_field_changes ch = WL_FIELD_CHANGES_INIT;
	int i;

	wl_buf_addstr(&a, "l: [");
	wl_buf_addstr(&b, "l: [");
	for (i = 0; i < 20000; i++) {
		wl_buf_addf(&a, "%s{id: %d, v: 1}", i ? "," : "", i);
		wl_buf_addf(&b, "%s{id: %d, v: %d}", i ? "," : "", 19999 - i,
			    19999 - i == 7 ? 2 : 1);
	}
	wl_buf_addstr(&a, "]\nm: {");
	wl_buf_addstr(&b, "]\nm: {");
	for (i = 0; i < 20000; i++) {
		wl_buf_addf(&a, "%sk%d: %d", i ? "," : "", i, i);
		wl_buf_addf(&b, "%sk%d: %d", i ? "," : "", i, i == 5 ? 0 : i);
	}
	wl_buf_addstr(&a, "}\n");
	wl_buf_addstr(&b, "}\n");
	parse(&da, a.buf);
	parse(&db, b.buf);
	assert_int_equal(wl_compare(&ch, da.root, db.root), 0);
	assert_int_equal(ch.nr, 2);
	assert_string_equal(ch.v[0].path, "l[19992].v");
	assert_string_equal(ch.v[1].path, "m.k5");
	wl_field_changes_release(&ch);
	wl_doc_release(&da);
	wl_doc_release(&db);
	wl_buf_release(&a);
	wl_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare__equal_records_have_no_changes),
		cmocka_unit_test(test_compare__scalar_changed_added_removed),
		cmocka_unit_test(test_compare__scalars_keep_their_text_and_null),
		cmocka_unit_test(test_compare__nested_maps_give_dotted_paths),
		cmocka_unit_test(test_compare__odd_keys_are_quoted),
		cmocka_unit_test(test_compare__chinese_keys_and_values),
		cmocka_unit_test(test_compare__scalar_lists_are_multisets),
		cmocka_unit_test(test_compare__mapping_items_pair_by_id),
		cmocka_unit_test(test_compare__mapping_items_pair_by_name),
		cmocka_unit_test(test_compare__items_without_a_key_pair_by_value),
		cmocka_unit_test(test_compare__items_sharing_an_id_pair_in_order),
		cmocka_unit_test(test_compare__a_change_of_kind_replaces_the_value),
		cmocka_unit_test(test_compare__a_missing_front_matter_is_empty),
		cmocka_unit_test(test_compare__the_callback_stops_the_comparison),
		cmocka_unit_test(test_compare__large_lists_and_mappings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
