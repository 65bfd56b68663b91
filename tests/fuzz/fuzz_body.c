/*
 * libFuzzer entry point for body reading: the input is a record body.
 * Besides not crashing, leaking or hanging, what the parser returns must
 * hold together: positions inside the input and in order, sections
 * nested in their parents, owners and due dates on their item's line.
 *
 *   make fuzz && build/fuzz/fuzz_body tests/fuzz/corpus/fuzz_body
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_headings(const struct wl_body *b, size_t size, int last)
{
	size_t i;

	for (i = 0; i < b->headings_nr; i++) {
		const struct wl_body_heading *h = &b->headings[i];

		if (h->level < 1 || h->level > 6 || h->line < 8 ||
		    h->line > last || h->end_line < h->line ||
		    h->end_line > last || h->start > h->end || h->end > size ||
		    h->column < 1 || !h->text)
			abort();
		if (i && h->line <= b->headings[i - 1].line)
			abort();
		if (h->parent >= (int)i ||
		    (h->parent >= 0 &&
		     (b->headings[h->parent].level >= h->level ||
		      b->headings[h->parent].end < h->end ||
		      b->headings[h->parent].chars < h->chars)))
			abort();
		if (!wl_body_heading_matches(h->text, h->text))
			abort();
	}
}

static void check_items(const struct wl_body *b, int last)
{
	size_t i, j;

	for (i = 0; i < b->items_nr; i++) {
		const struct wl_body_item *it = &b->items[i];

		if (it->line < 8 || it->line > last || !it->text ||
		    it->parent >= (int)i || it->section >= (int)b->headings_nr ||
		    (it->parent >= 0 && b->items[it->parent].depth >= it->depth))
			abort();
		if (it->due && (it->due_line != it->line || it->due_column <= it->column))
			abort();
		for (j = 0; j < it->owners_nr; j++)
			if (it->owners[j].line != it->line || !*it->owners[j].text)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_body b = WL_BODY_INIT;
	int last = 7;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			last++;
	if (size)
		last++;
	wl_body_parse(&b, (const char *)data, size, 7);
	check_headings(&b, size, last);
	check_items(&b, last);
	for (i = 0; i < b.comments_nr; i++) {
		const struct wl_body_comment *c = &b.comments[i];

		if (c->start >= c->end || c->end > size || c->line > c->end_line ||
		    c->end_line > last || !c->text ||
		    (i && c->start < b.comments[i - 1].end))
			abort();
	}
	wl_body_release(&b);
	return 0;
}
