/*
 * The validator's hot path: an instance against a compiled schema. A
 * valid instance costs no heap allocation; what is wrong is reported
 * through schema_msg.c. Keywords are grouped by the instance type they
 * apply to (struct wl_schema's `kinds`), so a value skips the rest.
 */
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

static size_t utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void vctx_init(struct vctx *c, const struct wl_schema *schema,
		      const char *path, int line, const struct wl_node *root,
		      struct wl_diags *diags)
{
	const struct wl_schema_limits *lim = &schema->set->limits;
	struct wl_regex_limits rx = { lim->regex_match_steps,
				      lim->regex_steps };

	memset(c, 0, sizeof(*c));
	c->path = path;
	c->line = line;
	c->root = root;
	c->diags = diags;
	c->segs = c->inline_segs;
	c->alloc_segs = sizeof(c->inline_segs) / sizeof(*c->inline_segs);
	c->max_steps = lim->steps;
	wl_regex_scratch_limits(&c->rx, &rx);
}

static void vctx_release(struct vctx *c)
{
	if (c->segs != c->inline_segs)
		free(c->segs);
	schema_hindex_release(&c->seen);
	wl_regex_scratch_release(&c->rx);
}

static void push(struct vctx *c, const struct wl_node *key, size_t index)
{
	if (c->nr_segs == c->alloc_segs) {
		size_t n = c->alloc_segs * 2;
		struct seg *s = wl_xmalloc(n * sizeof(*s));

		memcpy(s, c->segs, c->nr_segs * sizeof(*s));
		if (c->segs != c->inline_segs)
			free(c->segs);
		c->segs = s;
		c->alloc_segs = n;
	}
	c->segs[c->nr_segs].key = key;
	c->segs[c->nr_segs++].index = index;
}

static void pop(struct vctx *c)
{
	c->nr_segs--;
}

static int validate(struct vctx *c, const struct wl_schema *s,
		    const struct wl_node *v);

/* Validates without reporting: is `v` valid against `s`? */
static int test(struct vctx *c, const struct wl_schema *s,
		const struct wl_node *v)
{
	int quiet = c->quiet, ok;

	c->quiet = 1;
	ok = validate(c, s, v);
	c->quiet = quiet;
	return ok;
}

#define FAIL()                                                                 \
	do {                                                                   \
		ok = 0;                                                        \
		if (c->quiet)                                                  \
			goto done;                                             \
	} while (0)

static int has_key(const struct wl_node *obj, const char *name, size_t len)
{
	return map_get(obj, name, len) != NULL;
}

static const struct wl_node *map_key(const struct wl_node *map,
				     const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < map->nr; i++) {
		const struct wl_node *k = map->pairs[i].key;

		if (k->len == len && !memcmp(k->str, name, len))
			return k;
	}
	return NULL;
}

static const struct prop *find_prop(const struct wl_schema *s,
				    const char *name, size_t len)
{
	size_t lo = 0, hi = s->nr_props;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct prop *p = &s->props[mid];
		int cmp = memcmp(name, p->name, len < p->len ? len : p->len);

		if (!cmp)
			cmp = len < p->len ? -1 : len > p->len;
		if (!cmp)
			return p;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Searches the string `v` for the pattern `pat` (compiled: `re`):
 * returns 1 or 0, or -1 when it cannot tell. A search too complex for
 * its steps is a violation at `v` that no branch may hide; when the
 * record's regex steps run out, validation stops. `kw` names the
 * keyword for the message; `name`: `v` is a property name.
 */
static int search(struct vctx *c, const struct wl_regex *re,
		  const struct wl_node *pat, const struct wl_node *v,
		  const char *kw, int name)
{
	int r = wl_regex_search(re, v->str, v->len, &c->rx);
	struct wl_buf m = WL_BUF_INIT;

	if (r >= 0)
		return r;
	if (r == WL_REGEX_SPENT) {
		schema_stop(c, "schema validation stopped: regular expressions took more than %llu steps (limits: regex-steps)",
			    wl_regex_limit(&c->rx, r));
		return -1;
	}
	if (name)
		wl_buf_addstr(&m, "property name ");
	schema_add_value(&m, v);
	wl_buf_addf(&m, " cannot be checked against %s ", kw);
	schema_add_pattern(&m, pat);
	if (r == WL_REGEX_TOO_COMPLEX)
		wl_buf_addf(&m, ": too complex to match in %llu steps (limits: regex-match-steps)",
			    wl_regex_limit(&c->rx, r));
	else if (r == WL_REGEX_TOO_DEEP)
		wl_buf_addf(&m, ": too complex to match in %d MiB of backtracking memory",
			    WL_REGEX_HEAP_KIB / 1024);
	else
		wl_buf_addstr(&m, ": it is not valid UTF-8");
	schema_report_hard(c, v, &m);
	wl_buf_release(&m);
	return -1;
}

/* One property of an object: properties, patternProperties,
 * additionalProperties and propertyNames. */
static int check_property(struct vctx *c, const struct wl_schema *s,
			  const struct wl_node *key, const struct wl_node *val)
{
	const struct prop *p = s->nr_props ?
		find_prop(s, key->str, key->len) : NULL;
	int matched = p != NULL, ok = 1;
	size_t j;

	if (p) {
		push(c, key, 0);
		if (!validate(c, p->schema, val)) {
			pop(c);
			FAIL();
		} else {
			pop(c);
		}
	}
	for (j = 0; j < s->nr_pattern_props; j++) {
		const struct pattern_prop *pp = &s->pattern_props[j];
		int m;

		if (!pp->re)
			continue;
		m = search(c, pp->re, pp->pattern, key,
			   "patternProperties pattern", 1);
		if (m < 0) {
			/* Neither matched nor not: additionalProperties
			 * must not judge it either. */
			matched = 1;
			FAIL();
			continue;
		}
		if (!m)
			continue;
		matched = 1;
		push(c, key, 0);
		if (!validate(c, pp->schema, val)) {
			pop(c);
			FAIL();
		} else {
			pop(c);
		}
	}
	if (!matched && s->additional) {
		if (s->additional->always == 0) {
			if (c->diags && !c->quiet) {
				struct wl_buf m = WL_BUF_INIT;

				wl_buf_addstr(&m, "additional property ");
				schema_add_name(&m, key->str, key->len);
				wl_buf_addstr(&m, " is not allowed");
				schema_report_at(c, key, 0, &m);
				wl_buf_release(&m);
			}
			FAIL();
		} else {
			push(c, key, 0);
			if (!validate(c, s->additional, val)) {
				pop(c);
				FAIL();
			} else {
				pop(c);
			}
		}
	}
	if (s->property_names) {
		c->in_name++;
		if (!validate(c, s->property_names, key)) {
			c->in_name--;
			FAIL();
		}
		c->in_name--;
	}
done:
	return ok;
}

/* A missing property the object must have: `what` `name`[`tail`]. */
static void report_missing(struct vctx *c, const struct wl_node *v,
			   const char *what, const char *name, size_t len,
			   const struct dep_required *d)
{
	struct wl_buf m = WL_BUF_INIT;

	if (!c->diags || c->quiet)
		return;
	wl_buf_addstr(&m, what);
	schema_add_name(&m, name, len);
	if (d) {
		wl_buf_addstr(&m, ", required when ");
		schema_add_name(&m, d->name, d->len);
		wl_buf_addstr(&m, " is present");
	}
	schema_report_at(c, v, 1, &m);
	wl_buf_release(&m);
}

/* dependentRequired: names the object must have when it has another. */
static int check_dep_required(struct vctx *c, const struct wl_schema *s,
			      const struct wl_node *v)
{
	size_t i, j;
	int ok = 1;

	for (i = 0; i < s->nr_dep_required; i++) {
		const struct dep_required *d = &s->dep_required[i];

		if (schema_charge(c, (1 + d->list->nr) * (1 + v->nr / 32)))
			return 0;
		if (!has_key(v, d->name, d->len))
			continue;
		for (j = 0; j < d->list->nr; j++) {
			const struct wl_node *need = d->list->items[j];

			if (has_key(v, need->str, need->len))
				continue;
			report_missing(c, v, "missing property ", need->str,
				       need->len, d);
			FAIL();
		}
	}
done:
	return ok;
}

static int check_object(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	size_t i;
	int ok = 1;

	/* A step per property, and a lookup costs a step per 32 of them. */
	if (schema_charge(c, v->nr + s->nr_required * (1 + v->nr / 32)))
		return 0;
	for (i = 0; i < v->nr; i++)
		if (!check_property(c, s, v->pairs[i].key, v->pairs[i].value))
			FAIL();
	for (i = 0; i < s->nr_required; i++) {
		const struct prop *r = &s->required[i];

		if (!has_key(v, r->name, r->len)) {
			report_missing(c, v, "missing required property ",
				       r->name, r->len, NULL);
			FAIL();
		}
	}
	if (s->min_props >= 0 && v->nr < (unsigned long long)s->min_props) {
		schema_report(c, v, 1, "has %zu %s, fewer than the minimum %lld",
			      v->nr,
			      schema_plural(v->nr, "property", "properties"),
			      s->min_props);
		FAIL();
	}
	if (s->max_props >= 0 && v->nr > (unsigned long long)s->max_props) {
		schema_report(c, v, 1, "has %zu %s, more than the maximum %lld",
			      v->nr,
			      schema_plural(v->nr, "property", "properties"),
			      s->max_props);
		FAIL();
	}
	if (s->nr_dep_required && !check_dep_required(c, s, v))
		FAIL();
	for (i = 0; i < s->nr_dep_schemas; i++) {
		const struct prop *d = &s->dep_schemas[i];

		if (schema_charge(c, 1 + v->nr / 32))
			return 0;
		if (has_key(v, d->name, d->len) && !validate(c, d->schema, v))
			FAIL();
	}
done:
	return ok;
}

struct hashed {
	uint64_t hash;
	size_t index;
};

static int cmp_hashed(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * For uniqueItems: returns NULL if the items are unique, else an array
 * (caller frees) giving for each item the index of the first item equal
 * to it. Small arrays are compared pairwise; large ones are sorted by a
 * hash consistent with wl_node_equal, so hostile input stays O(n log n).
 */
static size_t *find_duplicates(const struct wl_node *v)
{
	struct hashed *h;
	size_t *first = NULL, *reps, i, j, run, nreps;

	if (v->nr < 2)
		return NULL;
	if (v->nr <= 16) {
		for (i = 1; i < v->nr; i++) {
			for (j = 0; j < i; j++)
				if (wl_node_equal(v->items[j], v->items[i]))
					break;
			if (j == i)
				continue;
			if (!first) {
				first = wl_xmalloc(v->nr * sizeof(*first));
				for (run = 0; run < v->nr; run++)
					first[run] = run;
			}
			first[i] = first[j];
		}
		return first;
	}
	h = wl_xmalloc(v->nr * sizeof(*h));
	reps = wl_xmalloc(v->nr * sizeof(*reps));
	for (i = 0; i < v->nr; i++) {
		h[i].hash = wl_node_hash(v->items[i]);
		h[i].index = i;
	}
	qsort(h, v->nr, sizeof(*h), cmp_hashed);
	for (run = 0; run < v->nr; run = i) {
		for (i = run + 1; i < v->nr && h[i].hash == h[run].hash; i++)
			;
		/*
		 * Within a run of equal hashes, in file order. Each item is
		 * compared with the first items of the values seen so far
		 * only, so a run of equal items costs one comparison each.
		 */
		nreps = 0;
		reps[nreps++] = run;
		for (j = run + 1; j < i; j++) {
			size_t k, r;

			for (r = 0; r < nreps; r++)
				if (wl_node_equal(v->items[h[reps[r]].index],
						  v->items[h[j].index]))
					break;
			if (r == nreps) {
				reps[nreps++] = j;
				continue;
			}
			k = reps[r];
			if (!first) {
				size_t m;

				first = wl_xmalloc(v->nr * sizeof(*first));
				for (m = 0; m < v->nr; m++)
					first[m] = m;
			}
			first[h[j].index] = h[k].index;
		}
	}
	free(reps);
	free(h);
	return first;
}

static int check_array(struct vctx *c, const struct wl_schema *s,
		       const struct wl_node *v)
{
	size_t i, j;
	int ok = 1;

	for (i = 0; i < v->nr && i < s->nr_prefix; i++) {
		push(c, NULL, i);
		if (!validate(c, s->prefix[i], v->items[i])) {
			pop(c);
			FAIL();
		} else {
			pop(c);
		}
	}
	if (s->items && s->items->always == 0 && v->nr > s->nr_prefix) {
		push(c, NULL, s->nr_prefix);
		if (s->nr_prefix)
			schema_report(c, v->items[s->nr_prefix], 0,
			       "unexpected item; at most %zu %s allowed",
			       s->nr_prefix,
			       s->nr_prefix == 1 ? "item is" : "items are");
		else
			schema_report(c, v->items[0], 0, "unexpected item; the list must be empty");
		pop(c);
		FAIL();
	} else if (s->items) {
		for (i = s->nr_prefix; i < v->nr; i++) {
			push(c, NULL, i);
			if (!validate(c, s->items, v->items[i])) {
				pop(c);
				FAIL();
			} else {
				pop(c);
			}
		}
	}
	if (s->contains) {
		long long min = s->min_contains >= 0 ? s->min_contains : 1;
		long long max = s->max_contains, n = 0;

		for (i = 0; i < v->nr; i++) {
			push(c, NULL, i);
			n += test(c, s->contains, v->items[i]);
			pop(c);
			if (max < 0 && n >= min)
				break;
		}
		if (n < min) {
			if (min == 1)
				schema_report(c, v, 1, "has no item that matches 'contains'");
			else
				schema_report(c, v, 1,
				       "has %lld %s 'contains', fewer than the minimum %lld",
				       n, schema_plural(n, "item that matches",
						 "items that match"), min);
			FAIL();
		}
		if (max >= 0 && n > max) {
			schema_report(c, v, 1,
			       "has %lld %s 'contains', more than the maximum %lld",
			       n, schema_plural(n, "item that matches", "items that match"),
			       max);
			FAIL();
		}
	}
	if (s->min_items >= 0 && v->nr < (unsigned long long)s->min_items) {
		schema_report(c, v, 1, "has %zu %s, fewer than the minimum %lld", v->nr,
		       schema_plural(v->nr, "item", "items"), s->min_items);
		FAIL();
	}
	if (s->max_items >= 0 && v->nr > (unsigned long long)s->max_items) {
		schema_report(c, v, 1, "has %zu %s, more than the maximum %lld", v->nr,
		       schema_plural(v->nr, "item", "items"), s->max_items);
		FAIL();
	}
	if (s->unique) {
		size_t *first;

		/* Hashing and comparing the items reads all of them. */
		if (schema_charge(c, 1 + schema_node_count(v) / 8))
			return 0;
		first = find_duplicates(v);

		for (i = 0; first && i < v->nr; i++) {
			if (first[i] == i)
				continue;
			j = first[i];
			if (c->diags && !c->quiet) {
				struct wl_buf prev = WL_BUF_INIT;

				schema_add_path(&prev, c, c->nr_segs);
				wl_buf_addf(&prev, "[%zu]", j);
				push(c, NULL, i);
				schema_report_value(c, v->items[i],
					     "is a duplicate of %s", prev.buf);
				pop(c);
				wl_buf_release(&prev);
			}
			ok = 0;
			if (c->quiet)
				break;
		}
		free(first);
		if (!ok && c->quiet)
			goto done;
	}
done:
	return ok;
}

static int check_string(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	int ok = 1;

	if (s->min_length >= 0 || s->max_length >= 0) {
		size_t n = utf8_length(v->str, v->len);

		if (s->min_length >= 0 &&
		    n < (unsigned long long)s->min_length) {
			schema_report_value(c, v, "is shorter than %lld %s",
				     s->min_length,
				     s->min_length == 1 ? "character" :
							  "characters");
			FAIL();
		}
		if (s->max_length >= 0 &&
		    n > (unsigned long long)s->max_length) {
			schema_report_value(c, v, "is longer than %lld %s",
				     s->max_length,
				     s->max_length == 1 ? "character" :
							  "characters");
			FAIL();
		}
	}
	if (s->pattern) {
		int m = search(c, s->pattern, s->pattern_node, v, "pattern",
			       c->in_name);

		if (m < 0) {
			FAIL();
		} else if (!m) {
			if (c->diags && !c->quiet) {
				struct wl_buf p = WL_BUF_INIT;

				schema_add_pattern(&p, s->pattern_node);
				schema_report_value(c, v,
						    "does not match pattern %s",
						    p.buf);
				wl_buf_release(&p);
			}
			FAIL();
		}
	}
	if (s->format && !wl_format_check_id(s->format, v->str, v->len)) {
		const char *name = wl_format_name(s->format);

		schema_report_value(c, v, "is not a valid %s", name);
		FAIL();
	}
done:
	return ok;
}

/* Compares two numbers: <0, 0, >0. NaN compares equal to everything. */
static int num_cmp(const struct wl_node *a, const struct wl_node *b)
{
	double x, y;

	if (a->kind == WL_NODE_INT && b->kind == WL_NODE_INT)
		return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
	x = wl_node_number(a);
	y = wl_node_number(b);
	return x < y ? -1 : x > y;
}

static int is_multiple(const struct wl_node *v, const struct wl_node *m)
{
	double q, r;

	if (v->kind == WL_NODE_INT && m->kind == WL_NODE_INT)
		return v->v.i % m->v.i == 0;
	q = wl_node_number(v) / wl_node_number(m);
	if (!isfinite(q))
		return 0;
	r = nearbyint(q);
	return fabs(q - r) <= 1e-9 * (fabs(q) > 1 ? fabs(q) : 1);
}

static int check_number(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	int ok = 1;

	if (s->minimum && num_cmp(v, s->minimum) < 0) {
		schema_report_value(c, v, "is less than the minimum %s",
			     s->minimum->str);
		FAIL();
	}
	if (s->maximum && num_cmp(v, s->maximum) > 0) {
		schema_report_value(c, v, "is greater than the maximum %s",
			     s->maximum->str);
		FAIL();
	}
	if (s->exclusive_minimum && num_cmp(v, s->exclusive_minimum) <= 0) {
		schema_report_value(c, v, "is not greater than %s",
			     s->exclusive_minimum->str);
		FAIL();
	}
	if (s->exclusive_maximum && num_cmp(v, s->exclusive_maximum) >= 0) {
		schema_report_value(c, v, "is not less than %s",
			     s->exclusive_maximum->str);
		FAIL();
	}
	if (s->multiple_of && !is_multiple(v, s->multiple_of)) {
		schema_report_value(c, v, "is not a multiple of %s",
			     s->multiple_of->str);
		FAIL();
	}
done:
	return ok;
}

/* Is `v` one of the values of `s`'s enum? Charges what it reads. */
static int in_enum(struct vctx *c, const struct wl_schema *s,
		   const struct wl_node *v)
{
	const struct enum_index *ix = s->enum_index;
	const struct wl_node *e = s->enum_values;
	size_t i, pos = 0;

	if (is_scalar(v)) {
		uint64_t h;

		if (schema_charge(c, 1 + v->len / 64))
			return 0;
		h = wl_node_hash(v);
		while ((i = schema_hindex_next(&ix->scalars, h, &pos)))
			if (wl_node_equal(e->items[i - 1], v))
				return 1;
		return 0;
	}
	if (schema_charge(c, 1 + ix->container_nodes / 8))
		return 0;
	for (i = 0; i < ix->nr_containers; i++)
		if (wl_node_equal(e->items[ix->containers[i]], v))
			return 1;
	return 0;
}

/* Is `v` the const of `s`? Charges what it reads. */
static int is_const(struct vctx *c, const struct wl_schema *s,
		    const struct wl_node *v)
{
	if (schema_charge(c, 1 + s->const_nodes / 8))
		return 0;
	return wl_node_equal(s->const_value, v);
}

/* The schema a branch's type and shape are read from: through bare $refs. */
static const struct wl_schema *branch_core(const struct wl_schema *b)
{
	int hops = 0;

	while (b && b->always < 0 && !b->types && !b->kinds && b->ref &&
	       hops++ < 16)
		b = b->ref;
	return b;
}

/*
 * Does the branch reject `v` on a discriminating property: an object
 * whose property `*prop` fails the branch's const or enum for it?
 */
static const struct wl_node *discriminator(struct vctx *c,
					   const struct wl_schema *b,
					   const struct wl_node *v,
					   const struct prop **prop)
{
	size_t i;

	if (v->kind != WL_NODE_MAP)
		return NULL;
	for (i = 0; i < b->nr_props; i++) {
		const struct wl_schema *ps = branch_core(b->props[i].schema);
		const struct wl_node *val;
		int in = 0;

		if (!ps || ps->always >= 0 ||
		    (!ps->const_value && !ps->enum_values))
			continue;
		if (schema_charge(c, 1 + v->nr / 32))
			return NULL;
		val = map_get(v, b->props[i].name, b->props[i].len);
		if (!val)
			continue;
		if (ps->const_value)
			in = is_const(c, ps, val);
		if (ps->enum_values)
			in |= in_enum(c, ps, val);
		if (!in) {
			*prop = &b->props[i];
			return val;
		}
	}
	return NULL;
}

/*
 * anyOf / oneOf with no matching branch: one diagnostic. If every branch
 * but one is ruled out by its type or a discriminating const/enum, the
 * remaining branch's own problems are the useful ones; if all are ruled
 * out the same way, say what was expected.
 */
static void report_no_match(struct vctx *c, struct wl_schema *const *list,
			    size_t nr, const struct wl_node *v)
{
	const struct wl_schema *close = NULL;
	const struct prop *disc_prop = NULL;
	const struct wl_node *disc_val = NULL;
	unsigned types = 0, vt = instance_type(v);
	size_t i, nr_close = 0, nr_type = 0, nr_disc = 0;
	int same_disc = 1;

	for (i = 0; i < nr; i++) {
		const struct wl_schema *b = branch_core(list[i]);
		const struct prop *p = NULL;
		const struct wl_node *dv;

		if (!b || b->always == 0)
			continue;
		if (b->types && !(b->types & vt)) {
			types |= b->types;
			nr_type++;
			continue;
		}
		dv = discriminator(c, b, v, &p);
		if (dv) {
			if (disc_prop && (disc_prop->len != p->len ||
					  memcmp(disc_prop->name, p->name,
						 p->len)))
				same_disc = 0;
			disc_prop = p;
			disc_val = dv;
			nr_disc++;
			continue;
		}
		close = list[i];
		nr_close++;
	}
	if (nr_close == 1) {
		validate(c, close, v);
		return;
	}
	if (!nr_close && nr_type && !nr_disc) {
		struct wl_buf t = WL_BUF_INIT;

		schema_add_type_list(&t, types);
		schema_report_value(c, v, "is not %s", t.buf);
		wl_buf_release(&t);
		return;
	}
	if (!nr_close && nr_disc && same_disc && !nr_type) {
		struct wl_buf msg = WL_BUF_INIT;
		size_t n = 0;

		/* Every allowed value of the discriminating property. */
		schema_add_value(&msg, disc_val);
		wl_buf_addstr(&msg, " is not one of ");
		for (i = 0; i < nr; i++) {
			const struct wl_schema *b = branch_core(list[i]);
			const struct wl_schema *ps;
			const struct prop *p;
			size_t k;

			if (!b || b->always >= 0)
				continue;
			p = find_prop(b, disc_prop->name, disc_prop->len);
			ps = p ? branch_core(p->schema) : NULL;
			if (!ps || ps->always >= 0)
				continue;
			if (ps->const_value && n <= 20) {
				if (n++)
					wl_buf_addstr(&msg, ", ");
				schema_add_list_value(&msg, ps->const_value);
			}
			for (k = 0; ps->enum_values && k < ps->enum_values->nr &&
				    n <= 20;
			     k++) {
				if (n++)
					wl_buf_addstr(&msg, ", ");
				schema_add_list_value(&msg, ps->enum_values->items[k]);
			}
		}
		/* As schema_add_enum_list: twenty values, then "...". */
		if (n > 20) {
			while (msg.len && msg.buf[msg.len - 1] != ',')
				msg.len--;
			msg.len = msg.len ? msg.len - 1 : 0;
			msg.buf[msg.len] = '\0';
			wl_buf_addstr(&msg, ", ...");
		}
		if (c->diags && !c->quiet) {
			push(c, map_key(v, disc_prop->name, disc_prop->len), 0);
			schema_report_at(c, disc_val, 0, &msg);
			pop(c);
		}
		wl_buf_release(&msg);
		return;
	}
	schema_report(c, v, 1, "does not match any of the allowed forms");
}

static void emit_mark(struct vctx *c, const struct wl_schema *s,
		      const struct wl_node *v)
{
	struct wl_buf path = WL_BUF_INIT;
	struct wl_schema_mark m;

	schema_add_path(&path, c, c->nr_segs);
	m.value = v;
	m.path = wl_buf_cstr(&path);
	m.ref_type = s->x_ref;
	m.person = s->x_person;
	c->mark(&m, c->mark_data);
	wl_buf_release(&path);
}

static int apply(struct vctx *c, const struct wl_schema *s,
		 const struct wl_node *v)
{
	size_t i, first = 0, count;
	int ok = 1;

	for (i = 0; i < s->nr_all_of; i++)
		if (!validate(c, s->all_of[i], v))
			FAIL();
	if (s->nr_any_of) {
		for (i = 0; i < s->nr_any_of; i++)
			if (test(c, s->any_of[i], v))
				break;
		if (i == s->nr_any_of) {
			if (c->diags && !c->quiet)
				report_no_match(c, s->any_of, s->nr_any_of, v);
			FAIL();
		} else if (c->mark && !c->quiet) {
			validate(c, s->any_of[i], v);
		}
	}
	if (s->nr_one_of) {
		for (i = count = 0; i < s->nr_one_of; i++) {
			if (!test(c, s->one_of[i], v))
				continue;
			if (count++) {
				schema_report(c, v, 1,
				       "matches more than one of the allowed forms (%zu and %zu)",
				       first + 1, i + 1);
				break;
			}
			first = i;
		}
		if (!count) {
			if (c->diags && !c->quiet)
				report_no_match(c, s->one_of, s->nr_one_of, v);
			FAIL();
		} else if (count > 1) {
			FAIL();
		} else if (c->mark && !c->quiet) {
			validate(c, s->one_of[first], v);
		}
	}
	if (s->not_schema && test(c, s->not_schema, v)) {
		if (is_scalar(v))
			schema_report_value(c, v, "is not allowed");
		else
			schema_report(c, v, 1, "this value is not allowed");
		FAIL();
	}
	if (s->if_schema) {
		if (test(c, s->if_schema, v)) {
			if (c->mark && !c->quiet)
				validate(c, s->if_schema, v);
			if (s->then_schema && !validate(c, s->then_schema, v))
				FAIL();
		} else if (s->else_schema && !validate(c, s->else_schema, v)) {
			FAIL();
		}
	}
done:
	return ok;
}

static int validate(struct vctx *c, const struct wl_schema *s,
		    const struct wl_node *v)
{
	int ok = 1;

	if (!s || s->always == 1)
		return 1;
	/* A step per subschema applied; reading a string costs its length. */
	if (schema_charge(c, 1 + (v->kind == WL_NODE_STRING ? v->len / 64 : 0)))
		return 0;
	if (s->always == 0) {
		if (is_scalar(v))
			schema_report_value(c, v, "is not allowed");
		else
			schema_report(c, v, 1, "this value is not allowed");
		return 0;
	}
	if (c->depth >= MAX_VALIDATE_DEPTH) {
		/*
		 * A chain of in-place references longer than this (without
		 * a cycle, which check_cycles() cuts). The value is not
		 * judged, which no branch may take for a failure: a `not`
		 * would pass.
		 */
		if (!c->too_deep) {
			struct wl_buf m = WL_BUF_INIT;

			wl_buf_addstr(&m, "schema recursion too deep");
			schema_report_hard(c, v, &m);
			wl_buf_release(&m);
		}
		c->too_deep = 1;
		c->hard_failed = 1;
		return 0;
	}
	c->depth++;
	if (s->ref && !validate(c, s->ref, v))
		FAIL();
	if (s->types && !(s->types & instance_type(v))) {
		if (c->diags && !c->quiet) {
			struct wl_buf t = WL_BUF_INIT;

			schema_add_type_list(&t, s->types);
			schema_report_value(c, v, "is not %s", t.buf);
			wl_buf_release(&t);
		}
		/* Nothing else says anything useful about such a value. */
		ok = 0;
		goto done;
	}
	if (s->const_value && !is_const(c, s, v)) {
		if (c->diags && !c->quiet) {
			struct wl_buf t = WL_BUF_INIT;

			schema_add_value(&t, s->const_value);
			schema_report_value(c, v, "must be %s", t.buf);
			wl_buf_release(&t);
		}
		ok = 0;
		goto done;
	}
	if (s->enum_values) {
		const struct wl_node *e = s->enum_values;

		if (!in_enum(c, s, v)) {
			if (c->diags && !c->quiet) {
				struct wl_buf t = WL_BUF_INIT;

				schema_add_enum_list(&t, e);
				if (e->nr)
					schema_report_value(c, v, "is not one of %s",
						     wl_buf_cstr(&t));
				else
					schema_report_value(c, v,
						     "is not allowed (the enum is empty)");
				wl_buf_release(&t);
			}
			ok = 0;
			goto done;
		}
	}
	switch (v->kind) {
	case WL_NODE_MAP:
		if ((s->kinds & K_OBJECT) && !check_object(c, s, v))
			FAIL();
		break;
	case WL_NODE_SEQ:
		if ((s->kinds & K_ARRAY) && !check_array(c, s, v))
			FAIL();
		break;
	case WL_NODE_STRING:
		if ((s->kinds & K_STRING) && !check_string(c, s, v))
			FAIL();
		break;
	case WL_NODE_INT:
	case WL_NODE_FLOAT:
		if ((s->kinds & K_NUMBER) && !check_number(c, s, v))
			FAIL();
		break;
	default:
		break;
	}
	if ((s->kinds & K_APPLY) && !apply(c, s, v))
		FAIL();
	if (ok && c->mark && !c->quiet && (s->x_ref || s->x_person))
		emit_mark(c, s, v);
done:
	c->depth--;
	return ok;
}

static const struct wl_node null_node = { .kind = WL_NODE_NULL, .str = "" };

int wl_schema_validate_marks(const struct wl_schema *schema,
			     const struct wl_node *instance, const char *path,
			     int line, struct wl_diags *diags,
			     wl_schema_mark_fn fn, void *data)
{
	struct vctx c;
	int ok;

	if (!schema)
		return 1;
	if (!instance)
		instance = &null_node;
	vctx_init(&c, schema, path, line, instance, diags);
	c.quiet = diags == NULL && !fn;
	c.mark = fn;
	c.mark_data = data;
	ok = validate(&c, schema, instance);
	/* Stopped, or a value no regex could judge: never a pass. */
	if (c.stopped || c.hard_failed)
		ok = 0;
	vctx_release(&c);
	return ok;
}

int wl_schema_validate(const struct wl_schema *schema,
		       const struct wl_node *instance, const char *path,
		       int line, struct wl_diags *diags)
{
	return wl_schema_validate_marks(schema, instance, path, line, diags,
					NULL, NULL);
}

int wl_schema_marks(const struct wl_schema *schema,
		    const struct wl_node *instance, wl_schema_mark_fn fn,
		    void *data)
{
	if (instance)
		wl_schema_validate_marks(schema, instance, "", 0, NULL, fn,
					 data);
	return 0;
}
