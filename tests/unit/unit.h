#ifndef WL_TEST_UNIT_H
#define WL_TEST_UNIT_H

/*
 * Helpers the unit tests share. Include after <cmocka.h> and the headers
 * of the module under test.
 */
#include <string.h>

#include "diag.h"
#include "schema.h"

/* Diagnostic `i` of `d` is an error with this position, rule and text. */
static inline void assert_diag(const struct wl_diags *d, size_t i,
			       const char *path, int line, int col,
			       const char *rule, const char *message)
{
	assert_true(i < d->nr);
	assert_string_equal(d->v[i].message, message);
	assert_string_equal(d->v[i].path, path);
	assert_string_equal(d->v[i].rule, rule);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].column, col);
	assert_int_equal(d->v[i].severity, WL_SEV_ERROR);
}

/*
 * Loading `schema` as s.yaml fails with exactly one "schema" diagnostic,
 * at line:col with `message`, and the file is no type.
 */
static inline void expect_load_error(const char *schema, int line, int col,
				     const char *message)
{
	struct wl_schema_set *set = wl_schema_set_new();
	struct wl_diags d = WL_DIAGS_INIT;
	size_t i;

	assert_int_equal(wl_schema_set_add(set, "s.yaml", schema,
					   strlen(schema), 0, &d),
			 -1);
	for (i = 0; d.nr != 1 && i < d.nr; i++)
		print_error("%d:%d: %s\n", d.v[i].line, d.v[i].column,
			    d.v[i].message);
	assert_int_equal(d.nr, 1);
	assert_diag(&d, 0, "s.yaml", line, col, "schema", message);
	assert_int_equal(wl_schema_set_type_count(set), 0);
	wl_diags_release(&d);
	wl_schema_set_free(set);
}

#endif
