/*
 * Record types (type.h): the type-level x- keywords of a schema file's
 * root, checked and compiled into struct wl_type as the file loads
 * (schema_compile.c calls in here for each), the places x-ref and
 * x-person mark (once $refs are resolved), the lookups every consumer
 * uses, and x-filename against a record's path.
 */
#include <stdlib.h>
#include <string.h>

#include "schema_impl.h"

#include "../banned.h"

/* ---- compiling the x- keywords ------------------------------------------ */

/* A scalar's text, or NULL for null, a list or a mapping. */
static const char *scalar_text(const struct wl_node *n)
{
	if (!n || n->kind == WL_NODE_SEQ || n->kind == WL_NODE_MAP ||
	    n->kind == WL_NODE_NULL)
		return NULL;
	return n->str;
}

/* The texts of a list of scalars (nulls left out), or of one scalar. */
static const char *const *texts(struct cctx *cc, const struct wl_node *v,
				size_t *nr)
{
	const char **out;
	size_t i, n = v->kind == WL_NODE_SEQ ? v->nr : 1;

	out = schema_arena_array(cc, n, sizeof(*out));
	*nr = 0;
	for (i = 0; i < n; i++) {
		const char *t = scalar_text(v->kind == WL_NODE_SEQ ?
					    v->items[i] : v);

		if (t)
			out[(*nr)++] = t;
	}
	return out;
}

static void unknown_key(struct cctx *cc, const struct wl_node *k,
			const char *kw, const char *const *keys, size_t nr)
{
	const char *best = wl_did_you_mean(k->str, k->len, keys, nr);

	if (best)
		schema_error(cc, k, "unknown key '%s' in '%s'; did you mean '%s'?",
			     k->str, kw, best);
	else
		schema_error(cc, k, "unknown key '%s' in '%s'", k->str, kw);
}

/* x-filename: text with {field} placeholders. */
void schema_type_filename(struct cctx *cc, const struct wl_node *v)
{
	const char *s = v->str, *end = v->str + v->len;

	for (; s < end; s++) {
		const char *close;

		if (*s != '{')
			continue;
		close = memchr(s, '}', end - s);
		if (!close || close == s + 1) {
			schema_error(cc, v,
				     "'x-filename' has an unfinished placeholder; write {field}");
			return;
		}
		s = close;
	}
	if (cc->type)
		cc->type->filename = v->str;
}

/*
 * x-id-pattern: text with {name} placeholders (template.h says which
 * names mean what); the type must say which field is its id.
 */
void schema_type_id_pattern(struct cctx *cc, const struct wl_schema *s,
			    const struct wl_node *v)
{
	const char *p = v->str, *end = v->str + v->len;

	if (!map_get(s->node, "x-id", 4)) {
		schema_error(cc, v, "'x-id-pattern' needs 'x-id': the field the id goes in");
		return;
	}
	if (!v->len || memchr(v->str, '/', v->len)) {
		schema_error(cc, v, "'x-id-pattern' must be an id with placeholders, without slashes");
		return;
	}
	for (; p < end; p++) {
		const char *close;

		if (*p == '}') {
			schema_error(cc, v, "'x-id-pattern' has a '}' without its '{'");
			return;
		}
		if (*p != '{')
			continue;
		close = memchr(p, '}', end - p);
		if (!close || close == p + 1 ||
		    memchr(p + 1, '{', close - p - 1)) {
			schema_error(cc, v,
				     "'x-id-pattern' has an unfinished placeholder; write {date}, {random} or {field}");
			return;
		}
		p = close;
	}
	if (cc->type)
		cc->type->id_pattern = v->str;
}

/* x-period: day, week, month, quarter or year. */
void schema_type_period(struct cctx *cc, const struct wl_node *v)
{
	enum wl_period_kind kind;

	if (v->kind != WL_NODE_STRING ||
	    wl_period_kind_parse(&kind, v->str) < 0) {
		schema_error(cc, v,
			     "'x-period' must be day, week, month, quarter or year");
		return;
	}
	if (cc->type)
		cc->type->period = kind;
}

/* x-template: a string, or {zh: string, en: string}. */
void schema_type_template(struct cctx *cc, const struct wl_node *v)
{
	static const char *const langs[] = { "en", "zh" };
	size_t i;

	if (v->kind == WL_NODE_STRING) {
		if (cc->type)
			cc->type->template_any = v->str;
		return;
	}
	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v,
			     "'x-template' must be the body's text, or a mapping of languages (zh, en) to it");
		return;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *k = v->pairs[i].key;
		const struct wl_node *t = v->pairs[i].value;

		if (!node_is(k, "zh") && !node_is(k, "en")) {
			unknown_key(cc, k, "x-template", langs, 2);
			continue;
		}
		if (schema_expect_string(cc, t, "x-template") || !cc->type)
			continue;
		if (node_is(k, "zh"))
			cc->type->template_zh = t->str;
		else
			cc->type->template_en = t->str;
	}
}

static const char *const section_keys[] = {
	"aliases", "name", "nonempty", "required", "when",
};

static void section_when(struct cctx *cc, struct wl_section *sec,
			 const struct wl_node *v)
{
	struct wl_section_when *when;
	size_t w;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v, "'when' must be a mapping of fields to values");
		return;
	}
	when = schema_arena_array(cc, v->nr, sizeof(*when));
	for (w = 0; w < v->nr; w++) {
		const struct wl_node *c = v->pairs[w].value;

		if (!is_scalar(c) && schema_expect_scalar_list(cc, c, "when") < 0)
			continue;
		when[sec->nr_when].field = v->pairs[w].key->str;
		when[sec->nr_when].values = texts(cc, c,
						  &when[sec->nr_when].nr_values);
		sec->nr_when++;
	}
	sec->when = when;
}

static void section(struct cctx *cc, struct wl_section *sec,
		    const struct wl_node *v)
{
	size_t j;

	sec->line = v->line;
	sec->column = v->column;
	if (!map_get(v, "name", 4))
		schema_error(cc, v, "a section in 'x-sections' needs a 'name'");
	for (j = 0; j < v->nr; j++) {
		const struct wl_node *k = v->pairs[j].key;
		const struct wl_node *val = v->pairs[j].value;

		if (node_is(k, "name")) {
			if (!schema_expect_string(cc, val, "name"))
				sec->name = val->str;
		} else if (node_is(k, "aliases")) {
			if (!schema_expect_string_list(cc, val, "aliases", 0))
				sec->aliases = texts(cc, val, &sec->nr_aliases);
		} else if (node_is(k, "required") || node_is(k, "nonempty")) {
			if (schema_expect_bool(cc, val, k->str))
				continue;
			if (node_is(k, "required"))
				sec->required = val->v.b;
			else
				sec->nonempty = val->v.b;
		} else if (node_is(k, "when")) {
			section_when(cc, sec, val);
		} else {
			unknown_key(cc, k, "x-sections", section_keys,
				    sizeof(section_keys) / sizeof(*section_keys));
		}
	}
}

/* x-sections: [{name, aliases, required, nonempty, when}] */
void schema_type_sections(struct cctx *cc, const struct wl_node *v)
{
	struct wl_section *secs;
	size_t i, nr = 0;

	if (v->kind != WL_NODE_SEQ) {
		schema_error(cc, v, "'x-sections' must be a list of sections");
		return;
	}
	secs = schema_arena_array(cc, v->nr, sizeof(*secs));
	for (i = 0; i < v->nr; i++) {
		if (v->items[i]->kind != WL_NODE_MAP) {
			schema_error(cc, v->items[i],
				     "a section in 'x-sections' must be a mapping with a 'name'");
			continue;
		}
		section(cc, &secs[nr++], v->items[i]);
	}
	if (cc->type) {
		cc->type->sections = secs;
		cc->type->nr_sections = nr;
	}
}

/* x-transitions: {field: {state: [next states]}} */
void schema_type_transitions(struct cctx *cc, const struct wl_node *v)
{
	struct wl_transitions *trs;
	size_t i, j;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v,
			     "'x-transitions' must map a field to its allowed changes");
		return;
	}
	trs = schema_arena_array(cc, v->nr, sizeof(*trs));
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *states = v->pairs[i].value;
		struct wl_transition *from;

		trs[i].field = v->pairs[i].key->str;
		if (states->kind != WL_NODE_MAP) {
			schema_error(cc, states,
				     "'x-transitions' of '%s' must map each state to a list of next states",
				     v->pairs[i].key->str);
			continue;
		}
		from = schema_arena_array(cc, states->nr, sizeof(*from));
		for (j = 0; j < states->nr; j++) {
			const struct wl_node *to = states->pairs[j].value;

			if (schema_expect_scalar_list(cc, to, "x-transitions") < 0)
				continue;
			from[trs[i].nr_from].from = states->pairs[j].key->str;
			from[trs[i].nr_from].to =
				texts(cc, to, &from[trs[i].nr_from].nr_to);
			trs[i].nr_from++;
		}
		trs[i].from = from;
	}
	if (cc->type) {
		cc->type->transitions = trs;
		cc->type->nr_transitions = v->nr;
	}
}

static const char *const lifecycle_keys[] = {
	"blocked", "cancelled", "done", "due", "field", "open",
};

static const struct {
	const char *key;
	enum wl_state_class cls;
} state_classes[] = {
	{ "open", WL_STATE_OPEN }, { "blocked", WL_STATE_BLOCKED },
	{ "done", WL_STATE_DONE }, { "cancelled", WL_STATE_CANCELLED },
};

/* Adds the states of one class, each value in one class only. */
static void lifecycle_states(struct cctx *cc, struct wl_lifecycle *lc,
			     struct wl_state *states, const struct wl_node *k,
			     const struct wl_node *v, enum wl_state_class cls)
{
	size_t i, j;

	if (schema_expect_scalar_list(cc, v, k->str) < 0)
		return;
	for (i = 0; i < v->nr; i++) {
		const char *t = scalar_text(v->items[i]);

		if (!t)
			continue;
		for (j = 0; j < lc->nr_states; j++)
			if (!strcmp(states[j].value, t))
				break;
		if (j < lc->nr_states) {
			schema_error(cc, v->items[i],
				     "'x-lifecycle' lists '%s' in two classes of states",
				     t);
			continue;
		}
		states[lc->nr_states].value = t;
		states[lc->nr_states++].cls = cls;
	}
}

/* x-lifecycle: {field, due, open, blocked, done, cancelled} */
void schema_type_lifecycle(struct cctx *cc, const struct wl_node *v)
{
	struct wl_lifecycle lc = { NULL, NULL, NULL, 0 };
	struct wl_state *states;
	size_t i, c, n = 0;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v,
			     "'x-lifecycle' must be a mapping: {field, due, open, blocked, done, cancelled}");
		return;
	}
	if (!map_get(v, "field", 5))
		schema_error(cc, v, "'x-lifecycle' needs a 'field'");
	for (i = 0; i < v->nr; i++)
		if (v->pairs[i].value->kind == WL_NODE_SEQ)
			n += v->pairs[i].value->nr;
	states = schema_arena_array(cc, n, sizeof(*states));
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *k = v->pairs[i].key;
		const struct wl_node *val = v->pairs[i].value;

		for (c = 0; c < sizeof(state_classes) / sizeof(*state_classes);
		     c++)
			if (node_is(k, state_classes[c].key))
				break;
		if (node_is(k, "field") || node_is(k, "due")) {
			if (schema_expect_string(cc, val, k->str))
				continue;
			if (node_is(k, "field"))
				lc.field = val->str;
			else
				lc.due = val->str;
		} else if (c < sizeof(state_classes) / sizeof(*state_classes)) {
			lifecycle_states(cc, &lc, states, k, val,
					 state_classes[c].cls);
		} else {
			unknown_key(cc, k, "x-lifecycle", lifecycle_keys,
				    sizeof(lifecycle_keys) /
					    sizeof(*lifecycle_keys));
		}
	}
	lc.states = states;
	if (cc->type)
		cc->type->lifecycle = lc;
}

/* x-date-order: [[earlier, later], ...] */
void schema_type_date_order(struct cctx *cc, const struct wl_node *v)
{
	struct wl_date_pair *pairs;
	size_t i, nr = 0;

	if (v->kind != WL_NODE_SEQ) {
		schema_error(cc, v,
			     "'x-date-order' must be a list of [earlier, later] field pairs");
		return;
	}
	pairs = schema_arena_array(cc, v->nr, sizeof(*pairs));
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *p = v->items[i];

		if (p->kind != WL_NODE_SEQ || p->nr != 2 ||
		    p->items[0]->kind != WL_NODE_STRING ||
		    p->items[1]->kind != WL_NODE_STRING) {
			schema_error(cc, p,
				     "'x-date-order' must be a list of [earlier, later] field pairs");
			continue;
		}
		pairs[nr].earlier = p->items[0]->str;
		pairs[nr].later = p->items[1]->str;
		pairs[nr].line = p->line;
		pairs[nr++].column = p->column;
	}
	if (cc->type) {
		cc->type->date_order = pairs;
		cc->type->nr_date_order = nr;
	}
}

/* ---- the places x-ref and x-person mark ------------------------------- */

/*
 * Bounds on the walk: schemas may nest deeply, share subschemas and
 * recurse through $ref, so the number of places can grow with the
 * product of their branches.
 */
#define REFS_MAX_DEPTH 32
#define REFS_MAX_STEPS 20000
#define REFS_MAX 256

struct refs_walk {
	struct wl_schema_set *set;
	struct wl_type_ref *v;
	size_t nr, alloc;
	const struct wl_schema *stack[REFS_MAX_DEPTH];
	size_t depth, steps;
	struct wl_buf path;
};

static void add_ref(struct refs_walk *w, const struct wl_schema *s)
{
	const char *path = wl_buf_cstr(&w->path);
	size_t i;

	for (i = 0; i < w->nr; i++)
		if (!strcmp(w->v[i].path, path) && w->v[i].person == s->x_person &&
		    (w->v[i].ref_type == s->x_ref ||
		     (w->v[i].ref_type && s->x_ref &&
		      !strcmp(w->v[i].ref_type, s->x_ref))))
			return;
	if (w->nr == REFS_MAX)
		return;
	WL_ALLOC_GROW(w->v, w->nr + 1, w->alloc);
	w->v[w->nr].path = wl_arena_strndup(&w->set->arena, path,
					    w->path.len);
	w->v[w->nr].ref_type = s->x_ref;
	w->v[w->nr++].person = s->x_person;
}

static void walk(struct refs_walk *w, const struct wl_schema *s);

/* Walks `s` for the value at the path plus `seg` (".name", "[]"). */
static void walk_child(struct refs_walk *w, const struct wl_schema *s,
		       const char *seg, size_t len)
{
	size_t keep = w->path.len, i;
	int plain = len > 1 && seg[0] == '.';

	for (i = 1; plain && i < len; i++)
		if ((unsigned char)seg[i] <= ' ' || strchr(".[]\"", seg[i]))
			plain = 0;
	if (plain) {
		wl_buf_add(&w->path, seg + (keep ? 0 : 1), len - (keep ? 0 : 1));
	} else if (seg[0] == '.') {
		/* A name that would read as path syntax. */
		wl_buf_addch(&w->path, '[');
		wl_buf_add_json_string(&w->path, seg + 1, len - 1);
		wl_buf_addch(&w->path, ']');
	} else {
		wl_buf_add(&w->path, seg, len);
	}
	walk(w, s);
	w->path.len = keep;
	if (w->path.buf)
		w->path.buf[keep] = '\0';
}

static void walk_props(struct refs_walk *w, const struct wl_schema *s)
{
	struct wl_buf seg = WL_BUF_INIT;
	size_t i;

	for (i = 0; i < s->nr_props; i++) {
		wl_buf_reset(&seg);
		wl_buf_addch(&seg, '.');
		wl_buf_add(&seg, s->props[i].name, s->props[i].len);
		walk_child(w, s->props[i].schema, seg.buf, seg.len);
	}
	for (i = 0; i < s->nr_pattern_props; i++)
		walk_child(w, s->pattern_props[i].schema, ".*", 2);
	walk_child(w, s->additional, ".*", 2);
	for (i = 0; i < s->nr_prefix; i++) {
		wl_buf_reset(&seg);
		wl_buf_addf(&seg, "[%zu]", i);
		walk_child(w, s->prefix[i], seg.buf, seg.len);
	}
	walk_child(w, s->items, "[]", 2);
	walk_child(w, s->contains, "[]", 2);
	wl_buf_release(&seg);
}

static void walk(struct refs_walk *w, const struct wl_schema *s)
{
	size_t i;

	if (!s || s->always >= 0 || w->depth == REFS_MAX_DEPTH ||
	    ++w->steps > REFS_MAX_STEPS)
		return;
	for (i = 0; i < w->depth; i++)
		if (w->stack[i] == s)
			return;
	w->stack[w->depth++] = s;
	if (s->x_ref || s->x_person)
		add_ref(w, s);
	/* The applicators on the same value (not `not`: what it matches
	 * is what the value must not be). */
	walk(w, s->ref);
	for (i = 0; i < s->nr_all_of; i++)
		walk(w, s->all_of[i]);
	for (i = 0; i < s->nr_any_of; i++)
		walk(w, s->any_of[i]);
	for (i = 0; i < s->nr_one_of; i++)
		walk(w, s->one_of[i]);
	walk(w, s->if_schema);
	walk(w, s->then_schema);
	walk(w, s->else_schema);
	for (i = 0; i < s->nr_dep_schemas; i++)
		walk(w, s->dep_schemas[i].schema);
	walk_props(w, s);
	w->depth--;
}

void schema_type_refs(struct wl_schema_set *set, struct wl_type *t)
{
	struct refs_walk w;
	struct wl_type_ref *refs;

	memset(&w, 0, sizeof(w));
	w.set = set;
	wl_buf_add(&w.path, "", 0);
	walk(&w, t->schema);
	refs = w.nr ? wl_arena_alloc(&set->arena, w.nr * sizeof(*refs)) : NULL;
	if (w.nr)
		memcpy(refs, w.v, w.nr * sizeof(*refs));
	t->refs = refs;
	t->nr_refs = w.nr;
	free(w.v);
	wl_buf_release(&w.path);
}

/* ---- asking a type ------------------------------------------------------- */

static int listed(const char *const *list, size_t nr, const char *s)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

enum wl_state_class wl_type_state_class(const struct wl_type *type,
					const char *value)
{
	size_t i;

	if (!type || !value)
		return WL_STATE_NONE;
	for (i = 0; i < type->lifecycle.nr_states; i++)
		if (!strcmp(type->lifecycle.states[i].value, value))
			return type->lifecycle.states[i].cls;
	return WL_STATE_NONE;
}

enum wl_state_class wl_record_state(const struct wl_type *type,
				    const struct wl_node *fm)
{
	if (!type || !type->lifecycle.field || !fm || fm->kind != WL_NODE_MAP)
		return WL_STATE_NONE;
	return wl_type_state_class(
		type, scalar_text(wl_node_get(fm, type->lifecycle.field)));
}

int wl_record_is_done(const struct wl_type *type, const struct wl_node *fm)
{
	return wl_record_state(type, fm) == WL_STATE_DONE;
}

const struct wl_transitions *wl_type_transitions(const struct wl_type *type,
						 const char *field)
{
	size_t i;

	for (i = 0; type && i < type->nr_transitions; i++)
		if (!strcmp(type->transitions[i].field, field))
			return &type->transitions[i];
	return NULL;
}

const struct wl_transition *wl_transitions_from(
	const struct wl_transitions *tr, const char *from)
{
	size_t i;

	for (i = 0; i < tr->nr_from; i++)
		if (!strcmp(tr->from[i].from, from))
			return &tr->from[i];
	return NULL;
}

int wl_transitions_names(const struct wl_transitions *tr, const char *value)
{
	size_t i;

	for (i = 0; i < tr->nr_from; i++)
		if (!strcmp(tr->from[i].from, value) ||
		    listed(tr->from[i].to, tr->from[i].nr_to, value))
			return 1;
	return 0;
}

int wl_transition_allowed(const struct wl_transitions *tr, const char *from,
			  const char *to)
{
	const struct wl_transition *t = wl_transitions_from(tr, from);

	if (!t)
		return -1;
	if (listed(t->to, t->nr_to, to))
		return 1;
	return wl_transitions_names(tr, to) ? 0 : -1;
}

static int same(const char *s, const char *p, size_t len)
{
	return strlen(s) == len && !memcmp(s, p, len);
}

const struct wl_section *wl_type_section(const struct wl_type *type,
					 const char *heading, size_t len)
{
	size_t i, j;

	for (i = 0; type && i < type->nr_sections; i++) {
		const struct wl_section *s = &type->sections[i];

		if (s->name && same(s->name, heading, len))
			return s;
		for (j = 0; j < s->nr_aliases; j++)
			if (same(s->aliases[j], heading, len))
				return s;
	}
	return NULL;
}

int wl_section_applies(const struct wl_section *section,
		       const struct wl_node *fm)
{
	size_t i;

	for (i = 0; i < section->nr_when; i++) {
		const struct wl_section_when *w = &section->when[i];
		const char *v = fm && fm->kind == WL_NODE_MAP ?
			scalar_text(wl_node_get(fm, w->field)) : NULL;

		if (!v || !listed(w->values, w->nr_values, v))
			return 0;
	}
	return 1;
}

/* ---- x-filename ---------------------------------------------------------- */

/*
 * A glob where `*` matches any run of characters within one path segment,
 * `?` one character other than `/`, and `\x` the character x.
 */
static int glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		int lit = p[0] == '\\' && p[1];
		char pc = lit ? p[1] : p[0];

		if (!lit && pc == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (pc && (pc == *s || (!lit && pc == '?' && *s != '/'))) {
			p += lit ? 2 : 1;
			s++;
			continue;
		}
		if (star_p && *star_s != '/') {
			p = star_p;
			s = ++star_s;
			continue;
		}
		return 0;
	}
	while (*p == '*')
		p++;
	return !*p;
}

/*
 * x-filename: every {field} is replaced by the record's value of that
 * field; the path must then end with the pattern, starting at a segment
 * boundary. Returns 1 if it does, 0 if not, -1 if a field is missing
 * (then nothing is checked). `expect` gets the pattern as substituted.
 */
static int filename_matches(const char *pattern, const struct wl_node *fm,
			    const char *path, struct wl_buf *expect)
{
	struct wl_buf glob = WL_BUF_INIT;
	const char *p, *s;
	int ret = 0;

	for (p = pattern; *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const struct wl_node *v;
		size_t i;

		if (!close) {
			wl_buf_addch(&glob, *p);
			wl_buf_addch(expect, *p);
			continue;
		}
		v = map_get(fm, p + 1, close - p - 1);
		if (!v || !is_scalar(v) || v->kind == WL_NODE_NULL ||
		    memchr(v->str, '\0', v->len)) {
			ret = -1;
			goto done;
		}
		for (i = 0; i < v->len; i++) {
			if (strchr("\\*?", v->str[i]))
				wl_buf_addch(&glob, '\\');
			wl_buf_addch(&glob, v->str[i]);
		}
		wl_buf_add(expect, v->str, v->len);
		p = close;
	}
	for (s = path; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL) {
		if (glob_match(wl_buf_cstr(&glob), s)) {
			ret = 1;
			break;
		}
	}
done:
	wl_buf_release(&glob);
	return ret;
}

int wl_type_check_filename(const struct wl_type *type,
			   const struct wl_node *fm, const char *path,
			   int fm_line, enum wl_severity sev,
			   struct wl_diags *diags)
{
	struct wl_buf expect = WL_BUF_INIT;
	int ok = 1;

	if (type->filename && fm && fm->kind == WL_NODE_MAP &&
	    !filename_matches(type->filename, fm, path ? path : "", &expect)) {
		if (diags)
			wl_diags_add(diags, path, fm_line > 0 ? fm_line : 1, 1,
				     sev, "filename",
				     "file name does not match x-filename '%s': expected a path ending in '%s'",
				     type->filename, wl_buf_cstr(&expect));
		ok = 0;
	}
	wl_buf_release(&expect);
	return ok;
}

int wl_type_validate(const struct wl_type *type, const struct wl_node *fm,
		     const char *path, int fm_line, struct wl_diags *diags)
{
	int ok = wl_schema_validate(type->schema, fm, path, fm_line, diags);

	return wl_type_check_filename(type, fm, path, fm_line, WL_SEV_ERROR,
				      diags) && ok;
}
