/*
 * --format sarif: one SARIF 2.1.0 log, as code-scanning services read
 * it. The tool's rules are the registry's rows (rules.h), each with its
 * summary, help and examples and its default level; every result names
 * its rule by id and index, points at its path relative to SRCROOT
 * (the repository root, in originalUriBaseIds) with columns counted in
 * code points (columnKind), and carries a fingerprint that stays the
 * same while the finding does (cli_fingerprint). A finding of a pushed
 * commit carries the commit in its properties.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rules.h"
#include "util.h"

#include "../banned.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static void str(struct wl_buf *b, const char *s)
{
	wl_buf_add_json_string(b, s, strlen(s));
}

/* Percent-encodes a path for a URI: everything but the unreserved
 * characters and '/'. */
static void uri_path(struct wl_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			wl_buf_addch(b, c);
		else
			wl_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

static const char *level(int sev)
{
	return sev == WL_SEV_ERROR ? "error" :
	       sev == WL_SEV_WARNING ? "warning" : "none";
}

/* The help of a rule as text and as Markdown: what it finds, then a
 * bad and a good example. */
static void help(struct wl_buf *b, const struct wl_rule_def *d)
{
	struct wl_buf t = WL_BUF_INIT;
	const struct wl_rule_option *o;

	wl_buf_addstr(b, ", \"help\": {\"text\": ");
	wl_buf_addf(&t, "%s\n", d->help);
	for (o = d->options; o && o->name; o++)
		wl_buf_addf(&t, "%s%s: %s\n", o == d->options ? "\nOptions:\n" : "",
			    o->name, o->help);
	wl_buf_addf(&t, "\nBad:\n%s\nGood:\n%s", d->bad, d->good);
	str(b, t.buf);
	wl_buf_reset(&t);
	wl_buf_addf(&t, "%s\n", d->help);
	for (o = d->options; o && o->name; o++)
		wl_buf_addf(&t, "%s- `%s`: %s\n",
			    o == d->options ? "\nOptions:\n\n" : "", o->name,
			    o->help);
	wl_buf_addf(&t, "\nBad:\n\n```markdown\n%s```\n\nGood:\n\n```markdown\n%s```\n",
		    d->bad, d->good);
	wl_buf_addstr(b, ", \"markdown\": ");
	str(b, t.buf);
	wl_buf_addch(b, '}');
	wl_buf_release(&t);
}

static void rules(struct wl_buf *b)
{
	const struct wl_rule_def *d;

	wl_buf_addstr(b, "\"rules\": [");
	for (d = wl_rule_defs; d->id; d++) {
		wl_buf_addstr(b, d == wl_rule_defs ? "\n" : ",\n");
		wl_buf_addstr(b, "        {\"id\": ");
		str(b, d->id);
		wl_buf_addstr(b, ", \"shortDescription\": {\"text\": ");
		str(b, d->summary);
		wl_buf_addstr(b, "}, \"fullDescription\": {\"text\": ");
		str(b, d->help);
		wl_buf_addch(b, '}');
		help(b, d);
		wl_buf_addf(b, ", \"defaultConfiguration\": {\"level\": \"%s\"}}",
			    level(d->severity));
	}
	wl_buf_addstr(b, "\n      ]");
}

static void result(struct wl_buf *b, const struct wl_diag *g,
		   const char *commit, size_t occurrence)
{
	const struct wl_rule_def *d = wl_rule_find(g->rule);
	char fp[33];

	wl_buf_addstr(b, "    {\"ruleId\": ");
	str(b, g->rule);
	if (d)
		wl_buf_addf(b, ", \"ruleIndex\": %d", (int)d->rule);
	wl_buf_addf(b, ", \"level\": \"%s\", \"message\": {\"text\": ",
		    level(g->severity));
	str(b, g->message);
	/* Percent-encoded, a URI needs no JSON escapes. */
	wl_buf_addstr(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"");
	uri_path(b, g->path);
	wl_buf_addf(b, "\", \"uriBaseId\": \"SRCROOT\"}, \"region\": {\"startLine\": %d, \"startColumn\": %d}}}]",
		    g->line > 0 ? g->line : 1, g->column > 0 ? g->column : 1);
	cli_fingerprint(fp, g, occurrence);
	wl_buf_addf(b, ", \"partialFingerprints\": {\"worklogFinding/v1\": \"%s\"}",
		    fp);
	if (commit) {
		wl_buf_addstr(b, ", \"properties\": {\"commit\": ");
		str(b, commit);
		wl_buf_addch(b, '}');
	}
	wl_buf_addch(b, '}');
}

void cli_findings_sarif(FILE *out, const struct cli_findings *f)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, k, n = 0;

	wl_buf_addstr(&b, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
			  "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
			  "    \"tool\": {\"driver\": {\"name\": \"worklog\", "
			  "\"version\": \"" WL_VERSION "\",\n      ");
	rules(&b);
	wl_buf_addstr(&b, "}},\n");
	if (f->root) {
		wl_buf_addstr(&b, "    \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": \"file://");
		if (f->root[0] != '/')
			wl_buf_addch(&b, '/');
		uri_path(&b, f->root);
		if (b.buf[b.len - 1] != '/')
			wl_buf_addch(&b, '/');
		wl_buf_addstr(&b, "\"}},\n");
	}
	wl_buf_addstr(&b, "    \"columnKind\": \"unicodeCodePoints\",\n"
			  "    \"results\": [");
	for (i = 0; i < f->nr; i++) {
		const struct cli_finding_group *grp = &f->groups[i];

		for (k = 0; k < grp->diags->nr; k++) {
			wl_buf_addstr(&b, n++ ? ",\n" : "\n");
			result(&b, &grp->diags->v[k], grp->commit,
			       cli_occurrence(grp->diags, k));
		}
	}
	wl_buf_addstr(&b, n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
}
