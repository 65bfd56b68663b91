/*
 * libFuzzer entry point for the schema loader and validator: the input is
 * one schema file. It is added to a fresh set (beside the built-in
 * common.yaml when it refers to it), references are resolved, and then a
 * fixed record front matter is validated against the file's root schema
 * and against every record type the set holds.
 *
 *   make fuzz && build/fuzz/fuzz_schema tests/fuzz/corpus/fuzz_schema
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "diag.h"
#include "node.h"
#include "schema.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Values of every JSON type, nested, with dates and Chinese text. */
static const char record_fm[] =
	"type: task\n"
	"id: T-2026-0142\n"
	"title: 618 活动页面加载速度优化\n"
	"owner: zhangsan\n"
	"status: doing\n"
	"priority: high\n"
	"created: 2026-11-02\n"
	"due: 2026-11-30\n"
	"period: 2026-W48\n"
	"estimate: 1.5d\n"
	"email: zhangsan@example.com\n"
	"tags: [web, performance, web]\n"
	"hours: 7.5\n"
	"count: 3\n"
	"big: 12345678901234567890\n"
	"done: false\n"
	"nothing: ~\n"
	"actions:\n"
	"  - {what: 复盘, owner: lisi, due: 2026-12-01, done: true}\n"
	"  - what: ''\n"
	"meta: {a: 1, b: [x, y], c: {d: null}}\n";

static struct wl_doc record = WL_DOC_INIT;
static const struct wl_builtin *common;

static void init(void)
{
	struct wl_diags diags = WL_DIAGS_INIT;
	const struct wl_builtin *b;

	wl_yaml_parse(&record, record_fm, sizeof(record_fm) - 1, 1, NULL,
		      "records/tasks/T-2026-0142.md", &diags);
	if (!record.root || diags.nr) {
		fprintf(stderr, "fuzz_schema: the fixed record does not parse\n");
		abort();
	}
	wl_diags_release(&diags);
	for (b = wl_builtin_schemas; b->path; b++) {
		const char *slash = strrchr(b->path, '/');

		if (!strcmp(slash ? slash + 1 : b->path, "common.yaml"))
			common = b;
	}
}

/* Asks a compiled type everything type.h offers, about the record. */
static void ask_type(const struct wl_type *t)
{
	size_t i, j;

	wl_record_state(t, record.root);
	for (i = 0; i < t->nr_transitions; i++) {
		const struct wl_transitions *tr = &t->transitions[i];

		if (wl_type_transitions(t, tr->field) == NULL)
			abort();
		for (j = 0; j < tr->nr_from; j++)
			if (tr->from[j].nr_to &&
			    wl_transition_allowed(tr, tr->from[j].from,
						  tr->from[j].to[0]) != 1)
				abort();
	}
	for (i = 0; i < t->nr_sections; i++) {
		const struct wl_section *s = &t->sections[i];

		wl_section_applies(s, record.root);
		if (s->name && !wl_type_section(t, s->name, strlen(s->name)))
			abort();
	}
	for (i = 0; i < t->nr_refs; i++)
		if (!t->refs[i].path || (!t->refs[i].ref_type &&
					 !t->refs[i].person))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_schema_set *set;
	const struct wl_schema *root;
	size_t i, n;

	if (!record.root)
		init();

	set = wl_schema_set_new();
	if (common && memmem(data, size, "common.yaml", 11))
		wl_schema_set_add(set, "common.yaml", common->data,
				  common->len, 1, &diags);
	wl_schema_set_add(set, "fuzz.yaml", (const char *)data, size, 0,
			  &diags);
	wl_schema_set_finish(set, &diags);

	root = wl_schema_set_get(set, "fuzz.yaml");
	if (root)
		wl_schema_validate(root, record.root,
				   "records/tasks/T-2026-0142.md", 1, &diags);
	n = wl_schema_set_type_count(set);
	for (i = 0; i < n; i++) {
		const struct wl_type *t = wl_schema_set_type_at(set, i);

		if (!t || !t->name) {
			fprintf(stderr, "fuzz_schema: type %zu of %zu is unnamed\n",
				i, n);
			abort();
		}
		if (wl_schema_set_type(set, t->name) != t) {
			fprintf(stderr, "fuzz_schema: type '%s' not found by name\n",
				t->name);
			abort();
		}
		wl_type_validate(t, record.root, "records/tasks/T-2026-0142.md",
				 1, &diags);
		ask_type(t);
		/* The schema document itself as an instance: fuzzed data. */
		if (t->schema && t->root)
			wl_schema_validate(t->schema, t->root, "fuzz.yaml", 0,
					   &diags);
	}
	for (i = 0; i < diags.nr; i++) {
		if (diags.v[i].line < 1 || diags.v[i].column < 1 ||
		    !diags.v[i].message || !diags.v[i].rule) {
			fprintf(stderr, "fuzz_schema: bad diagnostic %d:%d\n",
				diags.v[i].line, diags.v[i].column);
			abort();
		}
	}

	wl_schema_set_free(set);
	wl_diags_release(&diags);
	return 0;
}
