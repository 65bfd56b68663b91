/*
 * Runs the official JSON-Schema-Test-Suite (draft 2020-12) against the
 * validator: tests/conformance/draft2020-12/ *.json for the supported
 * keywords, optional/format/ for the formats worklog asserts, and
 * remotes/ served as http://localhost:1234/ without a network.
 *
 * Usage: conformance DIR. Prints one line per file and the total as
 * `conformance: N passed, N failed, N skipped`; exits 1 if any failed.
 * Tests are skipped only through the table below, each with its reason.
 *
 * Each test is run twice: quietly (diags == NULL), and with diagnostics,
 * which must agree with the answer (no diagnostic for a valid instance,
 * at least one for an invalid one).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/node.h"
#include "lib/schema.h"
#include "lib/util.h"

#include "../../src/banned.h"

struct skip {
	const char *file;
	const char *group;
	const char *test;     /* NULL: the whole group */
	const char *reason;
};

#define NO_ANCHOR "$anchor is not supported (unknown keyword in worklog)"
#define NO_DYNAMIC "$dynamicRef/$dynamicAnchor are not supported"
#define NO_UNEVAL "unevaluatedProperties/unevaluatedItems are not supported"
#define NO_META "needs the 2020-12 metaschema, which uses $dynamicRef and $vocabulary"

static const struct skip skips[] = {
	{ "defs.json", "validate definition against metaschema", NULL,
	  NO_META },
	{ "ref.json", "remote ref, containing refs itself", NULL, NO_META },
	{ "ref.json", "ref creates new scope when adjacent to keywords", NULL,
	  NO_UNEVAL },
	{ "ref.json", "order of evaluation: $id and $anchor and $ref", NULL,
	  NO_ANCHOR },
	{ "ref.json", "URN base URI with URN and anchor ref", NULL,
	  NO_ANCHOR },
	{ "not.json",
	  "collect annotations inside a 'not', even if collection is disabled",
	  NULL, NO_UNEVAL },
	{ "refRemote.json", "anchor within remote ref", NULL, NO_ANCHOR },
	{ "refRemote.json", "Location-independent identifier in remote ref",
	  NULL, "the remote schema uses $anchor, which is not supported" },
	{ "refRemote.json", "$ref to $ref finds detached $anchor", NULL,
	  NO_ANCHOR },
};
#define NR_SKIPS (sizeof(skips) / sizeof(*skips))

static const struct wl_yaml_limits limits = { 16 * 1024 * 1024, 256,
					      10 * 1000 * 1000 };

struct remote {
	char *uri;
	struct wl_doc doc;
};

static struct remote *remotes;
static size_t nr_remotes, alloc_remotes;
static int verbose;

static const struct skip *find_skip(const char *file, const char *group,
				    const char *test)
{
	size_t i;

	for (i = 0; i < NR_SKIPS; i++) {
		const struct skip *s = &skips[i];

		if (strcmp(s->file, file))
			continue;
		if (s->group && (!group || strcmp(s->group, group)))
			continue;
		if (s->test && (!test || strcmp(s->test, test)))
			continue;
		if (!s->test && test)
			continue;
		return s;
	}
	return NULL;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * JSON writes characters outside the BMP as UTF-16 surrogate pairs
 * ("\ud83d\udca9"), which YAML rejects; YAML writes them "\U0001f4a9".
 * Everything else in JSON text is YAML already.
 */
static char *json_to_yaml(const char *buf, size_t len, size_t *out_len)
{
	struct wl_buf out = WL_BUF_INIT;
	size_t i = 0;

	while (i < len) {
		unsigned hi, lo;

		if (buf[i] != '\\' || i + 1 >= len) {
			wl_buf_addch(&out, buf[i++]);
			continue;
		}
		if (buf[i + 1] == 'u' && i + 12 <= len &&
		    !hex4(buf + i + 2, &hi) && hi >= 0xd800 && hi < 0xdc00 && buf[i + 6] == '\\' &&
		    buf[i + 7] == 'u' && !hex4(buf + i + 8, &lo) &&
		    lo >= 0xdc00 && lo < 0xe000) {
			wl_buf_addf(&out, "\\U%08x",
				    0x10000 + ((hi - 0xd800) << 10) +
					    (lo - 0xdc00));
			i += 12;
			continue;
		}
		wl_buf_add(&out, buf + i, 2);
		i += 2;
	}
	return wl_buf_detach(&out, out_len);
}

static int parse_file(struct wl_doc *doc, const char *path)
{
	struct wl_diags diags = WL_DIAGS_INIT;
	char *buf = NULL, *yaml = NULL;
	size_t len, i;
	int ret = -1;

	if (wl_read_file(&buf, &len, path) < 0) {
		fprintf(stderr, "conformance: cannot read '%s': %s\n", path,
			strerror(errno));
		goto done;
	}
	yaml = json_to_yaml(buf, len, &len);
	wl_yaml_parse(doc, yaml, len, 0, &limits, path, &diags);
	for (i = 0; i < diags.nr; i++)
		fprintf(stderr, "%s:%d:%d: %s\n", diags.v[i].path,
			diags.v[i].line, diags.v[i].column,
			diags.v[i].message);
	if (!doc->root)
		goto done;
	ret = 0;
done:
	wl_diags_release(&diags);
	free(buf);
	free(yaml);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the sorted names of the entries of `dir`; NULL-terminated. */
static char **list_dir(const char *dir)
{
	char **names = NULL;
	size_t nr = 0, alloc = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			WL_ALLOC_GROW(names, nr + 1, alloc);
			names[nr++] = wl_xstrdup(de->d_name);
		}
		closedir(d);
	}
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);
	WL_ALLOC_GROW(names, nr + 1, alloc);
	names[nr] = NULL;
	return names;
}

static void free_list(char **names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* remotes/X is served as http://localhost:1234/X. */
static void load_remotes(const char *dir, const char *rel)
{
	char **names = list_dir(dir);
	size_t i;

	for (i = 0; names[i]; i++) {
		char *path = wl_xprintf("%s/%s", dir, names[i]);
		char *sub = wl_xprintf("%s%s%s", rel, *rel ? "/" : "",
				       names[i]);

		if (is_dir(path)) {
			load_remotes(path, sub);
		} else if (strstr(names[i], ".json")) {
			struct remote *r;

			WL_ALLOC_GROW(remotes, nr_remotes + 1, alloc_remotes);
			r = &remotes[nr_remotes];
			memset(r, 0, sizeof(*r));
			if (!parse_file(&r->doc, path)) {
				r->uri = wl_xprintf("http://localhost:1234/%s",
						    sub);
				nr_remotes++;
			} else {
				wl_doc_release(&r->doc);
			}
		}
		free(path);
		free(sub);
	}
	free_list(names);
}

static void print_diags(const struct wl_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		printf("    %s:%d:%d: %s\n", d->v[i].path, d->v[i].line,
		       d->v[i].column, d->v[i].message);
}

struct counts {
	size_t passed, failed, skipped;
};

static void run_group(const char *file, const struct wl_node *group,
		      struct counts *n)
{
	const struct wl_node *desc = wl_node_get(group, "description");
	const struct wl_node *schema_node = wl_node_get(group, "schema");
	const struct wl_node *tests = wl_node_get(group, "tests");
	const char *gname = desc ? desc->str : "?";
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_schema_set *set = NULL;
	const struct wl_schema *schema = NULL;
	const struct skip *sk;
	size_t i;
	int broken = 0;

	if (!tests || tests->kind != WL_NODE_SEQ || !schema_node) {
		printf("FAIL %s: %s: malformed test group\n", file, gname);
		n->failed++;
		return;
	}
	sk = find_skip(file, gname, NULL);
	if (sk) {
		printf("skip %s: %s (%zu tests): %s\n", file, gname, tests->nr,
		       sk->reason);
		n->skipped += tests->nr;
		return;
	}
	set = wl_schema_set_new();
	for (i = 0; i < nr_remotes; i++)
		wl_schema_set_add_node(set, remotes[i].uri, remotes[i].doc.root,
				       0, NULL);
	if (wl_schema_set_add_node(set, file, schema_node, 0, &diags) < 0 ||
	    wl_schema_set_finish(set, &diags) < 0)
		broken = 1;
	schema = wl_schema_set_get(set, file);

	for (i = 0; i < tests->nr; i++) {
		const struct wl_node *t = tests->items[i];
		const struct wl_node *tdesc = wl_node_get(t, "description");
		const struct wl_node *data = wl_node_get(t, "data");
		const struct wl_node *valid = wl_node_get(t, "valid");
		const char *tname = tdesc ? tdesc->str : "?";
		struct wl_diags vd = WL_DIAGS_INIT;
		int want, got, loud;

		sk = find_skip(file, gname, tname);
		if (sk) {
			printf("skip %s: %s / %s: %s\n", file, gname, tname,
			       sk->reason);
			n->skipped++;
			continue;
		}
		if (broken || !schema || !data || !valid ||
		    valid->kind != WL_NODE_BOOL) {
			printf("FAIL %s: %s / %s: the schema did not load\n",
			       file, gname, tname);
			print_diags(&diags);
			n->failed++;
			continue;
		}
		want = valid->v.b;
		got = wl_schema_validate(schema, data, "data", 0, NULL);
		loud = wl_schema_validate(schema, data, "data", 0, &vd);
		if (got == want && loud == want && (vd.nr == 0) == want) {
			n->passed++;
			if (verbose && vd.nr) {
				printf("ok   %s: %s / %s\n", file, gname, tname);
				print_diags(&vd);
			}
		} else {
			printf("FAIL %s: %s / %s: expected %s, got %s (%s with diagnostics, %zu of them)\n",
			       file, gname, tname, want ? "valid" : "invalid",
			       got ? "valid" : "invalid",
			       loud ? "valid" : "invalid", vd.nr);
			print_diags(&vd);
			n->failed++;
		}
		wl_diags_release(&vd);
	}
	wl_diags_release(&diags);
	wl_schema_set_free(set);
}

static void run_file(const char *dir, const char *name, struct counts *total)
{
	struct counts n = { 0, 0, 0 };
	struct wl_doc doc = WL_DOC_INIT;
	char *path = wl_xprintf("%s/%s", dir, name);
	const struct skip *sk = find_skip(name, NULL, NULL);
	size_t i;

	if (parse_file(&doc, path) < 0 || doc.root->kind != WL_NODE_SEQ) {
		printf("FAIL %s: cannot load the file\n", name);
		n.failed++;
		goto done;
	}
	if (sk && !sk->group) {
		for (i = 0; i < doc.root->nr; i++) {
			const struct wl_node *t =
				wl_node_get(doc.root->items[i], "tests");

			n.skipped += t ? t->nr : 0;
		}
		printf("skip %s: all %zu tests: %s\n", name, n.skipped,
		       sk->reason);
		goto done;
	}
	for (i = 0; i < doc.root->nr; i++)
		run_group(name, doc.root->items[i], &n);
done:
	printf("%s: %zu passed, %zu failed, %zu skipped\n", name, n.passed,
	       n.failed, n.skipped);
	total->passed += n.passed;
	total->failed += n.failed;
	total->skipped += n.skipped;
	wl_doc_release(&doc);
	free(path);
}

static void run_dir(const char *dir, struct counts *total)
{
	char **names = list_dir(dir);
	size_t i;

	for (i = 0; names[i]; i++) {
		size_t len = strlen(names[i]);

		if (len > 5 && !strcmp(names[i] + len - 5, ".json"))
			run_file(dir, names[i], total);
	}
	free_list(names);
}

int main(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 };
	char *dir, *remote_dir;
	size_t i;

	if (argc > 2 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: conformance [-v] DIR\n");
		return 2;
	}
	remote_dir = wl_xprintf("%s/remotes", argv[1]);
	load_remotes(remote_dir, "");
	free(remote_dir);

	dir = wl_xprintf("%s/draft2020-12", argv[1]);
	run_dir(dir, &total);
	free(dir);
	dir = wl_xprintf("%s/draft2020-12/optional/format", argv[1]);
	run_dir(dir, &total);
	free(dir);

	printf("conformance: %zu passed, %zu failed, %zu skipped\n",
	       total.passed, total.failed, total.skipped);
	for (i = 0; i < nr_remotes; i++) {
		wl_doc_release(&remotes[i].doc);
		free(remotes[i].uri);
	}
	free(remotes);
	if (fflush(stdout) || ferror(stdout))
		return 2;
	return total.failed ? 1 : 0;
}
