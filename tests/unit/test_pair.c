#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pair.h"
#include "util.h"

/* An item whose blob id is made from `content`. */
static struct wl_pair_item item(const char *path, const char *type,
				const char *id, const char *content)
{
	struct wl_pair_item it;

	it.path = path;
	it.type = type;
	it.id = id;
	wl_oid_hash(&it.oid, content, strlen(content));
	return it;
}

/* Writes the pairs as "kind old->new" lines, for one comparison. */
static char *show(const struct wl_record_pairs *p,
		  const struct wl_pair_item *from,
		  const struct wl_pair_item *to)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	for (i = 0; i < p->nr; i++) {
		const struct wl_record_pair *x = &p->v[i];

		wl_buf_addf(&b, "%s %s->%s\n", wl_pair_kind_name(x->kind),
			    x->from == WL_PAIR_NONE ? "-" : from[x->from].path,
			    x->to == WL_PAIR_NONE ? "-" : to[x->to].path);
	}
	return wl_buf_detach(&b, NULL);
}

static void check(const struct wl_pair_item *from, size_t from_nr,
		  const struct wl_pair_item *to, size_t to_nr,
		  const char *want)
{
	struct wl_record_pairs p = WL_RECORD_PAIRS_INIT;
	char *got;

	assert_int_equal(wl_record_pairs_make(&p, from, from_nr, to, to_nr), 0);
	got = show(&p, from, to);
	assert_string_equal(got, want);
	free(got);
	wl_record_pairs_release(&p);
}

static void test_pair__by_path_unchanged_or_modified(void **state)
{
	/* Out of order on purpose: pairs come in path order. */
	const struct wl_pair_item from[] = {
		item("b.md", "task", "T-2", "b1"),
		item("a.md", "task", "T-1", "a1"),
	};
	const struct wl_pair_item to[] = {
		item("a.md", "task", "T-1", "a1"),
		item("b.md", "task", "T-2", "b2"),
	};

	(void)state;
	check(from, 2, to, 2, "unchanged a.md->a.md\nmodified b.md->b.md\n");
}

static void test_pair__by_id_when_a_record_moves(void **state)
{
	const struct wl_pair_item from[] = {
		item("old/a.md", "task", "T-1", "a1"),
	};
	const struct wl_pair_item to[] = {
		item("new/a.md", "task", "T-1", "a1"),
	};

	(void)state;
	check(from, 1, to, 1, "renamed old/a.md->new/a.md\n");
}

static void test_pair__a_rename_with_a_content_change(void **state)
{
	const struct wl_pair_item from[] = {
		item("2026/t.md", "task", "T-1", "status: doing"),
	};
	const struct wl_pair_item to[] = {
		item("done/t.md", "task", "T-1", "status: done"),
	};

	(void)state;
	check(from, 1, to, 1, "renamed 2026/t.md->done/t.md\n");
}

static void test_pair__the_path_wins_over_the_id(void **state)
{
	/* a.md keeps its path and takes a new id; b.md takes the old id:
	 * it is a new record, not a.md moved. */
	const struct wl_pair_item from[] = {
		item("a.md", "task", "T-1", "a1"),
	};
	const struct wl_pair_item to[] = {
		item("a.md", "task", "T-9", "a2"),
		item("b.md", "task", "T-1", "b1"),
	};

	(void)state;
	check(from, 1, to, 2, "modified a.md->a.md\nadded -->b.md\n");
}

static void test_pair__type_and_id_both_must_match(void **state)
{
	const struct wl_pair_item from[] = {
		item("a.md", "task", "X-1", "a"),
		item("b.md", NULL, NULL, "b"),
		item("c.md", "task", NULL, "c"),
	};
	const struct wl_pair_item to[] = {
		item("x.md", "problem", "X-1", "a"),
		item("y.md", NULL, NULL, "b"),
		item("z.md", "task", NULL, "c"),
	};

	(void)state;
	check(from, 3, to, 3,
	      "added -->x.md\nadded -->y.md\nadded -->z.md\n"
	      "removed a.md->-\nremoved b.md->-\nremoved c.md->-\n");
}

static void test_pair__an_id_collision_prefers_the_same_content(void **state)
{
	/* Two old records share T-1 (a duplicate id); the new one has
	 * the content of the second, then the first by path. */
	const struct wl_pair_item from[] = {
		item("a.md", "task", "T-1", "one"),
		item("b.md", "task", "T-1", "two"),
	};
	const struct wl_pair_item to[] = {
		item("c.md", "task", "T-1", "two"),
	};
	const struct wl_pair_item to2[] = {
		item("c.md", "task", "T-1", "three"),
		item("d.md", "task", "T-1", "four"),
		item("e.md", "task", "T-1", "five"),
	};

	(void)state;
	check(from, 2, to, 1, "renamed b.md->c.md\nremoved a.md->-\n");
	check(from, 2, to2, 3,
	      "renamed a.md->c.md\nrenamed b.md->d.md\nadded -->e.md\n");
}

static void test_pair__deleted_and_added_records(void **state)
{
	const struct wl_pair_item from[] = {
		item("gone.md", "task", "T-1", "g"),
		item("kept.md", "task", "T-2", "k"),
	};
	const struct wl_pair_item to[] = {
		item("kept.md", "task", "T-2", "k"),
		item("new.md", "task", "T-3", "n"),
	};

	(void)state;
	check(from, 2, to, 2,
	      "unchanged kept.md->kept.md\nadded -->new.md\nremoved gone.md->-\n");
	check(from, 2, NULL, 0, "removed gone.md->-\nremoved kept.md->-\n");
	check(NULL, 0, to, 2, "added -->kept.md\nadded -->new.md\n");
	check(NULL, 0, NULL, 0, "");
}

static void test_pair__many_moves_pair_each_once(void **state)
{
	/* A folder of records moved: each pairs with its own. */
	struct wl_pair_item from[64], to[64];
	char paths[2][64][16], ids[64][8];
	struct wl_record_pairs p = WL_RECORD_PAIRS_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 64; i++) {
		snprintf(paths[0][i], sizeof(paths[0][i]), "a/%02zu.md", i);
		snprintf(paths[1][i], sizeof(paths[1][i]), "b/%02zu.md", 63 - i);
		snprintf(ids[i], sizeof(ids[i]), "T-%zu", i);
		from[i] = item(paths[0][i], "task", ids[i], ids[i]);
		to[i] = item(paths[1][i], "task", ids[i], "changed");
	}
	assert_int_equal(wl_record_pairs_make(&p, from, 64, to, 64), 0);
	assert_int_equal(p.nr, 64);
	for (i = 0; i < 64; i++) {
		assert_int_equal(p.v[i].kind, WL_PAIR_RENAMED);
		assert_string_equal(from[p.v[i].from].id, to[p.v[i].to].id);
	}
	wl_record_pairs_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair__by_path_unchanged_or_modified),
		cmocka_unit_test(test_pair__by_id_when_a_record_moves),
		cmocka_unit_test(test_pair__a_rename_with_a_content_change),
		cmocka_unit_test(test_pair__the_path_wins_over_the_id),
		cmocka_unit_test(test_pair__type_and_id_both_must_match),
		cmocka_unit_test(test_pair__an_id_collision_prefers_the_same_content),
		cmocka_unit_test(test_pair__deleted_and_added_records),
		cmocka_unit_test(test_pair__many_moves_pair_each_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
