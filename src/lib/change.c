#include "change.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "../banned.h"

/* A scalar's text, or NULL for null, a list or a mapping. */
static const char *scalar_text(const struct wl_node *n)
{
	if (!n || n->kind == WL_NODE_SEQ || n->kind == WL_NODE_MAP ||
	    n->kind == WL_NODE_NULL)
		return NULL;
	return n->str;
}

/* Reports the change of one field that its machine `tr` forbids. */
static void report(struct wl_diags *diags, const char *path,
		   const struct wl_transitions *tr, const char *from,
		   const struct wl_node *to, int sev)
{
	const struct wl_transition *t = wl_transitions_from(tr, from);
	struct wl_buf list = WL_BUF_INIT;
	size_t k;

	for (k = 0; k < t->nr_to; k++)
		wl_buf_addf(&list, "%s%s", list.len ? ", " : "", t->to[k]);
	wl_diags_add(diags, path, to->line, to->column, sev, "transition",
		     "%s: \"%s\" cannot change to \"%s\" (allowed: %s)",
		     tr->field, from, to->str, list.len ? list.buf : "none");
	wl_buf_release(&list);
}

void wl_check_transitions(struct wl_diags *diags, const char *path,
			  const struct wl_type *type,
			  const struct wl_node *old_fm,
			  const struct wl_node *new_fm, int sev)
{
	size_t i;

	if (!sev || !type || !old_fm || !new_fm ||
	    old_fm->kind != WL_NODE_MAP || new_fm->kind != WL_NODE_MAP)
		return;
	for (i = 0; i < type->nr_transitions; i++) {
		const struct wl_transitions *tr = &type->transitions[i];
		const char *o = scalar_text(wl_node_get(old_fm, tr->field));
		const struct wl_node *n = wl_node_get(new_fm, tr->field);

		if (!o || !scalar_text(n) || !strcmp(o, n->str))
			continue;
		if (wl_transition_allowed(tr, o, n->str) == 0)
			report(diags, path, tr, o, n, sev);
	}
}
