/*
 * libFuzzer entry point for lint's checks of one record: the file read
 * as a record of a type with every x- keyword lint judges (sections
 * with aliases and a `when`, a date order, a lifecycle with a due date,
 * people), its body, its suppressions, every rule of one record with
 * fixes, the fixes applied and shown as a patch.
 *
 * Besides the sanitizers' checks it asserts what the engine relies on:
 * every finding points at a line and column of the file, a fix stays
 * inside the file, and applying the fixes twice gives the same text
 * (they are mechanical: none undoes or repeats another).
 *
 *   make fuzz && build/fuzz/fuzz_lint tests/fuzz/corpus/fuzz_lint
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "config.h"
#include "lint.h"
#include "record.h"
#include "schema.h"
#include "util.h"

#define FUZZ_NAME "fuzz_lint"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char schema[] =
	"x-type: issue\n"
	"type: object\n"
	"properties: {owner: {type: string, x-person: true}}\n"
	"x-lifecycle: {field: status, due: due, open: [open], done: [done]}\n"
	"x-date-order: [[reported, due]]\n"
	"x-sections:\n"
	"  - {name: Description, aliases: [问题描述], required: true, nonempty: true}\n"
	"  - {name: Solution, aliases: [解决方案], required: true, when: {status: [done]}}\n";
static const char config[] =
	"people: [{id: zhangsan, name: 张三}, {id: lisi}]\n";

static struct wl_schema_set *set;
static struct wl_config cfg;

static void setup(void)
{
	struct wl_diags d = WL_DIAGS_INIT;

	set = wl_schema_set_new();
	if (wl_schema_set_add(set, "issue.yaml", schema, strlen(schema), 0,
			      &d) < 0 || wl_schema_set_finish(set, &d) < 0 ||
	    wl_config_parse(&cfg, ".worklog.yaml", wl_xstrdup(config),
			    strlen(config), &d) < 0)
		die("the fixtures do not load", NULL);
	wl_diags_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_body body = WL_BODY_INIT;
	struct wl_sups sups = WL_SUPS_INIT;
	struct wl_fixes fixes = WL_FIXES_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_rule_record in;
	struct wl_buf patch = WL_BUF_INIT;
	char *buf = wl_xmalloc(size + 1), *once, *twice;
	size_t i, once_len, twice_len;

	if (!set)
		setup();
	memcpy(buf, data, size);
	buf[size] = '\0';
	wl_record_parse(&r, "fuzz.md", buf, size, NULL, &diags);
	if (r.fm.close_line)
		wl_body_parse(&body, r.buf + r.fm.body, r.len - r.fm.body,
			      r.fm.body_line - 1);
	wl_sups_read(&sups, &r, r.fm.close_line ? &body : NULL, &diags);
	memset(&in, 0, sizeof(in));
	in.rules = &cfg.rules;
	in.cfg = &cfg;
	in.path = r.path;
	in.record = &r;
	in.type = r.doc.root ? wl_schema_set_type(set, "issue") : NULL;
	in.body = r.fm.close_line ? &body : NULL;
	in.today = 20000;
	in.fixes = &fixes;
	wl_rules_run_record(&diags, &in);
	for (i = 0; i < diags.nr; i++) {
		wl_sups_filter(&sups, &diags.v[i]);
		check_position(r.buf, r.len, &diags.v[i]);
	}
	wl_sups_report(&sups, &cfg.rules, r.path, &diags);
	for (i = 0; i < fixes.nr; i++)
		if (fixes.v[i].off + fixes.v[i].len > r.len)
			die("a fix reaches past the end of the file", NULL);
	wl_fix_apply(&once, &once_len, r.buf, r.len, &fixes);
	wl_fix_diff(&patch, r.path, r.buf, r.len, once, once_len);
	for (i = 0; i < fixes.nr; i++)
		fixes.v[i].applied = 0;
	wl_fix_apply(&twice, &twice_len, r.buf, r.len, &fixes);
	if (once_len != twice_len || memcmp(once, twice, once_len))
		die("the same fixes gave two texts", NULL);
	free(once);
	free(twice);
	wl_buf_release(&patch);
	wl_diags_release(&diags);
	wl_fixes_release(&fixes);
	wl_sups_release(&sups);
	wl_body_release(&body);
	wl_record_release(&r);
	return 0;
}
