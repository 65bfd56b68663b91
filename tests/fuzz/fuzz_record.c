/*
 * libFuzzer entry point for the record reader: the front-matter split and
 * the YAML tree builder behind wl_record_parse, with the default limits.
 *
 * Besides the sanitizers' checks it asserts what every caller relies on:
 * the split's offsets stay inside the buffer, and every diagnostic points
 * at a line and column that exist in the file.
 *
 *   make fuzz && build/fuzz/fuzz_record tests/fuzz/corpus/fuzz_record
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "record.h"
#include "util.h"

#define FUZZ_NAME "fuzz_record"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_fm fm;
	enum wl_fm_status st;
	char *buf = wl_xmalloc(size + 1);
	size_t i;

	memcpy(buf, data, size);
	buf[size] = '\0';

	st = wl_fm_split(&fm, buf, size);
	if (st != WL_FM_NONE) {
		if (fm.yaml > size || fm.yaml_len > size - fm.yaml ||
		    fm.body > size || fm.body < fm.yaml + fm.yaml_len)
			die("front-matter offsets outside the buffer", NULL);
		if (fm.yaml_line != 2 ||
		    (st == WL_FM_OK && (fm.close_line < fm.yaml_line ||
					fm.body_line != fm.close_line + 1)))
			die("front-matter lines out of order", NULL);
	}

	/* wl_record_parse takes the buffer over and frees it. */
	wl_record_parse(&r, "fuzz.md", buf, size, NULL, &diags);
	if (r.doc.root && r.doc.root->kind != WL_NODE_MAP)
		die("a front matter that is not a mapping was accepted", NULL);
	for (i = 0; i < diags.nr; i++) {
		const struct wl_diag *d = &diags.v[i];

		if (!d->message || !*d->message || !d->rule)
			die("diagnostic without a message or rule", d);
		check_position(r.buf, r.len, d);
	}
	if (r.doc.root) {
		struct wl_buf json = WL_BUF_INIT;

		/* Walk the whole tree: aliases are bounded by the limits. */
		wl_node_to_json(&json, r.doc.root);
		wl_buf_release(&json);
	}

	wl_record_release(&r);
	wl_diags_release(&diags);
	return 0;
}
