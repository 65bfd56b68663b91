#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "merge.h"
#include "util.h"

/*
 * Each case: the three versions, the exact merged file, how many
 * conflicts, and whether it had to be merged by lines.
 */
struct merge_case {
	const char *name;
	const char *base, *ours, *theirs;
	const char *want;
	size_t conflicts;
	int by_lines;
};

static const struct merge_case cases[] = {
	{ "disjoint fields merge; comments, order and quoting stay",
	  "---\n# 任务\nid: T-1   # the id\nstatus: todo\ntitle: 'a: b'\ntags: [x]\n---\nbody\n",
	  "---\n# 任务\nid: T-1   # the id\nstatus: doing  # started\ntitle: 'a: b'\ntags: [x]\n---\nbody\n",
	  "---\n# 任务\nid: T-1   # the id\nstatus: todo\ntitle: 'a: b'\ntags: [x, y]\n---\nbody\n",
	  "---\n# 任务\nid: T-1   # the id\nstatus: doing  # started\ntitle: 'a: b'\ntags: [x, y]\n---\nbody\n",
	  0, 0 },
	{ "a key theirs added goes after the key before it in theirs",
	  "---\na: 1\nb: 2\n---\n",
	  "---\na: 1\nb: 3\n---\n",
	  "---\na: 1\nnew:\n  - 一\n  - 二   # c\nb: 2\n---\n",
	  "---\na: 1\nnew:\n  - 一\n  - 二   # c\nb: 3\n---\n",
	  0, 0 },
	{ "a key theirs deleted goes, its lines with it",
	  "---\na: 1\nb:\n  c: 2\nd: 4\n---\n",
	  "---\na: 5\nb:\n  c: 2\nd: 4\n---\n",
	  "---\na: 1\nd: 4\n---\n",
	  "---\na: 5\nd: 4\n---\n",
	  0, 0 },
	{ "a field both changed differently is a conflict around it alone",
	  "---\nid: T-1\nstatus: todo\nowner: a\n---\n",
	  "---\nid: T-1\nstatus: doing\nowner: a\n---\n",
	  "---\nid: T-1\nstatus: blocked\nowner: b\n---\n",
	  "---\nid: T-1\n<<<<<<< ours\nstatus: doing\n=======\nstatus: blocked\n>>>>>>> theirs\nowner: b\n---\n",
	  1, 0 },
	{ "changed on one side, deleted on the other: a conflict",
	  "---\na: 1\nb: 2\n---\n",
	  "---\na: 1\nb: 3\n---\n",
	  "---\na: 1\n---\n",
	  "---\na: 1\n<<<<<<< ours\nb: 3\n=======\n>>>>>>> theirs\n---\n",
	  1, 0 },
	{ "deleted on one side, changed on the other: a conflict",
	  "---\na: 1\nb: 2\n---\n",
	  "---\na: 1\n---\n",
	  "---\na: 1\nb: 3\n---\n",
	  "---\na: 1\n<<<<<<< ours\n=======\nb: 3\n>>>>>>> theirs\n---\n",
	  1, 0 },
	{ "the same change on both sides is no conflict",
	  "---\na: 1\n---\n",
	  "---\na: 2\n---\n",
	  "---\na: 2.0\n---\n",
	  "---\na: 2\n---\n",
	  0, 0 },
	{ "flow lists: each side's additions where that side put them",
	  "---\ntags: [web, perf]\n---\n",
	  "---\ntags: [web, perf, ours]\n---\n",
	  "---\ntags: [web, 'the ir', perf]\n---\n",
	  "---\ntags: [web, 'the ir', perf, ours]\n---\n",
	  0, 0 },
	{ "block lists: additions on both sides, a removal",
	  "---\nl:\n  - a\n  - b\n  - c\n---\n",
	  "---\nl:\n  - a\n  - b\n  - c\n  - ours\n---\n",
	  "---\nl:\n  - a\n  - c\n  - theirs   # t\n---\n",
	  "---\nl:\n  - a\n  - c\n  - ours\n  - theirs   # t\n---\n",
	  0, 0 },
	{ "lists of mappings pair by id: fields merge inside the items",
	  "---\nkpis:\n  - id: K1\n    actual: 80\n  - id: K2\n    actual: 90\n---\n",
	  "---\nkpis:\n  - id: K2\n    actual: 90\n  - id: K1\n    actual: 85\n---\n",
	  "---\nkpis:\n  - id: K1\n    actual: 80\n  - id: K2\n    actual: 95  # 新\n  - {id: K3, actual: 1}\n---\n",
	  "---\nkpis:\n  - id: K2\n    actual: 95  # 新\n  - {id: K3, actual: 1}\n  - id: K1\n    actual: 85\n---\n",
	  0, 0 },
	{ "a conflict inside a list item marks that field",
	  "---\nkpis:\n  - id: K1\n    actual: 80\n---\n",
	  "---\nkpis:\n  - id: K1\n    actual: 81\n---\n",
	  "---\nkpis:\n  - id: K1\n    actual: 82\n---\n",
	  "---\nkpis:\n  - id: K1\n<<<<<<< ours\n    actual: 81\n=======\n    actual: 82\n>>>>>>> theirs\n---\n",
	  1, 0 },
	{ "a conflict on the first key of an item marks the item",
	  "---\nl:\n  - {x: 1}\n  - name: a\n    v: 1\n---\n",
	  "---\nl:\n  - {x: 1}\n  - name: a\n    v: 2\n---\n",
	  "---\nl:\n  - {x: 1}\n  - name: a\n    v: 3\n---\n",
	  "---\nl:\n  - {x: 1}\n  - name: a\n<<<<<<< ours\n    v: 2\n=======\n    v: 3\n>>>>>>> theirs\n---\n",
	  1, 0 },
	{ "nested mappings merge key by key; Chinese keys",
	  "---\n元数据:\n  负责人: 张三\n  部门: 运维\n---\n",
	  "---\n元数据:\n  负责人: 李四\n  部门: 运维\n---\n",
	  "---\n元数据:\n  负责人: 张三\n  部门: 平台\n  级别: 高\n---\n",
	  "---\n元数据:\n  负责人: 李四\n  部门: 平台\n  级别: 高\n---\n",
	  0, 0 },
	{ "a value theirs wrote on several lines replaces ours' entry",
	  "---\na: x\nb: 1\n---\n",
	  "---\na: x\nb: 2\n---\n",
	  "---\na: |\n  line one\n  line two\nb: 1\n---\n",
	  "---\na: |\n  line one\n  line two\nb: 2\n---\n",
	  0, 0 },
	{ "a value that must be quoted is quoted",
	  "---\nm: {a: 1}\nn: 0\n---\n",
	  "---\nm: {a: 1, b: 2}\nn: 0\n---\n",
	  "---\nm:\n  a: 1\n  c: \"yes\"\n  d: \"x, y\"\nn: 0\n---\n",
	  "---\nm: {a: 1, b: 2, c: \"yes\", d: \"x, y\"}\nn: 0\n---\n",
	  0, 0 },
	{ "an empty value takes theirs with a space",
	  "---\na:\nb: 1\n---\n",
	  "---\na:\nb: 2\n---\n",
	  "---\na: filled\nb: 1\n---\n",
	  "---\na: filled\nb: 2\n---\n",
	  0, 0 },
	{ "a file new on both sides merges its fields",
	  "",
	  "---\nid: N-1\nowner: a\n---\nours body\n",
	  "---\nid: N-1\nstatus: todo\n---\nours body\n",
	  "---\nid: N-1\nowner: a\nstatus: todo\n---\nours body\n",
	  0, 0 },
	{ "the body merges by lines; its conflicts are git's",
	  "---\na: 1\n---\n## 进展\none\n",
	  "---\na: 2\n---\n## 进展\nours\n",
	  "---\na: 1\nb: 1\n---\n## 进展\ntheirs\n",
	  "---\na: 2\nb: 1\n---\n## 进展\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n",
	  1, 0 },
	{ "a version that is not a record merges by lines",
	  "plain\ntext\n",
	  "plain\nours\ntext\n",
	  "plain\ntext\ntheirs\n",
	  "plain\nours\ntext\ntheirs\n",
	  0, 1 },
	{ "broken front matter merges by lines",
	  "---\na: 1\n---\n",
	  "---\na: [1\n---\n",
	  "---\na: 1\n---\nbody\n",
	  "---\na: [1\n---\nbody\n",
	  0, 1 },
	{ "aliases merge by lines",
	  "---\na: &x 1\nb: *x\n---\n",
	  "---\na: &x 2\nb: *x\n---\n",
	  "---\na: &x 1\nb: *x\nc: 3\n---\n",
	  "---\na: &x 2\nb: *x\nc: 3\n---\n",
	  0, 1 },
	{ "a key replaced inside a block mapping",
	  "---\nkeep: 1\nm:\n  a: 1\n---\n",
	  "---\nkeep: 2\nm:\n  a: 1\n---\n",
	  "---\nkeep: 1\nm:\n  b: 1\n---\n",
	  "---\nkeep: 2\nm:\n  b: 1\n---\n",
	  0, 0 },
	{ "a block mapping both sides emptied merges by lines",
	  "---\nm:\n  a: 1\n  b: 2\n---\n",
	  "---\nm:\n  a: 1\n---\n",
	  "---\nm:\n  b: 2\n---\n",
	  "---\nm:\n<<<<<<< ours\n  a: 1\n=======\n  b: 2\n>>>>>>> theirs\n---\n",
	  1, 1 },
};

static void run_case(const struct merge_case *c)
{
	struct wl_merge_result r = WL_MERGE_RESULT_INIT;
	struct wl_git_text b = { c->base, strlen(c->base) };
	struct wl_git_text o = { c->ours, strlen(c->ours) };
	struct wl_git_text t = { c->theirs, strlen(c->theirs) };
	char *err = NULL;
	size_t i;

	assert_int_equal(wl_merge(&r, &b, &o, &t, NULL, "r.md", &err), 0);
	if (strcmp(wl_buf_cstr(&r.text), c->want) || r.conflicts.nr != c->conflicts ||
	    r.by_lines != c->by_lines) {
		print_error("case: %s\ngot:\n%s\nconflicts: %zu, by lines: %d (%s)\n",
			    c->name, wl_buf_cstr(&r.text), r.conflicts.nr,
			    r.by_lines, r.why_lines ? r.why_lines : "-");
		for (i = 0; i < r.conflicts.nr; i++)
			print_error("  %s\n", r.conflicts.v[i]);
	}
	assert_string_equal(wl_buf_cstr(&r.text), c->want);
	assert_int_equal(r.conflicts.nr, c->conflicts);
	assert_int_equal(r.by_lines, c->by_lines);
	wl_merge_result_release(&r);
}

static void test_merge__cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

static void test_merge__conflicts_are_named_by_path(void **state)
{
	static const char base[] = "---\nkpis:\n  - id: K1\n    actual: 1\nstatus: a\n---\n";
	static const char ours[] = "---\nkpis:\n  - id: K1\n    actual: 2\nstatus: b\n---\n";
	static const char theirs[] = "---\nkpis:\n  - id: K1\n    actual: 3\nstatus: c\n---\n";
	struct wl_merge_result r = WL_MERGE_RESULT_INIT;
	struct wl_git_text b = { base, strlen(base) };
	struct wl_git_text o = { ours, strlen(ours) };
	struct wl_git_text t = { theirs, strlen(theirs) };
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_merge(&r, &b, &o, &t, NULL, "r.md", &err), 0);
	assert_int_equal(r.conflicts.nr, 2);
	assert_string_equal(r.conflicts.v[0],
			    "kpis[0].actual: changed on both sides");
	assert_string_equal(r.conflicts.v[1], "status: changed on both sides");
	wl_merge_result_release(&r);
}

/* Whatever the three inputs, the merge ends: some hostile shapes. */
static void test_merge__hostile_inputs_end(void **state)
{
	static const char *const texts[] = {
		"---\n---\n", "---\n", "", "---\n- a\n---\n",
		"---\na: {b: [1, {c: 2}]}\n---\n", "---\n\"\\x00\": 1\n---\n",
		"---\na: 1\na: 2\n---\n", "---\r\na: 1\r\n---\r\n",
		"---\nl:\n- - a\n  - b\n---\n", "---\n? a\n: 1\n---\n",
	};
	size_t n = sizeof(texts) / sizeof(texts[0]), i, j, k;

	(void)state;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			for (k = 0; k < n; k += 3) {
				struct wl_merge_result r = WL_MERGE_RESULT_INIT;
				struct wl_git_text b = { texts[k], strlen(texts[k]) };
				struct wl_git_text o = { texts[i], strlen(texts[i]) };
				struct wl_git_text t = { texts[j], strlen(texts[j]) };
				char *err = NULL;

				assert_int_equal(wl_merge(&r, &b, &o, &t, NULL,
							  "r.md", &err), 0);
				wl_merge_result_release(&r);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge__cases),
		cmocka_unit_test(test_merge__conflicts_are_named_by_path),
		cmocka_unit_test(test_merge__hostile_inputs_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
