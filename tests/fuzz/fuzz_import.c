/*
 * libFuzzer entry point for what imports read: the input as a CSV file
 * (mapped to tasks), as a Trello board export, as a date, and as a
 * string written into YAML, which must read back as itself.
 *
 *   make fuzz && build/fuzz/fuzz_import tests/fuzz/corpus/fuzz_import
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "import.h"
#include "node.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wl_schema_set *set;
static struct wl_config cfg;

static void load(void)
{
	const struct wl_builtin *b;

	set = wl_schema_set_new();
	for (b = wl_builtin_schemas; b->path; b++)
		wl_schema_set_add(set, b->path, b->data, b->len, 1, NULL);
	if (wl_schema_set_finish(set, NULL) < 0)
		abort();
	wl_config_defaults(&cfg);
}

/* A string written as a YAML scalar reads back as the same string. */
static void round_trip(const char *s, size_t len)
{
	static const struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	struct wl_buf b = WL_BUF_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_doc doc = WL_DOC_INIT;
	const struct wl_node *v;
	size_t bad;
	const char *why;

	/* Records are UTF-8 without NUL bytes; nothing else is written. */
	if (!wl_utf8_check(s, len, &bad, &why))
		return;
	wl_buf_addstr(&b, "k: ");
	wl_yaml_add_string(&b, s, len);
	wl_buf_addch(&b, '\n');
	wl_yaml_parse(&doc, b.buf, b.len, 0, &lim, "f", &d);
	v = doc.root ? wl_node_get(doc.root, "k") : NULL;
	if (d.nr || !v || v->kind != WL_NODE_STRING || v->len != len ||
	    memcmp(v->str, s, len))
		abort();
	wl_doc_release(&doc);
	wl_diags_release(&d);
	wl_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const struct wl_type *task;
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;
	struct wl_value_ctx ctx = { 0 };
	struct wl_csv csv = WL_CSV_INIT;
	struct wl_csv_error e;
	char *err = NULL;
	long long day;

	if (!set)
		load();
	task = wl_schema_set_type(set, "task");
	ctx.cfg = &cfg;
	if (!wl_csv_parse(&csv, buf, size, &e)) {
		wl_import_csv(&rows, &csv, "f.csv", task, NULL, 0, &err);
		free(err);
		err = NULL;
		wl_import_rows_release(&rows);
		wl_csv_release(&csv);
	} else {
		wl_csv_error_release(&e);
	}
	wl_import_trello(&rows, buf, size, "f.json", task, &ctx, WL_LANG_ZH, 1,
			 &err);
	free(err);
	wl_import_rows_release(&rows);
	wl_date_from_text(&day, buf, size, NULL);
	round_trip(buf, size);
	return 0;
}
