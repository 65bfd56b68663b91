/*
 * libFuzzer entry point for schema evaluation under its budgets: the
 * input is a schema and an instance, separated by the first line that
 * is exactly "---". The schema is loaded under small limits (so that
 * each run stays short and the budgets are reached often), and the
 * instance is validated with diagnostics, quietly, and for its marks.
 *
 * Besides the sanitizers' checks it asserts what the budgets promise:
 * the quiet answer is the reported one, an invalid instance has at least
 * one diagnostic and a valid one none, every diagnostic has a position,
 * and a validation that stopped is never valid.
 *
 *   make fuzz && build/fuzz/fuzz_validate tests/fuzz/corpus/fuzz_validate
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "node.h"
#include "schema.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const struct wl_diags *d)
{
	size_t i;

	fprintf(stderr, "fuzz_validate: %s\n", what);
	for (i = 0; d && i < d->nr; i++)
		fprintf(stderr, "  %s:%d:%d: %s [%s]\n", d->v[i].path,
			d->v[i].line, d->v[i].column, d->v[i].message,
			d->v[i].rule);
	abort();
}

static void count_mark(const struct wl_schema_mark *m, void *data)
{
	size_t *n = data;

	if (!m->value || !m->path || (!m->ref_type && !m->person))
		abort();
	(*n)++;
}

/* Where the instance starts: after the first "---" line, or NULL. */
static const char *split(const char *s, size_t n, size_t *schema_len)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;

		if (end - i == 3 && !memcmp(s + i, "---", 3)) {
			*schema_len = i;
			return nl ? nl + 1 : s + n;
		}
		i = end + 1;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct wl_yaml_limits ylim = WL_YAML_LIMITS_DEFAULT;
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	struct wl_diags load = WL_DIAGS_INIT, diags = WL_DIAGS_INIT;
	struct wl_doc doc = WL_DOC_INIT;
	const char *s = (const char *)data, *inst;
	const struct wl_schema *schema;
	struct wl_schema_set *set;
	size_t schema_len = 0, i, marks = 0;
	int valid, quiet;

	inst = split(s, size, &schema_len);
	if (!inst)
		return 0;
	lim.steps = 20000;
	lim.regex_steps = 50000;
	lim.regex_match_steps = 10000;
	lim.file_nodes = 5000;
	set = wl_schema_set_new();
	wl_schema_set_limits(set, &lim);
	if (wl_schema_set_add(set, "s.yaml", s, schema_len, 0, &load) < 0 ||
	    wl_schema_set_finish(set, &load) < 0)
		goto done;
	schema = wl_schema_set_get(set, "s.yaml");
	if (!schema)
		die("a schema that loaded is not in the set", &load);
	wl_yaml_parse(&doc, inst, size - (size_t)(inst - s), 1, &ylim, "r.md",
		      &diags);
	if (diags.nr)
		goto done;
	valid = wl_schema_validate(schema, doc.root, "r.md", 1, &diags);
	quiet = wl_schema_validate(schema, doc.root, "r.md", 1, NULL);
	if (valid != quiet)
		die("the quiet answer differs from the reported one", &diags);
	if (valid && diags.nr)
		die("a valid instance has diagnostics", &diags);
	if (!valid && !diags.nr)
		die("an invalid instance has no diagnostic", &diags);
	for (i = 0; i < diags.nr; i++) {
		if (diags.v[i].line < 1 || diags.v[i].column < 1 ||
		    !diags.v[i].message || strcmp(diags.v[i].rule, "schema"))
			die("a diagnostic without a position or rule", &diags);
		if (!strncmp(diags.v[i].message, "schema validation stopped", 25) &&
		    valid)
			die("a stopped validation passed", &diags);
	}
	wl_schema_marks(schema, doc.root, count_mark, &marks);
done:
	wl_doc_release(&doc);
	wl_diags_release(&diags);
	wl_diags_release(&load);
	wl_schema_set_free(set);
	return 0;
}
