/*
 * libFuzzer entry point for the blob summaries the cache keeps (facts.h)
 * and the comparison history makes of them (compare.h). A cache file is
 * not trusted, so its texts are hostile input:
 *
 * - the input as a summary text: read, its values and its packed front
 *   matter read back, which is compared with itself (no change) and with
 *   an empty mapping;
 * - the input as a record: its summary written and read back gives the
 *   same front matter (kinds, texts, values), and comparing the two
 *   finds nothing.
 *
 *   make fuzz && build/fuzz/fuzz_facts tests/fuzz/corpus/fuzz_facts
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "facts.h"
#include "record.h"
#include "schema.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char type_yaml[] =
	"x-type: item\nx-id: id\ntype: object\n"
	"properties:\n  owner: {type: string, x-person: true}\n"
	"x-lifecycle: {field: status, open: [todo], done: [done]}\n";

static const struct wl_type *item(void)
{
	static struct wl_schema_set *set;
	struct wl_diags d = WL_DIAGS_INIT;

	if (!set) {
		set = wl_schema_set_new();
		if (wl_schema_set_add(set, "item.yaml", type_yaml,
				      strlen(type_yaml), 0, &d) < 0 ||
		    wl_schema_set_finish(set, &d) < 0)
			abort();
		wl_diags_release(&d);
	}
	return wl_schema_set_type(set, "item");
}

static int count(const struct wl_field_change *c, void *data)
{
	(*(size_t *)data)++;
	return 0;
}

/* Every change has a path and the values its kind says. */
static int well_formed(const struct wl_field_change *c, void *data)
{
	if (!c->path || (!c->old_value != !c->old_node) ||
	    (!c->new_value != !c->new_node))
		abort();
	return 0;
}

static void as_text(const uint8_t *data, size_t size)
{
	struct wl_facts f;
	struct wl_doc doc = WL_DOC_INIT;
	struct wl_buf json = WL_BUF_INIT;
	size_t n = 0;

	if (wl_facts_parse(&f, (const char *)data, size) == 0)
		wl_facts_complete(&f);
	if (wl_facts_front_matter(&doc, &f) == 0) {
		wl_compare_each(doc.root, doc.root, count, &n);
		if (n)
			abort();
		wl_compare_each(NULL, doc.root, well_formed, NULL);
		wl_node_to_json(&json, doc.root);
	}
	wl_buf_release(&json);
	wl_doc_release(&doc);
	wl_facts_release(&f);
}

static void as_record(const uint8_t *data, size_t size)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_buf text = WL_BUF_INIT;
	struct wl_doc back = WL_DOC_INIT;
	struct wl_facts f;
	char *buf = wl_xmalloc(size + 1);
	size_t n = 0;

	memcpy(buf, data, size);
	buf[size] = '\0';
	wl_record_parse(&r, "r.md", buf, size, NULL, &d);
	if (r.doc.root) {
		wl_facts_write(&text, item(), r.doc.root);
		if (wl_facts_parse(&f, wl_buf_cstr(&text), text.len) < 0 ||
		    wl_facts_front_matter(&back, &f) < 0 ||
		    !wl_node_equal(r.doc.root, back.root))
			abort();
		wl_compare_each(r.doc.root, back.root, count, &n);
		if (n)
			abort();
		wl_facts_release(&f);
	}
	wl_doc_release(&back);
	wl_buf_release(&text);
	wl_record_release(&r);
	wl_diags_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] == '-')
		as_record(data, size);
	else
		as_text(data, size);
	return 0;
}
