#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glob.h"
#include "source.h"

#include "../banned.h"

static const char *const default_records[] = { "records/**/*.md" };

int wl_config_find(char **root, const char *start)
{
	struct wl_buf dir = WL_BUF_INIT;
	char *abs = realpath(start, NULL);
	struct stat st;

	*root = NULL;
	if (!abs)
		return -1;
	wl_buf_addstr(&dir, abs);
	free(abs);
	for (;;) {
		size_t keep = dir.len;

		wl_buf_addstr(&dir, "/" WL_CONFIG_NAME);
		/* Whatever is there marks the root: a link, a FIFO or a
		 * folder of that name is then refused by name when read,
		 * rather than passed over for a configuration further up. */
		if (!lstat(dir.buf, &st)) {
			dir.len = keep;
			dir.buf[keep] = '\0';
			if (!keep)
				wl_buf_addch(&dir, '/');
			*root = wl_buf_detach(&dir, NULL);
			return 0;
		}
		dir.len = keep;
		while (dir.len && dir.buf[dir.len - 1] != '/')
			dir.len--;
		if (!dir.len || keep == 0)
			break;
		dir.len--; /* drop the slash; "" stands for "/" */
		dir.buf[dir.len] = '\0';
		if (!dir.len && keep == 1)
			break;
	}
	wl_buf_release(&dir);
	errno = ENOENT;
	return -1;
}

void wl_config_defaults(struct wl_config *cfg)
{
	static const struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;
	static const struct wl_schema_limits slim = WL_SCHEMA_LIMITS_DEFAULT;

	cfg->version = 1;
	cfg->records = wl_xmalloc(sizeof(*cfg->records));
	cfg->records[0] = default_records[0];
	cfg->records_nr = 1;
	cfg->limits = lim;
	cfg->file_bytes = WL_FILE_BYTES_DEFAULT;
	cfg->schema_limits = slim;
	if (!cfg->tz)
		wl_tz_load(&cfg->tz, NULL, NULL);
	wl_rules_init(&cfg->rules);
	wl_rules_compile_hooks(&cfg->hooks.rules, &cfg->rules, NULL, NULL,
			       NULL);
}

struct ctx {
	struct wl_config *cfg;
	struct wl_diags *diags;
};

/* A configuration error at node `at`. */
#define err(c, at, ...) \
	wl_diags_at((c)->diags, (c)->cfg->path, (at), WL_SEV_ERROR, "config", \
		    __VA_ARGS__)

static int want_kind(struct ctx *c, const char *what, const struct wl_node *n,
		     enum wl_node_kind kind)
{
	static const char *const names[] = {
		[WL_NODE_STRING] = "a string", [WL_NODE_SEQ] = "a list",
		[WL_NODE_MAP] = "a mapping", [WL_NODE_BOOL] = "true or false",
		[WL_NODE_INT] = "a whole number",
	};
	if (n->kind == kind)
		return 0;
	err(c, n, "%s must be %s, not a %s", what, names[kind],
	    wl_node_kind_name(n));
	return -1;
}

/* A string or a list of strings, as `records:` and `email:` take. */
static void string_list(struct ctx *c, const char *what,
			const struct wl_node *n, const char ***out,
			size_t *nr)
{
	size_t i;

	*out = NULL;
	*nr = 0;
	if (n->kind == WL_NODE_STRING) {
		*out = wl_xmalloc(sizeof(**out));
		(*out)[(*nr)++] = n->str;
		return;
	}
	if (want_kind(c, what, n, WL_NODE_SEQ) < 0)
		return;
	*out = wl_xcalloc(n->nr ? n->nr : 1, sizeof(**out));
	for (i = 0; i < n->nr; i++) {
		if (want_kind(c, what, n->items[i], WL_NODE_STRING) < 0)
			continue;
		(*out)[(*nr)++] = n->items[i]->str;
	}
}

int wl_path_is_safe(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (!slash)
			break;
		p = slash + 1;
	}
	return 1;
}

/*
 * A list of repository paths or globs (`schemas:`, `records:`): each must
 * stay inside the repository, since worklog walks and reads them.
 */
static void safe_path_list(struct ctx *c, const char *what, const char *noun,
			   const struct wl_node *n, const char ***out,
			   size_t *nr)
{
	size_t i, j = 0, kept = 0;

	string_list(c, what, n, out, nr);
	for (i = 0; i < *nr; i++) {
		const struct wl_node *at = n;

		if (n->kind == WL_NODE_SEQ) {
			/* string_list kept the string items, in order. */
			while (n->items[j]->kind != WL_NODE_STRING)
				j++;
			at = n->items[j++];
		}
		if (!wl_path_is_safe((*out)[i])) {
			err(c, at, "%s '%s' is outside the repository", noun,
			    (*out)[i]);
			continue;
		}
		(*out)[kept++] = (*out)[i];
	}
	*nr = kept;
}

static void parse_types(struct ctx *c, const struct wl_node *n)
{
	struct wl_config *cfg = c->cfg;
	size_t i;

	if (want_kind(c, "types", n, WL_NODE_MAP) < 0)
		return;
	cfg->types = wl_xcalloc(n->nr ? n->nr : 1, sizeof(*cfg->types));
	for (i = 0; i < n->nr; i++) {
		const struct wl_pair *p = &n->pairs[i];

		if (want_kind(c, "a record type", p->value, WL_NODE_STRING) < 0)
			continue;
		cfg->types[cfg->types_nr].glob = p->key->str;
		cfg->types[cfg->types_nr].type = p->value->str;
		cfg->types[cfg->types_nr].node = p->key;
		cfg->types_nr++;
	}
}

static void parse_person(struct ctx *c, const struct wl_node *n,
			 struct wl_person *p)
{
	static const char *const keys[] = { "id", "name", "email", "reviewer",
					    "team", "role", "active", NULL };
	size_t i, k;

	p->node = n;
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *key = n->pairs[i].key;
		const struct wl_node *v = n->pairs[i].value;

		for (k = 0; keys[k]; k++)
			if (!strcmp(keys[k], key->str))
				break;
		if (!keys[k]) {
			err(c, key, "unknown key '%s' in a person (known: id, name, email, reviewer, team, role, active)",
			    key->str);
			continue;
		}
		if (!strcmp(key->str, "id")) {
			if (!want_kind(c, "id", v, WL_NODE_STRING))
				p->id = v->str;
		} else if (!strcmp(key->str, "name")) {
			if (!want_kind(c, "name", v, WL_NODE_STRING))
				p->name = v->str;
		} else if (!strcmp(key->str, "email")) {
			string_list(c, "email", v, &p->emails, &p->emails_nr);
		} else if (!strcmp(key->str, "reviewer")) {
			if (!want_kind(c, "reviewer", v, WL_NODE_BOOL))
				p->reviewer = v->v.b;
		} else if (!strcmp(key->str, "active")) {
			want_kind(c, "active", v, WL_NODE_BOOL);
		} else {
			want_kind(c, key->str, v, WL_NODE_STRING);
		}
	}
	if (!p->id)
		err(c, n, "a person needs an 'id'");
}

static void parse_people(struct ctx *c, const struct wl_node *n)
{
	struct wl_config *cfg = c->cfg;
	size_t i, j;

	if (want_kind(c, "people", n, WL_NODE_SEQ) < 0)
		return;
	cfg->people = wl_xcalloc(n->nr ? n->nr : 1, sizeof(*cfg->people));
	for (i = 0; i < n->nr; i++) {
		struct wl_person *p = &cfg->people[cfg->people_nr];

		if (want_kind(c, "a person", n->items[i], WL_NODE_MAP) < 0)
			continue;
		parse_person(c, n->items[i], p);
		if (!p->id) {
			free(p->emails);
			memset(p, 0, sizeof(*p));
			continue;
		}
		for (j = 0; j < cfg->people_nr; j++) {
			if (!strcmp(cfg->people[j].id, p->id)) {
				err(c, wl_node_get(n->items[i], "id"),
				    "person '%s' is listed twice", p->id);
				break;
			}
		}
		cfg->people_nr++;
	}
}

/* `hooks:`: {warn-only: BOOL, rules: {RULE: SEVERITY}}; the rules are
 * compiled once the whole configuration is read (`rules:` may come
 * after). */
static void parse_hooks(struct ctx *c, const struct wl_node *n)
{
	size_t i;

	if (want_kind(c, "hooks", n, WL_NODE_MAP) < 0)
		return;
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key;
		const struct wl_node *v = n->pairs[i].value;

		if (!strcmp(k->str, "rules")) {
			if (want_kind(c, "hooks: rules", v, WL_NODE_MAP) == 0)
				c->cfg->hooks.rules_at = v;
		} else if (strcmp(k->str, "warn-only")) {
			err(c, k, "unknown key '%s' in hooks (known: warn-only, rules)",
			    k->str);
		} else if (v->kind != WL_NODE_BOOL) {
			err(c, v, "hooks: warn-only must be true or false");
		} else {
			c->cfg->hooks.warn_only = v->v.b;
		}
	}
}

/* `reports:`: `lang`, and saved reports by name, compiled by
 * report_def.c. */
static void parse_reports(struct ctx *c, const struct wl_node *n)
{
	if (want_kind(c, "reports", n, WL_NODE_MAP) < 0)
		return;
	wl_report_settings_compile(&c->cfg->reports, n, c->cfg->path,
				   c->diags);
}

/* `rules:`, through the registry; its roster ids once people are read. */
static void parse_rules(struct ctx *c, const struct wl_node *n)
{
	if (want_kind(c, "rules", n, WL_NODE_MAP) < 0)
		return;
	wl_rules_compile(&c->cfg->rules, n, c->cfg->path, c->diags);
}

static int cmp_person(const void *a, const void *b)
{
	return strcmp((*(const struct wl_person *const *)a)->id,
		      (*(const struct wl_person *const *)b)->id);
}

/* The index of wl_config_person. */
static void index_people(struct wl_config *cfg)
{
	size_t i;

	cfg->people_by_id = wl_xcalloc(cfg->people_nr + 1,
				       sizeof(*cfg->people_by_id));
	for (i = 0; i < cfg->people_nr; i++)
		cfg->people_by_id[i] = &cfg->people[i];
	qsort(cfg->people_by_id, cfg->people_nr, sizeof(*cfg->people_by_id),
	      cmp_person);
}

static void check_rule_people(struct ctx *c)
{
	const struct wl_config *cfg = c->cfg;
	const char **ids = wl_xcalloc(cfg->people_nr + 1, sizeof(*ids));
	size_t i;

	for (i = 0; i < cfg->people_nr; i++)
		ids[i] = cfg->people[i].id;
	wl_rules_check_people(&cfg->rules, ids, cfg->people_nr, cfg->path,
			      c->diags);
	free(ids);
}

/*
 * Hard ceilings on what a (possibly untrusted) configuration may allow:
 * deeper nesting costs stack in every tree walk, and libyaml itself slows
 * down badly with deep flow nesting.
 */
#define MAX_FRONT_MATTER (64 * 1024 * 1024)
#define MAX_DEPTH 256
#define MAX_ALIAS_NODES 10000000

static int in_range(struct ctx *c, const struct wl_node *v, const char *what,
		    long long lo, long long hi)
{
	if (v->v.i >= lo && v->v.i <= hi)
		return 1;
	err(c, v, "%s must be a whole number from %lld to %lld", what, lo, hi);
	return 0;
}

/* The keys of `limits:`, each with its range and where it goes. */
enum limit_type { LIMIT_SIZE, LIMIT_UINT, LIMIT_ULL };

static const struct limit_key {
	const char *name;
	long long lo, hi;
	enum limit_type type;
	size_t offset;              /* in struct wl_config */
} limit_keys[] = {
	{ "file-bytes", 1, WL_FILE_BYTES_MAX, LIMIT_SIZE,
	  offsetof(struct wl_config, file_bytes) },
	{ "front-matter-bytes", 1, MAX_FRONT_MATTER, LIMIT_SIZE,
	  offsetof(struct wl_config, limits.max_bytes) },
	{ "depth", 1, MAX_DEPTH, LIMIT_UINT,
	  offsetof(struct wl_config, limits.max_depth) },
	{ "alias-nodes", 0, MAX_ALIAS_NODES, LIMIT_SIZE,
	  offsetof(struct wl_config, limits.max_expansion) },
	{ "schema-steps", 1, WL_SCHEMA_MAX_STEPS, LIMIT_ULL,
	  offsetof(struct wl_config, schema_limits.steps) },
	{ "regex-steps", 1, WL_SCHEMA_MAX_REGEX_STEPS, LIMIT_ULL,
	  offsetof(struct wl_config, schema_limits.regex_steps) },
	{ "regex-match-steps", 1, WL_SCHEMA_MAX_REGEX_MATCH_STEPS, LIMIT_ULL,
	  offsetof(struct wl_config, schema_limits.regex_match_steps) },
	{ "schema-bytes", 1, WL_SCHEMA_MAX_FILE_BYTES, LIMIT_SIZE,
	  offsetof(struct wl_config, schema_limits.file_bytes) },
	{ "schema-nodes", 1, WL_SCHEMA_MAX_FILE_NODES, LIMIT_SIZE,
	  offsetof(struct wl_config, schema_limits.file_nodes) },
	{ "schema-files", 1, WL_SCHEMA_MAX_FILES, LIMIT_SIZE,
	  offsetof(struct wl_config, schema_limits.files) },
};

#define NR_LIMIT_KEYS (sizeof(limit_keys) / sizeof(*limit_keys))

static void set_limit(struct wl_config *cfg, const struct limit_key *k,
		      long long v)
{
	char *at = (char *)cfg + k->offset;

	switch (k->type) {
	case LIMIT_SIZE:
		*(size_t *)(void *)at = (size_t)v;
		break;
	case LIMIT_UINT:
		*(unsigned *)(void *)at = (unsigned)v;
		break;
	case LIMIT_ULL:
		*(unsigned long long *)(void *)at = (unsigned long long)v;
		break;
	}
}

static void parse_limits(struct ctx *c, const struct wl_node *n)
{
	size_t i, j;

	if (want_kind(c, "limits", n, WL_NODE_MAP) < 0)
		return;
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *key = n->pairs[i].key;
		const struct wl_node *v = n->pairs[i].value;

		if (want_kind(c, key->str, v, WL_NODE_INT) < 0)
			continue;
		for (j = 0; j < NR_LIMIT_KEYS; j++)
			if (!strcmp(key->str, limit_keys[j].name))
				break;
		if (j == NR_LIMIT_KEYS) {
			struct wl_buf known = WL_BUF_INIT;

			for (j = 0; j < NR_LIMIT_KEYS; j++)
				wl_buf_addf(&known, "%s%s", j ? ", " : "",
					    limit_keys[j].name);
			err(c, key, "unknown limit '%s' (known: %s)", key->str,
			    known.buf);
			wl_buf_release(&known);
		} else if (in_range(c, v, key->str, limit_keys[j].lo,
				    limit_keys[j].hi)) {
			set_limit(c->cfg, &limit_keys[j], v->v.i);
		}
	}
}

/* `timezone: Asia/Shanghai`: an IANA zone the machine knows. */
static void parse_timezone(struct ctx *c, const struct wl_node *n)
{
	char *msg = NULL;

	if (want_kind(c, "timezone", n, WL_NODE_STRING) < 0)
		return;
	if (wl_tz_load(&c->cfg->tz, n->str, &msg) < 0) {
		err(c, n, "timezone: %s", msg);
		free(msg);
	}
}

int wl_config_parse(struct wl_config *cfg, const char *path, char *text,
		    size_t len, struct wl_diags *diags)
{
	static const struct wl_yaml_limits limits = WL_YAML_LIMITS_DEFAULT;
	static const struct wl_schema_limits slim = WL_SCHEMA_LIMITS_DEFAULT;
	struct ctx c = { cfg, diags };
	const struct wl_node *root;
	struct wl_diags yaml = WL_DIAGS_INIT;
	size_t i, errors = diags->errors;

	cfg->path = wl_xstrdup(path);
	cfg->text = text;
	cfg->version = 1;
	cfg->limits = limits;
	cfg->file_bytes = WL_FILE_BYTES_DEFAULT;
	cfg->schema_limits = slim;
	wl_rules_init(&cfg->rules);
	wl_yaml_parse(&cfg->doc, text, len, 0, &limits, path, &yaml);
	if (yaml.nr) {
		/* YAML problems in a configuration are configuration errors. */
		for (i = 0; i < yaml.nr; i++)
			yaml.v[i].rule = "config";
		wl_diags_move(diags, &yaml);
		return -1;
	}
	root = cfg->doc.root;
	if (!root) {
		wl_config_defaults(cfg);
		return 0;
	}
	if (want_kind(&c, "the configuration", root, WL_NODE_MAP) < 0)
		return -1;
	for (i = 0; i < root->nr; i++) {
		const struct wl_node *key = root->pairs[i].key;
		const struct wl_node *v = root->pairs[i].value;
		const char *k = key->str;

		if (!strcmp(k, "version")) {
			if (v->kind != WL_NODE_INT || v->v.i != 1)
				err(&c, v,
				    "unsupported configuration version (this worklog reads version 1)");
		} else if (!strcmp(k, "records")) {
			safe_path_list(&c, "records", "records glob", v,
				       &cfg->records, &cfg->records_nr);
		} else if (!strcmp(k, "schemas")) {
			safe_path_list(&c, "schemas", "schema folder", v,
				       &cfg->schemas, &cfg->schemas_nr);
		} else if (!strcmp(k, "types")) {
			parse_types(&c, v);
		} else if (!strcmp(k, "people")) {
			parse_people(&c, v);
		} else if (!strcmp(k, "rules")) {
			parse_rules(&c, v);
		} else if (!strcmp(k, "reports")) {
			parse_reports(&c, v);
		} else if (!strcmp(k, "hooks")) {
			parse_hooks(&c, v);
		} else if (!strcmp(k, "limits")) {
			parse_limits(&c, v);
		} else if (!strcmp(k, "timezone")) {
			parse_timezone(&c, v);
		} else {
			err(&c, key,
			    "unknown key '%s' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone)",
			    k);
		}
	}
	if (!cfg->tz)
		wl_tz_load(&cfg->tz, NULL, NULL);
	if (!wl_node_get(root, "records")) {
		cfg->records = wl_xmalloc(sizeof(*cfg->records));
		cfg->records[0] = default_records[0];
		cfg->records_nr = 1;
	}
	index_people(cfg);
	check_rule_people(&c);
	wl_rules_compile_hooks(&cfg->hooks.rules, &cfg->rules,
			       cfg->hooks.rules_at, cfg->path, diags);
	return diags->errors > errors ? -1 : 0;
}

void wl_config_release(struct wl_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->people_nr; i++)
		free(cfg->people[i].emails);
	free(cfg->people);
	free(cfg->people_by_id);
	free(cfg->types);
	free(cfg->records);
	free(cfg->schemas);
	wl_report_settings_release(&cfg->reports);
	wl_rules_release(&cfg->rules);
	free(cfg->path);
	free(cfg->text);
	wl_tz_free(cfg->tz);
	wl_doc_release(&cfg->doc);
	memset(cfg, 0, sizeof(*cfg));
}

const struct wl_person *wl_config_person(const struct wl_config *cfg,
					 const char *id)
{
	size_t lo = 0, hi = cfg->people_by_id ? cfg->people_nr : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, cfg->people_by_id[mid]->id);

		if (!c)
			return cfg->people_by_id[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *wl_config_type_for(const struct wl_config *cfg, const char *path)
{
	size_t i;

	for (i = 0; i < cfg->types_nr; i++)
		if (wl_glob_match(cfg->types[i].glob, path))
			return cfg->types[i].type;
	return NULL;
}

int wl_config_is_record(const struct wl_config *cfg, const char *path)
{
	return wl_glob_match_any(cfg->records, cfg->records_nr, path);
}
