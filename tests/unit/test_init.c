#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "init.h"
#include "unit.h"

static void add(struct wl_git_authors *a, const char *name, const char *email)
{
	WL_ALLOC_GROW(a->v, a->nr + 1, a->alloc);
	a->v[a->nr].name = wl_xstrdup(name);
	a->v[a->nr++].email = wl_xstrdup(email);
}

static void test_init__the_roster_comes_from_the_authors(void **state)
{
	struct wl_git_authors a = WL_GIT_AUTHORS_INIT;
	struct wl_init_people p = WL_INIT_PEOPLE_INIT;

	(void)state;
	add(&a, "张三", "Zhang.San@Example.com");
	add(&a, "李四", "lisi+work@example.com");
	add(&a, "张三", "zs@home.example");
	add(&a, "Other", "zhang.san@other.example");
	add(&a, "Bot", "1+Dependabot[bot]@users.noreply.github.com");
	add(&a, "?", "__@x");
	add(&a, "No at", "plain");
	wl_init_roster(&p, &a);
	assert_int_equal(p.nr, 6);
	assert_string_equal(p.v[0].id, "dependabot-bot");
	assert_string_equal(p.v[1].id, "lisi");
	assert_string_equal(p.v[2].id, "person");
	assert_string_equal(p.v[3].id, "plain");
	assert_string_equal(p.v[4].id, "zhang.san");
	assert_string_equal(p.v[4].name, "张三");
	assert_int_equal(p.v[4].emails_nr, 2);
	assert_string_equal(p.v[4].emails[1], "zs@home.example");
	assert_string_equal(p.v[5].id, "zhang.san-2");
	assert_false(p.v[5].reviewer);
	assert_non_null(wl_init_person(&p, "lisi"));
	assert_null(wl_init_person(&p, "nobody"));
	wl_init_people_release(&p);
	wl_git_authors_release(&a);
}

/* The configuration init writes loads, in each language, with or
 * without people, and names them. */
static void test_init__the_configuration_loads(void **state)
{
	struct wl_git_authors a = WL_GIT_AUTHORS_INIT;
	struct wl_init_people p = WL_INIT_PEOPLE_INIT;
	enum wl_lang langs[] = { WL_LANG_EN, WL_LANG_ZH };
	size_t i, with;

	(void)state;
	add(&a, "张三", "zhangsan@example.com");
	add(&a, "true", "yes@example.com");
	wl_init_roster(&p, &a);
	p.v[0].reviewer = 1;
	for (with = 0; with < 2; with++) {
		for (i = 0; i < 2; i++) {
			struct wl_init_people none = WL_INIT_PEOPLE_INIT;
			char *text = wl_init_config(with ? &p : &none, langs[i]);
			struct wl_config cfg;
			struct wl_diags d = WL_DIAGS_INIT;

			assert_int_equal(fixture_config(&cfg, &d, text), 0);
			assert_int_equal(d.nr, 0);
			assert_int_equal(cfg.people_nr, with ? 2 : 0);
			assert_string_equal(cfg.reports.lang,
					    wl_lang_name(langs[i]));
			assert_int_equal(cfg.records_nr, 1);
			assert_string_equal(cfg.records[0], WL_INIT_RECORDS);
			if (with) {
				assert_string_equal(cfg.people[1].id, "zhangsan");
				assert_string_equal(cfg.people[0].id, "yes");
				assert_string_equal(cfg.people[0].name, "true");
				assert_true(cfg.people[0].reviewer);
			}
			wl_config_release(&cfg);
			free(text);
		}
	}
	wl_init_people_release(&p);
	wl_git_authors_release(&a);
}

static void test_init__folders_are_the_built_in_types(void **state)
{
	struct wl_strlist f = WL_STRLIST_INIT;

	(void)state;
	assert_int_equal(wl_init_folders(&f), 0);
	assert_int_equal(f.nr, 10);
	assert_string_equal(f.v[0], "records/analyses");
	assert_string_equal(f.v[8], "records/summaries");
	assert_string_equal(f.v[9], "records/tasks");
	wl_strlist_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init__the_roster_comes_from_the_authors),
		cmocka_unit_test(test_init__the_configuration_loads),
		cmocka_unit_test(test_init__folders_are_the_built_in_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
