#include "change.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "../banned.h"

static int scalar(const struct wl_node *n)
{
	return n && n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP &&
	       n->kind != WL_NODE_NULL && n->str;
}

static int listed(const struct wl_node *list, const char *s)
{
	size_t i;

	if (!list || list->kind != WL_NODE_SEQ)
		return 0;
	for (i = 0; i < list->nr; i++)
		if (scalar(list->items[i]) && !strcmp(list->items[i]->str, s))
			return 1;
	return 0;
}

/* Returns 1 if the state machine names `s` anywhere: a value it does not
 * know is the schema's to judge, not a transition. */
static int is_state(const struct wl_node *states, const char *s)
{
	size_t i;

	for (i = 0; i < states->nr; i++)
		if (!strcmp(states->pairs[i].key->str, s) ||
		    listed(states->pairs[i].value, s))
			return 1;
	return 0;
}

void wl_check_transitions(struct wl_diags *diags, const char *path,
			  const struct wl_type *type,
			  const struct wl_node *old_fm,
			  const struct wl_node *new_fm, int sev)
{
	const struct wl_node *tr;
	size_t i, k;

	if (!sev || !type || !type->root || !old_fm || !new_fm)
		return;
	tr = wl_node_get(type->root, "x-transitions");
	if (!tr || tr->kind != WL_NODE_MAP || old_fm->kind != WL_NODE_MAP ||
	    new_fm->kind != WL_NODE_MAP)
		return;
	for (i = 0; i < tr->nr; i++) {
		const char *field = tr->pairs[i].key->str;
		const struct wl_node *states = tr->pairs[i].value;
		const struct wl_node *o = wl_node_get(old_fm, field);
		const struct wl_node *n = wl_node_get(new_fm, field);
		const struct wl_node *allowed;
		struct wl_buf list = WL_BUF_INIT;

		if (!scalar(o) || !scalar(n) || !strcmp(o->str, n->str) ||
		    states->kind != WL_NODE_MAP)
			continue;
		allowed = wl_node_get(states, o->str);
		if (!allowed || allowed->kind != WL_NODE_SEQ ||
		    listed(allowed, n->str) || !is_state(states, n->str))
			continue;
		for (k = 0; k < allowed->nr; k++)
			if (scalar(allowed->items[k]))
				wl_buf_addf(&list, "%s%s", list.len ? ", " : "",
					    allowed->items[k]->str);
		wl_diags_add(diags, path, n->line, n->column, sev,
			     "transition",
			     "%s: \"%s\" cannot change to \"%s\" (allowed: %s)",
			     field, o->str, n->str,
			     list.len ? list.buf : "none");
		wl_buf_release(&list);
	}
}

int wl_record_is_done(const struct wl_type *type, const struct wl_node *fm)
{
	const struct wl_node *lc, *field, *v;

	if (!type || !type->root || !fm || fm->kind != WL_NODE_MAP)
		return 0;
	lc = wl_node_get(type->root, "x-lifecycle");
	if (!lc || lc->kind != WL_NODE_MAP)
		return 0;
	field = wl_node_get(lc, "field");
	if (!field || field->kind != WL_NODE_STRING)
		return 0;
	v = wl_node_get(fm, field->str);
	return scalar(v) && listed(wl_node_get(lc, "done"), v->str);
}
