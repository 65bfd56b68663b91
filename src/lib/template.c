/*
 * New records from their type's schema (template.h): drafts, their
 * defaults, ids, paths, and their text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "glob.h"
#include "template.h"

#include "../banned.h"

/* A type names at most this many properties for a template. */
#define MAX_FIELDS 256

/* ---- languages ----------------------------------------------------------- */

int wl_lang_parse(enum wl_lang *out, const char *s)
{
	if (!strcmp(s, "zh"))
		*out = WL_LANG_ZH;
	else if (!strcmp(s, "en"))
		*out = WL_LANG_EN;
	else
		return -1;
	return 0;
}

const char *wl_lang_name(enum wl_lang lang)
{
	return lang == WL_LANG_ZH ? "zh" : "en";
}

enum wl_lang wl_lang_from_locale(const char *locale)
{
	if (locale && !strncmp(locale, "zh", 2) &&
	    (!locale[2] || strchr("_.@-", locale[2])))
		return WL_LANG_ZH;
	return WL_LANG_EN;
}

enum wl_lang wl_lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return wl_lang_from_locale(v);
	}
	return WL_LANG_EN;
}

enum wl_lang wl_lang_of_config(const struct wl_config *cfg)
{
	enum wl_lang lang;

	if (cfg->reports.lang && !wl_lang_parse(&lang, cfg->reports.lang))
		return lang;
	return wl_lang_from_env();
}

/* Does UTF-8 text `s` hold a CJK ideograph? */
static int has_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		unsigned cp;

		if ((*p & 0xf0) == 0xe0 && p[1] && p[2]) {
			cp = (*p & 0x0f) << 12 | (p[1] & 0x3f) << 6 |
			     (p[2] & 0x3f);
			if ((cp >= 0x3400 && cp <= 0x9fff) ||
			    (cp >= 0xf900 && cp <= 0xfaff))
				return 1;
		} else if ((*p & 0xf8) == 0xf0 && p[1] && p[2] && p[3]) {
			cp = (*p & 0x07) << 18 | (p[1] & 0x3f) << 12 |
			     (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			if (cp >= 0x20000 && cp <= 0x3134f)
				return 1;
		}
	}
	return 0;
}

const char *wl_section_heading(const struct wl_section *s, enum wl_lang lang)
{
	size_t i;

	for (i = 0; lang == WL_LANG_ZH && i < s->nr_aliases; i++)
		if (has_cjk(s->aliases[i]))
			return s->aliases[i];
	return s->name;
}

/* ---- random parts -------------------------------------------------------- */

void wl_rng_init(struct wl_rng *rng)
{
	const char *seed = getenv("WORKLOG_TEST_RANDOM");

	rng->state = 0;
	rng->seeded = 0;
	rng->digits = WL_RNG_DIGITS;
	if (seed && *seed) {
		rng->state = strtoull(seed, NULL, 10);
		rng->seeded = 1;
	}
}

void wl_rng_size(struct wl_rng *rng, size_t n)
{
	unsigned digits = WL_RNG_DIGITS;

	/* 16^digits >= 16 n, that is 16^(digits - 1) >= n. */
	while (digits < WL_RNG_MAX_DIGITS &&
	       (uint64_t)n > (uint64_t)1 << (4 * (digits - 1)))
		digits++;
	rng->digits = digits;
}

/* splitmix64: repeatable, well spread. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void wl_rng_hex(struct wl_rng *rng, char out[WL_RNG_MAX_DIGITS + 1])
{
	unsigned digits = rng->digits ? rng->digits : WL_RNG_DIGITS;
	unsigned char b[8];
	uint64_t v = 0;
	size_t i;

	if (digits > WL_RNG_MAX_DIGITS)
		digits = WL_RNG_MAX_DIGITS;
	if (rng->seeded) {
		v = splitmix64(&rng->state);
	} else if (getrandom(b, sizeof(b), 0) == (ssize_t)sizeof(b)) {
		/* Eight bytes never block nor come back short (getrandom(2)). */
		for (i = 0; i < sizeof(b); i++)
			v = v << 8 | b[i];
	} else {
		/* A kernel without getrandom (ENOSYS): the clock and the
		 * process still keep two people's ids apart. */
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		rng->state ^= (uint64_t)ts.tv_sec * 1000000007ULL ^
			      (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 40;
		v = splitmix64(&rng->state);
	}
	/* The low digits: four of them are what ids always had. */
	for (i = digits; i-- > 0; v >>= 4)
		out[i] = "0123456789abcdef"[v & 0xf];
	out[digits] = '\0';
}

/* ---- drafts -------------------------------------------------------------- */

void wl_draft_init(struct wl_draft *d, const struct wl_type *type,
		   enum wl_lang lang)
{
	struct wl_draft init = WL_DRAFT_INIT;

	*d = init;
	d->type = type;
	d->lang = lang;
}

void wl_draft_release(struct wl_draft *d)
{
	wl_draft_keep_text(d);
	free(d->id);
	free(d->path);
	free(d->text);
	memset(d, 0, sizeof(*d));
}

void wl_draft_keep_text(struct wl_draft *d)
{
	size_t i;

	for (i = 0; i < d->nr_parts; i++) {
		free(d->parts[i].heading);
		wl_buf_release(&d->parts[i].text);
	}
	free(d->parts);
	free(d->v);
	wl_arena_release(&d->arena);
	d->parts = NULL;
	d->nr_parts = d->alloc_parts = 0;
	d->v = NULL;
	d->nr = d->alloc = 0;
}

const struct wl_node *wl_draft_get(const struct wl_draft *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		if (!strcmp(d->v[i].name, name))
			return d->v[i].value;
	return NULL;
}

void wl_draft_put(struct wl_draft *d, const char *name, struct wl_node *value)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		if (!strcmp(d->v[i].name, name)) {
			d->v[i].value = value;
			return;
		}
	}
	WL_ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	d->v[d->nr].name = name;
	d->v[d->nr++].value = value;
}

struct wl_node *wl_draft_string(struct wl_draft *d, const char *s)
{
	struct wl_node *n = wl_arena_alloc(&d->arena, sizeof(*n));

	n->kind = WL_NODE_STRING;
	n->flags = WL_NODE_PLAIN;
	n->len = strlen(s);
	n->str = wl_arena_strndup(&d->arena, s, n->len);
	return n;
}

/* The schema's own copy of a field name, which outlives the draft. */
static const char *field_name(const struct wl_type *type, const char *name,
			      const char **names, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(names[i], name))
			return names[i];
	return NULL;
}

int wl_draft_set_text(struct wl_draft *d, const struct wl_value_ctx *ctx,
		      const char *name, const char *text, char **why)
{
	const char *names[MAX_FIELDS], *own;
	size_t nr = wl_type_field_names(names, MAX_FIELDS, d->type);
	struct wl_field f;
	struct wl_node *v;
	int r;

	*why = NULL;
	own = field_name(d->type, name, names, nr);
	if (!own || wl_type_field(&f, d->type, own) < 0) {
		const char *best = wl_did_you_mean(name, strlen(name), names,
						   nr);

		*why = best ? wl_xprintf("%s has no field '%s'; did you mean '%s'?",
					 d->type->name, name, best) :
			      wl_xprintf("%s has no field '%s'", d->type->name,
					 name);
		return -1;
	}
	r = wl_value_from_text(&v, &d->arena, &f, ctx, text, why);
	if (r > 0)
		wl_draft_put(d, own, v);
	return r;
}

static const struct wl_section *first_section(const struct wl_type *type)
{
	size_t i;

	for (i = 0; i < type->nr_sections; i++)
		if (type->sections[i].required)
			return &type->sections[i];
	return type->nr_sections ? &type->sections[0] : NULL;
}

void wl_draft_add_text(struct wl_draft *d, const char *section,
		       const char *heading, const char *text, size_t len)
{
	const struct wl_section *sec = NULL;
	struct wl_draft_part *p = NULL;
	size_t i;

	if (section)
		sec = wl_type_section(d->type, section, strlen(section));
	if (!sec && !heading)
		sec = first_section(d->type);
	for (i = 0; i < d->nr_parts && !p; i++)
		if (sec ? d->parts[i].section == sec :
			  d->parts[i].heading && heading &&
				  !strcmp(d->parts[i].heading, heading))
			p = &d->parts[i];
	if (!p) {
		WL_ALLOC_GROW(d->parts, d->nr_parts + 1, d->alloc_parts);
		p = &d->parts[d->nr_parts++];
		memset(p, 0, sizeof(*p));
		p->section = sec;
		p->heading = !sec && heading ? wl_xstrdup(heading) : NULL;
	}
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (!len)
		return;
	if (p->text.len)
		wl_buf_addstr(&p->text, "\n\n");
	wl_buf_add(&p->text, text, len);
}

/* ---- filling in ---------------------------------------------------------- */

/* The current period of the type's kind, or of the first kind the
 * field's schema accepts. */
static struct wl_node *current_period(struct wl_draft *d,
				      const struct wl_field *f, long long today)
{
	static const enum wl_period_kind kinds[] = {
		WL_PERIOD_WEEK, WL_PERIOD_MONTH, WL_PERIOD_QUARTER,
		WL_PERIOD_YEAR, WL_PERIOD_DAY,
	};
	char buf[WL_DATE_MAX];
	struct wl_period p;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		struct wl_node *n;

		wl_period_of(&p, d->type->period ? d->type->period : kinds[i],
			     today);
		wl_period_fmt(buf, &p);
		n = wl_draft_string(d, buf);
		if (d->type->period || !f->shape.schema ||
		    wl_schema_validate(f->shape.schema, n, NULL, 0, NULL))
			return n;
	}
	return NULL;
}

static struct wl_node *owner_list(struct wl_draft *d, const char *owner)
{
	struct wl_node *seq = wl_arena_alloc(&d->arena, sizeof(*seq));

	seq->kind = WL_NODE_SEQ;
	seq->nr = 1;
	seq->items = wl_arena_alloc(&d->arena, sizeof(*seq->items));
	seq->items[0] = wl_draft_string(d, owner);
	return seq;
}

/* The value a field gets when nobody gives one, or NULL. */
static struct wl_node *default_value(struct wl_draft *d,
				     const struct wl_field *f,
				     const struct wl_value_ctx *ctx)
{
	const struct wl_field_shape *sh = &f->shape;
	char buf[WL_DATE_MAX];

	if (sh->default_value)
		return (struct wl_node *)sh->default_value;
	if (sh->const_value)
		return (struct wl_node *)sh->const_value;
	if (sh->enum_values && sh->enum_values->nr)
		return sh->enum_values->items[0];
	if (sh->format == wl_format_id("date")) {
		wl_day_fmt(buf, ctx->today);
		return wl_draft_string(d, buf);
	}
	if (sh->format == wl_format_id("period"))
		return current_period(d, f, ctx->today);
	if (sh->person && ctx->owner)
		return wl_draft_string(d, ctx->owner);
	if (f->item.person && ctx->owner && (sh->types & WL_JSON_ARRAY))
		return owner_list(d, ctx->owner);
	return NULL;
}

/* The scalar text of field `name`, or NULL. */
static const char *field_text(const struct wl_draft *d, const char *name)
{
	const struct wl_node *v = wl_draft_get(d, name);

	if (!v || v->kind == WL_NODE_SEQ || v->kind == WL_NODE_MAP ||
	    v->kind == WL_NODE_NULL)
		return NULL;
	return v->str;
}

/* The letters before the first '-' of the id's first example, else the
 * type's name in capitals. */
static char *id_prefix(const struct wl_type *type)
{
	struct wl_field f;
	const char *ex = NULL;
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	if (!wl_type_field(&f, type, type->id_field) && f.shape.examples &&
	    f.shape.examples->items[0]->kind == WL_NODE_STRING)
		ex = f.shape.examples->items[0]->str;
	for (i = 0; ex && ex[i] && ex[i] != '-'; i++)
		if (!isalpha((unsigned char)ex[i]))
			break;
	if (ex && ex[i] == '-' && i) {
		wl_buf_add(&b, ex, i);
	} else {
		for (i = 0; type->name[i]; i++)
			if (isalnum((unsigned char)type->name[i]))
				wl_buf_addch(&b, toupper((unsigned char)
							 type->name[i]));
	}
	return wl_buf_detach(&b, NULL);
}

/* Is a placeholder's value fit for a file name? */
static int safe_name_part(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	if (!*v || !strcmp(v, ".") || !strcmp(v, ".."))
		return 0;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return 0;
	return 1;
}

/*
 * Expands `pattern`: {date} {year} {month} {day} {random}, and {FIELD}.
 * For a file name (`file`), {date} is the record's `date` field if it
 * has one, else today as 2026-11-26, and each value must fit in a file
 * name; for an id, {date} is today as 20261126. Returns the text, or
 * NULL with *why set.
 */
static char *expand(const struct wl_draft *d, const char *pattern,
		    const char *what, long long today, struct wl_rng *rng,
		    int file, char **why)
{
	struct wl_buf b = WL_BUF_INIT;
	long long y;
	int m, dd;
	const char *p = pattern;

	wl_civil_from_days(today, &y, &m, &dd);
	while (*p) {
		const char *close;
		char *name;
		const char *v;
		char hex[WL_RNG_MAX_DIGITS + 1];

		if (*p != '{' || !(close = strchr(p, '}'))) {
			wl_buf_addch(&b, *p++);
			continue;
		}
		name = wl_xstrndup(p + 1, close - p - 1);
		v = field_text(d, name);
		if (!strcmp(name, "date") && (!v || !file))
			wl_buf_addf(&b, file ? "%04lld-%02d-%02d" :
						      "%04lld%02d%02d",
				    y, m, dd);
		else if (!strcmp(name, "year"))
			wl_buf_addf(&b, "%04lld", y);
		else if (!strcmp(name, "month"))
			wl_buf_addf(&b, "%02d", m);
		else if (!strcmp(name, "day"))
			wl_buf_addf(&b, "%02d", dd);
		else if (!strcmp(name, "random"))
			wl_rng_hex(rng, hex), wl_buf_addstr(&b, hex);
		else if (v && file && !safe_name_part(v)) {
			*why = wl_xprintf("the value '%s' of {%s} cannot be part of a file name",
					  v, name);
			free(name);
			wl_buf_release(&b);
			return NULL;
		} else if (v)
			wl_buf_addstr(&b, v);
		else {
			*why = wl_xprintf("%s '%s' of %s names {%s}, which the new record has no value for",
					  what, pattern, d->type->name, name);
			free(name);
			wl_buf_release(&b);
			return NULL;
		}
		free(name);
		p = close + 1;
	}
	return wl_buf_detach(&b, NULL);
}

static int make_id(struct wl_draft *d, const struct wl_value_ctx *ctx,
		   struct wl_rng *rng, char **why)
{
	char *prefix = NULL, *pattern;
	const char *given = field_text(d, d->type->id_field);

	if (given) {
		d->id = wl_xstrdup(given);
		return 0;
	}
	if (d->type->id_pattern) {
		pattern = wl_xstrdup(d->type->id_pattern);
	} else {
		prefix = id_prefix(d->type);
		pattern = wl_xprintf("%s-{date}-{random}", prefix);
	}
	d->id = expand(d, pattern, "x-id-pattern", ctx->today, rng, 0, why);
	free(prefix);
	free(pattern);
	if (!d->id)
		return -1;
	d->id_made = 1;
	wl_draft_put(d, d->type->id_field, wl_draft_string(d, d->id));
	return 0;
}

int wl_draft_fill(struct wl_draft *d, const struct wl_value_ctx *ctx,
		  struct wl_rng *rng, const char ***missing, size_t *nr_missing,
		  char **why)
{
	const char *names[MAX_FIELDS];
	size_t nr = wl_type_field_names(names, MAX_FIELDS, d->type), i;

	*why = NULL;
	for (i = 0; i < nr; i++) {
		struct wl_field f;
		struct wl_node *v;
		int owner;

		if (wl_draft_get(d, names[i]) || wl_type_field(&f, d->type,
							       names[i]) < 0)
			continue;
		if (d->type->id_field && !strcmp(names[i], d->type->id_field))
			continue;
		owner = !strcmp(names[i], "owner") && f.shape.person &&
			ctx->owner;
		if (!f.required && !owner)
			continue;
		if ((v = default_value(d, &f, ctx))) {
			wl_draft_put(d, names[i], v);
		} else if (f.required) {
			*missing = wl_xrealloc(*missing, (*nr_missing + 1) *
							    sizeof(**missing));
			(*missing)[(*nr_missing)++] = names[i];
		}
	}
	if (d->type->id_field && !*nr_missing)
		return make_id(d, ctx, rng, why);
	return 0;
}

/* ---- where it goes ------------------------------------------------------- */

char *wl_type_folder_name(const char *type)
{
	size_t n = strlen(type);

	if (n >= 2 && type[n - 1] == 'y' && !strchr("aeiou", type[n - 2]))
		return wl_xprintf("%.*sies", (int)(n - 1), type);
	if (n >= 2 && !strcmp(type + n - 2, "is"))
		return wl_xprintf("%.*ses", (int)(n - 2), type);
	if ((n >= 1 && strchr("sx", type[n - 1])) ||
	    (n >= 2 && (!strcmp(type + n - 2, "ch") ||
			!strcmp(type + n - 2, "sh"))))
		return wl_xprintf("%ses", type);
	return wl_xprintf("%ss", type);
}

/* The file name: x-filename filled in, or the default of template.h. */
static char *file_name(const struct wl_draft *d,
		       const struct wl_value_ctx *ctx, struct wl_rng *rng,
		       char **why)
{
	const struct wl_type *t = d->type;
	char *p, *name;

	if (t->filename)
		p = wl_xstrdup(t->filename);
	else if (t->id_field)
		p = wl_xprintf("{%s}.md", t->id_field);
	else if (field_text(d, "period") && field_text(d, "owner"))
		p = wl_xstrdup("{period}-{owner}.md");
	else
		p = wl_xstrdup("{date}-{random}.md");
	if (strpbrk(p, "*?[\\")) {
		*why = wl_xprintf("x-filename '%s' of %s has a wildcard, so it cannot name a new record",
				  p, t->name);
		free(p);
		return NULL;
	}
	name = expand(d, p, "x-filename", ctx->today, rng, 1, why);
	free(p);
	return name;
}

/* Is `path` where a record of `type` may go? */
static int fits(const struct wl_config *cfg, const char *path,
		const char *type)
{
	const char *t;

	if (!wl_path_is_safe(path) || !wl_config_is_record(cfg, path))
		return 0;
	t = wl_config_type_for(cfg, path);
	return !t || !strcmp(t, type);
}

/* "FOLDER/NAME", or NAME when the folder is the root. */
static char *join(const char *folder, size_t len, const char *name)
{
	if (!len)
		return wl_xstrdup(name);
	return wl_xprintf("%.*s/%s", (int)len, folder, name);
}

static char *folder_path(const struct wl_config *cfg, const char *type,
			 const char *name)
{
	char *plural = wl_type_folder_name(type), *path, *sub;
	size_t i;

	for (i = 0; i < cfg->types_nr; i++) {
		const char *g = cfg->types[i].glob;

		if (strcmp(cfg->types[i].type, type))
			continue;
		path = join(g, wl_glob_prefix(g), name);
		if (fits(cfg, path, type))
			goto done;
		free(path);
	}
	sub = wl_xprintf("%s/%s", plural, name);
	for (i = 0; i < cfg->records_nr; i++) {
		const char *g = cfg->records[i];
		size_t n = wl_glob_prefix(g);

		path = join(g, n, sub);
		if (!fits(cfg, path, type)) {
			free(path);
			path = join(g, n, name);
			if (!fits(cfg, path, type)) {
				free(path);
				continue;
			}
		}
		free(sub);
		goto done;
	}
	free(sub);
	path = NULL;
done:
	free(plural);
	return path;
}

int wl_draft_place(struct wl_draft *d, const struct wl_config *cfg,
		   const struct wl_value_ctx *ctx, struct wl_rng *rng,
		   char **why)
{
	char *name;

	*why = NULL;
	name = file_name(d, ctx, rng, why);
	if (!name)
		return -1;
	free(d->path);
	d->path = folder_path(cfg, d->type->name, name);
	/* A record outside the types: globs names its type itself. */
	if (d->path && !wl_config_type_for(cfg, d->path) &&
	    !wl_draft_get(d, "type"))
		wl_draft_put(d, "type", wl_draft_string(d, d->type->name));
	if (!d->path)
		*why = wl_xprintf("no folder takes a new %s record named '%s': the 'records' globs of %s match none (add a types: glob for %s)",
				  d->type->name, name, cfg->path ? cfg->path :
				  WL_CONFIG_NAME, d->type->name);
	free(name);
	return d->path ? 0 : -1;
}

/* ---- the text ------------------------------------------------------------ */

/*
 * The code point at s[i] and its length in *n (a byte that starts no
 * UTF-8 sequence counts as itself).
 */
static unsigned code_point(const char *s, size_t len, size_t i, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s + i;
	size_t left = len - i;

	if (p[0] >= 0xc0 && p[0] < 0xe0 && left >= 2) {
		*n = 2;
		return (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu);
	}
	if (p[0] >= 0xe0 && p[0] < 0xf0 && left >= 3) {
		*n = 3;
		return (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 |
		       (p[2] & 0x3fu);
	}
	*n = p[0] >= 0xf0 && left >= 4 ? 4 : 1;
	return *n == 4 ? 0x10000 : p[0];
}

/*
 * Must code point `c` be escaped in YAML? Controls but tab and line
 * feed, DEL, the C1 controls (NEL among them), LS and PS (line breaks
 * to a YAML 1.1 reader), the BOM, and U+FFFE and U+FFFF are not
 * printable in YAML.
 */
static int unprintable(unsigned c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 ||
	       c == 0x2029 || c == 0xfeff || c == 0xfffe || c == 0xffff;
}

/* Would YAML read `s` as something other than this string? */
static int needs_quotes(const char *s, size_t len)
{
	static const char *const words[] = {
		"null", "Null", "NULL", "~", "true", "True", "TRUE", "false",
		"False", "FALSE", ".inf", ".Inf", ".INF", "-.inf", "+.inf",
		".nan", ".NaN", ".NAN",
	};
	static const char *const yaml11[] = { "yes", "no", "on", "off", "y",
					      "n" };
	size_t i, n;

	if (!len || memchr(s, '\0', len))
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strlen(words[i]) == len && !memcmp(words[i], s, len))
			return 1;
	for (i = 0; i < sizeof(yaml11) / sizeof(*yaml11); i++)
		if (strlen(yaml11[i]) == len && !strncasecmp(yaml11[i], s, len))
			return 1;
	if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) || s[len - 1] == ' ' ||
	    s[len - 1] == ':')
		return 1;
	/* What starts like a number may read as one: only dates, periods
	 * and durations stay plain. */
	if (strchr("0123456789+.", s[0])) {
		size_t digits = 0;

		for (i = 0; i < len; i++) {
			if (!strchr("0123456789-WQmhdw", s[i]))
				return 1;
			digits += s[i] >= '0' && s[i] <= '9';
		}
		if (digits == len || len < 4 || s[len - 1] == '-')
			return 1;
	}
	for (i = 0; i < len; i += n) {
		unsigned c = code_point(s, len, i, &n);

		if (unprintable(c) || (c < 0x80 && strchr(",[]{}", (int)c)) ||
		    (c == ':' && i + 1 < len && s[i + 1] == ' ') ||
		    (c == '#' && s[i - 1] == ' '))
			return 1;
	}
	return 0;
}

void wl_yaml_add_string(struct wl_buf *b, const char *s, size_t len)
{
	size_t i, n;

	if (!needs_quotes(s, len)) {
		wl_buf_add(b, s, len);
		return;
	}
	wl_buf_addch(b, '"');
	for (i = 0; i < len; i += n) {
		unsigned c = code_point(s, len, i, &n);

		if (c == '"' || c == '\\') {
			wl_buf_addch(b, '\\');
			wl_buf_addch(b, (char)c);
		} else if (c == '\n') {
			wl_buf_addstr(b, "\\n");
		} else if (c == '\t') {
			wl_buf_addstr(b, "\\t");
		} else if (c == 0x85 || c == 0x2028 || c == 0x2029) {
			wl_buf_addstr(b, c == 0x85 ? "\\N" :
					 c == 0x2028 ? "\\L" : "\\P");
		} else if (unprintable(c)) {
			wl_buf_addf(b, c < 0x100 ? "\\x%02x" : "\\u%04x", c);
		} else {
			wl_buf_add(b, s + i, n);
		}
	}
	wl_buf_addch(b, '"');
}

static int is_scalar_node(const struct wl_node *n)
{
	return n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP;
}

static void add_scalar(struct wl_buf *b, const struct wl_node *n)
{
	switch (n->kind) {
	case WL_NODE_NULL:
		wl_buf_addstr(b, "null");
		break;
	case WL_NODE_BOOL:
		wl_buf_addstr(b, n->v.b ? "true" : "false");
		break;
	case WL_NODE_INT:
	case WL_NODE_FLOAT:
		wl_buf_add(b, n->str, n->len);
		break;
	default:
		wl_yaml_add_string(b, n->str, n->len);
	}
}

static void add_value(struct wl_buf *b, const struct wl_node *n, int indent);

/* A list of short scalars is written in flow style: [web, perf]. */
static int flow_list(const struct wl_node *n)
{
	size_t i, total = 0;

	for (i = 0; i < n->nr; i++) {
		const struct wl_node *v = n->items[i];

		if (!is_scalar_node(v) ||
		    (v->kind == WL_NODE_STRING && needs_quotes(v->str, v->len)))
			return 0;
		total += v->len + 2;
	}
	return total < 60;
}

/* Writes ` VALUE\n`, or a nested block after the key. */
static void add_value(struct wl_buf *b, const struct wl_node *n, int indent)
{
	size_t i;

	if (is_scalar_node(n)) {
		wl_buf_addch(b, ' ');
		add_scalar(b, n);
		wl_buf_addch(b, '\n');
	} else if (n->kind == WL_NODE_SEQ && (!n->nr || flow_list(n))) {
		wl_buf_addstr(b, " [");
		for (i = 0; i < n->nr; i++) {
			if (i)
				wl_buf_addstr(b, ", ");
			add_scalar(b, n->items[i]);
		}
		wl_buf_addstr(b, "]\n");
	} else if (n->kind == WL_NODE_SEQ) {
		wl_buf_addch(b, '\n');
		for (i = 0; i < n->nr; i++) {
			wl_buf_addf(b, "%*s-", indent + 2, "");
			add_value(b, n->items[i], indent + 4);
		}
	} else if (!n->nr) {
		wl_buf_addstr(b, " {}\n");
	} else {
		wl_buf_addch(b, '\n');
		for (i = 0; i < n->nr; i++) {
			wl_buf_addf(b, "%*s", indent + 2, "");
			wl_yaml_add_string(b, n->pairs[i].key->str,
					   n->pairs[i].key->len);
			wl_buf_addch(b, ':');
			add_value(b, n->pairs[i].value, indent + 2);
		}
	}
}

/* The front matter as a mapping, for the sections' `when`. */
static struct wl_node *fm_map(struct wl_draft *d)
{
	struct wl_node *m = wl_arena_alloc(&d->arena, sizeof(*m));
	size_t i;

	m->kind = WL_NODE_MAP;
	m->nr = d->nr;
	m->pairs = wl_arena_alloc(&d->arena, (d->nr + 1) * sizeof(*m->pairs));
	for (i = 0; i < d->nr; i++) {
		m->pairs[i].key = wl_draft_string(d, d->v[i].name);
		m->pairs[i].value = d->v[i].value;
	}
	return m;
}

static const struct wl_draft_part *part_of(const struct wl_draft *d,
					   const struct wl_section *s)
{
	size_t i;

	for (i = 0; i < d->nr_parts; i++)
		if (d->parts[i].section == s)
			return &d->parts[i];
	return NULL;
}

static void add_part(struct wl_buf *b, const char *heading,
		     const struct wl_buf *text)
{
	if (heading)
		wl_buf_addf(b, "## %s\n\n", heading);
	if (text && text->len) {
		wl_buf_add(b, text->buf, text->len);
		wl_buf_addstr(b, "\n\n");
	}
}

/*
 * The body from x-template: each part whose heading the template has
 * goes under that heading; the others follow it.
 */
static void template_body(struct wl_buf *b, const struct wl_draft *d,
			  const char *tpl)
{
	size_t i, len = strlen(tpl);
	int *placed = wl_xcalloc(d->nr_parts + 1, sizeof(*placed));
	const char *line = tpl;

	while (line < tpl + len) {
		const char *end = strchr(line, '\n'), *h = line;
		size_t n = end ? (size_t)(end - line) : strlen(line);

		wl_buf_add(b, line, n);
		wl_buf_addch(b, '\n');
		while (h < line + n && *h == '#')
			h++;
		for (i = 0; h > line && h < line + n && *h == ' ' &&
			    i < d->nr_parts; i++) {
			const struct wl_draft_part *p = &d->parts[i];
			const char *name = p->section ?
				wl_section_heading(p->section, d->lang) :
				p->heading;

			if (placed[i] || !name || strlen(name) != n - (h + 1 - line) ||
			    memcmp(name, h + 1, strlen(name)))
				continue;
			wl_buf_addch(b, '\n');
			add_part(b, NULL, &p->text);
			placed[i] = 1;
		}
		line += n + 1;
	}
	if (b->len && b->buf[b->len - 1] != '\n')
		wl_buf_addch(b, '\n');
	for (i = 0; i < d->nr_parts; i++) {
		const struct wl_draft_part *p = &d->parts[i];

		if (placed[i])
			continue;
		wl_buf_addch(b, '\n');
		add_part(b, p->section ? wl_section_heading(p->section,
							    d->lang) :
					 p->heading,
			 &p->text);
	}
	free(placed);
}

static void sections_body(struct wl_buf *b, struct wl_draft *d)
{
	const struct wl_node *fm = fm_map(d);
	size_t i;

	/* Text without a heading (a type without sections) comes first. */
	for (i = 0; i < d->nr_parts; i++)
		if (!d->parts[i].section && !d->parts[i].heading)
			add_part(b, NULL, &d->parts[i].text);
	for (i = 0; i < d->type->nr_sections; i++) {
		const struct wl_section *s = &d->type->sections[i];
		const struct wl_draft_part *p = part_of(d, s);

		if (p || (s->required && wl_section_applies(s, fm)))
			add_part(b, wl_section_heading(s, d->lang),
				 p ? &p->text : NULL);
	}
	for (i = 0; i < d->nr_parts; i++)
		if (!d->parts[i].section && d->parts[i].heading)
			add_part(b, d->parts[i].heading, &d->parts[i].text);
}

/* `type` first, then the fields in the order the schema writes them,
 * then the others. */
static void add_fields(struct wl_buf *b, const struct wl_draft *d)
{
	const char *names[MAX_FIELDS + 1] = { "type" };
	size_t nr = 1 + wl_type_field_names(names + 1, MAX_FIELDS, d->type), i,
	       j;
	char *done = wl_xcalloc(d->nr + 1, 1);

	for (i = 0; i <= nr; i++) {
		for (j = 0; j < d->nr; j++) {
			const struct wl_draft_field *f = &d->v[j];

			if (done[j] || (i < nr && strcmp(names[i], f->name)))
				continue;
			done[j] = 1;
			wl_yaml_add_string(b, f->name, strlen(f->name));
			wl_buf_addch(b, ':');
			add_value(b, f->value, 0);
		}
	}
	free(done);
}

void wl_draft_render(struct wl_draft *d)
{
	struct wl_buf b = WL_BUF_INIT;
	const struct wl_type *t = d->type;
	const char *tpl = d->lang == WL_LANG_ZH ? t->template_zh :
						  t->template_en;
	size_t body;

	if (!tpl)
		tpl = t->template_any ? t->template_any :
		      t->template_zh ? t->template_zh : t->template_en;
	wl_buf_addstr(&b, "---\n");
	add_fields(&b, d);
	wl_buf_addstr(&b, "---\n");
	body = b.len;
	if (tpl)
		template_body(&b, d, tpl);
	else
		sections_body(&b, d);
	/* One line end at the end, none after an empty body. */
	while (b.len > body && b.buf[b.len - 1] == '\n' &&
	       (b.len - 1 == body || b.buf[b.len - 2] == '\n'))
		b.buf[--b.len] = '\0';
	free(d->text);
	d->len = b.len;
	d->text = wl_buf_detach(&b, &d->len);
}
