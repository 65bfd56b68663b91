/*
 * Trello board exports (import.h): the board's JSON, read with jansson,
 * made into one row per card.
 *
 * jansson rather than a JSON reader of our own: Debian packages it
 * (libjansson-dev, with a pkg-config file), it checks UTF-8, rejects
 * duplicate keys on request, bounds its nesting depth, and gives the line
 * and column of an error. What it does not bound, the input's size and
 * its number of values, is checked here before it parses.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "import.h"

#include "../banned.h"

/* Deeper than this, a Trello export is not (it nests about six). */
#define MAX_DEPTH 64

/*
 * Counts the values and the nesting of JSON text cheaply, outside
 * strings, so that a hostile file costs no memory before it is refused.
 * Returns 0, or -1 with *err set, naming the line and column of the
 * value that went over.
 */
static int prescan(const char *buf, size_t len, const char *name, char **err)
{
	size_t i, values = 1, depth = 0;
	int in_string = 0, line, col;

	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			values++;
			if (++depth > MAX_DEPTH) {
				wl_offset_to_pos(buf, len, i, &line, &col);
				*err = wl_xprintf("%s:%d:%d: the JSON nests deeper than %d levels; it is no Trello export",
						  name, line, col, MAX_DEPTH);
				return -1;
			}
		} else if (c == ']' || c == '}') {
			if (depth)
				depth--;
		} else if (c == ',') {
			values++;
		}
		if (values > WL_TRELLO_MAX_VALUES) {
			wl_offset_to_pos(buf, len, i, &line, &col);
			*err = wl_xprintf("%s:%d:%d: more than %d JSON values",
					  name, line, col, WL_TRELLO_MAX_VALUES);
			return -1;
		}
	}
	return 0;
}

static const char *str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int is_true(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

/*
 * The objects of an array by a text key, sorted: a card finds its list,
 * its members, checklists and actions by a binary search, where a walk
 * of every array for each card would cost a board of many cards and
 * many actions their product.
 */
struct entry {
	const char *key;
	size_t pos;                /* in the array: the order of the export */
	const json_t *v;
};
struct index {
	struct entry *v;
	size_t nr;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static const char *key_id(const json_t *v)
{
	return str(v, "id");
}

static const char *key_card(const json_t *v)
{
	return str(v, "idCard");
}

static const char *key_action_card(const json_t *v)
{
	return str(json_object_get(json_object_get(v, "data"), "card"), "id");
}

/* Indexes the objects of `array` (anything: no entries) that have a
 * text key. */
static void index_build(struct index *ix, const json_t *array,
			const char *(*key)(const json_t *))
{
	size_t i;
	json_t *v;

	ix->v = wl_xcalloc(json_array_size(array) + 1, sizeof(*ix->v));
	ix->nr = 0;
	json_array_foreach(array, i, v) {
		const char *k = key(v);

		if (!k)
			continue;
		ix->v[ix->nr].key = k;
		ix->v[ix->nr].pos = i;
		ix->v[ix->nr].v = v;
		ix->nr++;
	}
	qsort(ix->v, ix->nr, sizeof(*ix->v), cmp_entry);
}

/* The entries whose key is `key`, in the export's order: *nr of them
 * from the one returned; NULL when none. */
static const struct entry *index_find(const struct index *ix,
				      const char *key, size_t *nr)
{
	size_t lo = 0, hi = ix->nr, end;

	*nr = 0;
	if (!key)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->nr && !strcmp(ix->v[end].key, key); end++)
		;
	*nr = end - lo;
	return *nr ? &ix->v[lo] : NULL;
}

/* The first object whose key is `key`, or NULL. */
static const json_t *index_get(const struct index *ix, const char *key)
{
	size_t nr;
	const struct entry *e = index_find(ix, key, &nr);

	return e ? e->v : NULL;
}

/* The day, in `tz`, of an RFC 3339 moment (2026-11-20T02:00:00.000Z). */
static int moment_day(char out[WL_DATE_MAX], const char *s,
		      const struct wl_tz *tz)
{
	long long secs, off;

	if (!s || wl_rfc3339_parse(&secs, &off, s, strlen(s)) < 0)
		return -1;
	wl_day_fmt(out, wl_tz_day(tz, secs));
	return 0;
}

/* A Trello id starts with the hex seconds it was made at. */
static int id_day(char out[WL_DATE_MAX], const char *id,
		  const struct wl_tz *tz)
{
	long long secs = 0;
	size_t i;

	if (!id || strlen(id) < 8)
		return -1;
	for (i = 0; i < 8; i++) {
		int d = wl_hex_digit(id[i]);

		if (d < 0)
			return -1;
		secs = secs * 16 + d;
	}
	wl_day_fmt(out, wl_tz_day(tz, secs));
	return 0;
}

/* Who a member is to the roster: its id, or NULL. */
static const char *member_id(const struct wl_config *cfg, const json_t *m)
{
	const char *id = NULL;

	if (m && str(m, "username"))
		id = wl_roster_find(cfg, str(m, "username"));
	if (!id && m && str(m, "fullName"))
		id = wl_roster_find(cfg, str(m, "fullName"));
	return id;
}

struct board {
	struct index lists, members;       /* by "id" */
	struct index checklists;           /* by "idCard" */
	struct index actions;              /* by data.card.id */
	const char *name;
	const struct wl_type *type;
	const struct wl_value_ctx *ctx;
	enum wl_lang lang;
};

/* Does list name `list` stand for a done state of the type? */
static int done_list(const struct board *b, const char *list)
{
	const struct wl_type *t = b->type;
	struct wl_arena a = WL_ARENA_INIT;
	struct wl_field f;
	struct wl_node *v;
	char *why = NULL;
	int done = 0;

	if (list && t->lifecycle.field &&
	    !wl_type_field(&f, t, t->lifecycle.field) &&
	    wl_value_from_text(&v, &a, &f, b->ctx, list, &why) > 0 &&
	    v->kind == WL_NODE_STRING)
		done = wl_type_state_class(t, v->str) == WL_STATE_DONE;
	free(why);
	wl_arena_release(&a);
	return done;
}

/* The day a card was last moved into its list, else of its last
 * activity. */
static int done_day(char out[WL_DATE_MAX], const struct board *b,
		    const json_t *card)
{
	const char *list = str(card, "idList");
	const struct wl_tz *tz = b->ctx->cfg->tz;
	const struct entry *e;
	size_t i, nr;

	/* Actions come newest first. */
	e = index_find(&b->actions, str(card, "id"), &nr);
	for (i = 0; i < nr; i++) {
		const json_t *a = e[i].v, *data = json_object_get(a, "data");
		const char *type = str(a, "type"), *to;

		if (!type || strcmp(type, "updateCard"))
			continue;
		to = str(json_object_get(data, "listAfter"), "id");
		if (to && list && !strcmp(to, list) &&
		    !moment_day(out, str(a, "date"), tz))
			return 0;
	}
	return moment_day(out, str(card, "dateLastActivity"), tz);
}

/* A cell for `field`, if the type has that field (or it is the body). */
static void add_field(struct wl_import_row *row, const struct board *b,
		      const char *field, const char *text, const char *column)
{
	struct wl_field f;

	if (text && *text && (!strcmp(field, "body") ||
			      !wl_type_field(&f, b->type, field)))
		wl_import_cell_add(row, field, text, strlen(text), column);
}

/* The first of two fields the type has. */
static const char *either(const struct board *b, const char *one,
			  const char *other)
{
	struct wl_field f;

	return wl_type_field(&f, b->type, one) < 0 &&
			       !wl_type_field(&f, b->type, other) ?
		       other : one;
}

static void add_labels(struct wl_import_row *row, const struct board *b,
		       const json_t *card)
{
	size_t i, j;
	json_t *l;

	json_array_foreach(json_object_get(card, "labels"), i, l) {
		const char *n = str(l, "name");
		char *tag;

		if (!n || !*n)
			n = str(l, "color");
		if (!n || !*n)
			continue;
		tag = wl_xstrdup(n);
		for (j = 0; tag[j]; j++)
			if (strchr(" \t\r\n,;", tag[j]))
				tag[j] = '-';
		add_field(row, b, "tags", tag, "label");
		free(tag);
	}
}

/* One line of text: line breaks as spaces. */
static void add_line(struct wl_buf *b, const char *s)
{
	for (; *s; s++)
		wl_buf_addch(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void add_checklists(struct wl_import_row *row, const struct board *b,
			   const char *card)
{
	const struct wl_tz *tz = b->ctx->cfg->tz;
	const struct entry *e;
	size_t i, j, nr;
	json_t *it;

	e = index_find(&b->checklists, card, &nr);

	for (i = 0; i < nr; i++) {
		const json_t *cl = e[i].v;
		struct wl_buf text = WL_BUF_INIT;

		json_array_foreach(json_object_get(cl, "checkItems"), j, it) {
			const char *state = str(it, "state"), *who;
			char day[WL_DATE_MAX];

			wl_buf_addstr(&text, text.len ? "\n- [" : "- [");
			wl_buf_addch(&text, state && !strcmp(state, "complete") ?
						    'x' : ' ');
			wl_buf_addstr(&text, "] ");
			add_line(&text, str(it, "name") ? str(it, "name") : "");
			who = member_id(b->ctx->cfg,
					index_get(&b->members,
						  str(it, "idMember")));
			if (who)
				wl_buf_addf(&text, " @%s", who);
			if (!moment_day(day, str(it, "due"), tz))
				wl_buf_addf(&text, " due:%s", day);
		}
		if (text.len)
			wl_import_part_add(row, str(cl, "name") ? str(cl, "name") :
								 "Checklist",
					   text.buf);
		wl_buf_release(&text);
	}
}

static void add_comments(struct wl_import_row *row, const struct board *b,
			 const char *card)
{
	struct wl_buf text = WL_BUF_INIT;
	const struct entry *e;
	size_t i, nr;

	e = index_find(&b->actions, card, &nr);

	/* Oldest first: the export lists actions newest first. */
	for (i = nr; i-- > 0;) {
		const json_t *a = e[i].v, *data, *by;
		const char *type, *s, *who;
		char day[WL_DATE_MAX];

		data = json_object_get(a, "data");
		type = str(a, "type");
		if (!type || strcmp(type, "commentCard") || !str(data, "text"))
			continue;
		by = json_object_get(a, "memberCreator");
		if (!by)
			by = index_get(&b->members, str(a, "idMemberCreator"));
		who = str(by, "fullName") ? str(by, "fullName") :
		      str(by, "username") ? str(by, "username") : "?";
		wl_buf_addstr(&text, text.len ? "\n- " : "- ");
		if (!moment_day(day, str(a, "date"), b->ctx->cfg->tz))
			wl_buf_addf(&text, "%s ", day);
		wl_buf_addf(&text, "%s: ", who);
		/* Later lines of a comment stay in its list item. */
		for (s = str(data, "text"); *s; s++) {
			wl_buf_addch(&text, *s == '\r' ? ' ' : *s);
			if (*s == '\n')
				wl_buf_addstr(&text, "  ");
		}
	}
	if (text.len)
		wl_import_part_add(row, b->lang == WL_LANG_ZH ? "评论" : "Comments",
				   text.buf);
	wl_buf_release(&text);
}

/* Where a card is, for messages: "board.json: card 12 'Fix login'". */
static char *card_where(const struct board *b, const json_t *card, size_t k)
{
	const json_t *n = json_object_get(card, "idShort");
	const char *title = str(card, "name");
	struct wl_buf w = WL_BUF_INIT;
	size_t len = title ? strlen(title) : 0;

	wl_buf_addf(&w, "%s: card %lld", b->name,
		    json_is_integer(n) ? (long long)json_integer_value(n) :
					 (long long)k + 1);
	if (title) {
		wl_buf_addstr(&w, " '");
		wl_buf_add(&w, title, len > 60 ? 60 : len);
		wl_buf_addstr(&w, len > 60 ? "...'" : "'");
	}
	return wl_buf_detach(&w, NULL);
}

static void add_card(struct wl_import_rows *out, const struct board *b,
		     const json_t *card, size_t k)
{
	const json_t *list = index_get(&b->lists, str(card, "idList"));
	const char *id = str(card, "id"), *list_name = str(list, "name");
	const struct wl_tz *tz = b->ctx->cfg->tz;
	struct wl_import_row *row;
	char day[WL_DATE_MAX];
	size_t i;
	json_t *m;

	row = wl_import_row_add(out, card_where(b, card, k));
	add_field(row, b, either(b, "title", "name"), str(card, "name"), "name");
	if (b->type->lifecycle.field)
		add_field(row, b, b->type->lifecycle.field, list_name, "list");
	json_array_foreach(json_object_get(card, "idMembers"), i, m) {
		const json_t *who = index_get(&b->members,
					      json_string_value(m));

		add_field(row, b, "owner", str(who, "username"), "member");
		add_field(row, b, "owner", str(who, "fullName"), "member");
	}
	add_field(row, b, b->type->lifecycle.due ? b->type->lifecycle.due :
						   "due",
		  str(card, "due"), "due");
	if (!id_day(day, id, tz))
		add_field(row, b, either(b, "created", "reported"), day, "id");
	if (done_list(b, list_name) && !done_day(day, b, card))
		add_field(row, b, either(b, "completed", "resolved"), day,
			  "list");
	add_labels(row, b, card);
	add_field(row, b, "body", str(card, "desc"), "desc");
	if (id) {
		add_checklists(row, b, id);
		add_comments(row, b, id);
	}
}

int wl_import_trello(struct wl_import_rows *out, const char *buf, size_t len,
		     const char *name, const struct wl_type *type,
		     const struct wl_value_ctx *ctx, enum wl_lang lang,
		     int archived, char **err)
{
	struct board b;
	json_error_t jerr;
	json_t *root = NULL, *card;
	const json_t *cards;
	size_t k;

	*err = NULL;
	if (len > WL_TRELLO_MAX_BYTES) {
		*err = wl_xprintf("%s is larger than %u MiB", name,
				  WL_TRELLO_MAX_BYTES / (1024 * 1024));
		return -1;
	}
	if (prescan(buf, len, name, err) < 0)
		return -1;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		*err = wl_xprintf("%s:%d:%d: not JSON: %s", name, jerr.line,
				  jerr.column, jerr.text);
		return -1;
	}
	cards = json_object_get(root, "cards");
	if (!json_is_object(root) || !json_is_array(cards)) {
		*err = wl_xprintf("%s is not a Trello board export: it has no \"cards\" list",
				  name);
		json_decref(root);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.name = name;
	b.type = type;
	b.ctx = ctx;
	b.lang = lang;
	index_build(&b.lists, json_object_get(root, "lists"), key_id);
	index_build(&b.members, json_object_get(root, "members"), key_id);
	index_build(&b.checklists, json_object_get(root, "checklists"),
		    key_card);
	index_build(&b.actions, json_object_get(root, "actions"),
		    key_action_card);
	json_array_foreach(cards, k, card) {
		const json_t *list = index_get(&b.lists, str(card, "idList"));

		if (!json_is_object(card))
			continue;
		if (!archived && (is_true(card, "closed") || is_true(list, "closed"))) {
			out->skipped++;
			continue;
		}
		add_card(out, &b, card, k);
	}
	free(b.lists.v);
	free(b.members.v);
	free(b.checklists.v);
	free(b.actions.v);
	json_decref(root);
	return 0;
}
