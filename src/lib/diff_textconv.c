/*
 * `worklog diff --textconv`: a record rendered so that git's line diff
 * becomes a field diff (diff.h, wl_textconv).
 */
#include "diff.h"

#include <string.h>

#include "compare.h"
#include "type.h"
#include "util.h"

#include "../banned.h"

/* The `properties` of schema node `schema`, or NULL. */
static const struct wl_node *properties(const struct wl_node *schema)
{
	const struct wl_node *p;

	if (!schema || schema->kind != WL_NODE_MAP)
		return NULL;
	p = wl_node_get(schema, "properties");
	return p && p->kind == WL_NODE_MAP ? p : NULL;
}

/* The subschema of `schema` for the items of a list, or NULL. */
static const struct wl_node *items(const struct wl_node *schema)
{
	const struct wl_node *p;

	if (!schema || schema->kind != WL_NODE_MAP)
		return NULL;
	p = wl_node_get(schema, "items");
	return p && p->kind == WL_NODE_MAP ? p : NULL;
}

static void render(struct wl_buf *out, struct wl_buf *path,
		   const struct wl_node *n, const struct wl_node *schema);

static void line_start(struct wl_buf *out, const struct wl_buf *path)
{
	wl_buf_add(out, path->buf ? path->buf : "", path->len);
	wl_buf_addstr(out, ": ");
}

static void render_key(struct wl_buf *out, struct wl_buf *path,
		       const struct wl_pair *p, const struct wl_node *schema)
{
	size_t at = path->len;

	wl_field_path_add_key(path, p->key->str, p->key->len);
	render(out, path, p->value, schema);
	path->len = at;
	path->buf[at] = '\0';
}

/*
 * A mapping: the keys its schema lists, in the schema's order, then the
 * others as written.
 */
static void render_map(struct wl_buf *out, struct wl_buf *path,
		       const struct wl_node *n, const struct wl_node *schema)
{
	const struct wl_node *props = properties(schema);
	size_t i, k;

	if (!n->nr) {
		line_start(out, path);
		wl_buf_addstr(out, "{}\n");
		return;
	}
	for (k = 0; props && k < props->nr; k++) {
		const struct wl_node *key = props->pairs[k].key;

		for (i = 0; i < n->nr; i++)
			if (n->pairs[i].key->len == key->len &&
			    !memcmp(n->pairs[i].key->str, key->str, key->len))
				render_key(out, path, &n->pairs[i],
					   props->pairs[k].value);
	}
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *key = n->pairs[i].key;

		if (props && wl_node_get(props, key->str) &&
		    strlen(key->str) == key->len)
			continue;
		render_key(out, path, &n->pairs[i], NULL);
	}
}

/* A scalar as written; text of several lines as a block under it. */
static void render_scalar(struct wl_buf *out, const struct wl_buf *path,
			  const struct wl_node *n)
{
	const char *s, *nl;

	line_start(out, path);
	if (n->kind == WL_NODE_NULL) {
		wl_buf_addstr(out, "null\n");
		return;
	}
	if (!memchr(n->str, '\n', n->len) || strlen(n->str) != n->len) {
		wl_field_value_text(out, n);
		wl_buf_addch(out, '\n');
		return;
	}
	wl_buf_addstr(out, "|\n");
	for (s = n->str; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		wl_buf_addstr(out, "  ");
		if (!nl) {
			wl_buf_addstr(out, s);
			wl_buf_addch(out, '\n');
			break;
		}
		wl_buf_add(out, s, (size_t)(nl - s) + 1);
	}
}

static void render(struct wl_buf *out, struct wl_buf *path,
		   const struct wl_node *n, const struct wl_node *schema)
{
	size_t i, at;

	switch (n->kind) {
	case WL_NODE_MAP:
		render_map(out, path, n, schema);
		break;
	case WL_NODE_SEQ:
		if (!n->nr) {
			line_start(out, path);
			wl_buf_addstr(out, "[]\n");
		}
		for (i = 0; i < n->nr; i++) {
			at = path->len;
			wl_buf_addf(path, "[%zu]", i);
			render(out, path, n->items[i], items(schema));
			path->len = at;
			path->buf[at] = '\0';
		}
		break;
	default:
		render_scalar(out, path, n);
		break;
	}
}

int wl_textconv(struct wl_buf *out, struct wl_repo *repo, const char *path,
		char *buf, size_t len)
{
	static const struct wl_yaml_limits defaults = WL_YAML_LIMITS_DEFAULT;
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_buf keys = WL_BUF_INIT;
	const struct wl_type *t = NULL;
	int ret = 0;

	wl_record_parse(&r, path, buf, len, repo ? &repo->cfg.limits : &defaults,
			&diags);
	if (!r.doc.root || r.doc.root->kind != WL_NODE_MAP) {
		wl_buf_add(out, buf, len);
		goto done;
	}
	if (repo)
		t = wl_repo_record_type(repo, &r, &diags);
	wl_buf_addstr(out, "---\n");
	wl_buf_addstr(&keys, "");
	render(out, &keys, r.doc.root, t ? t->root : NULL);
	wl_buf_addstr(out, "---\n");
	wl_buf_add(out, r.buf + r.fm.body, r.len - r.fm.body);
	ret = 1;
done:
	wl_buf_release(&keys);
	wl_diags_release(&diags);
	wl_record_release(&r);
	return ret;
}
