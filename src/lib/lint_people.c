/*
 * unknown-person, the body's half: every @name of a task-list item
 * must be a roster id. The x-person fields are checked across records
 * by check.c, with the same "did you mean" (wl_lint_person_hint).
 */
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "config.h"
#include "lint_rules.h"
#include "util.h"

#include "../banned.h"

const char *wl_lint_person_hint(const struct wl_config *cfg, const char *s,
				size_t len)
{
	const char **ids;
	const char *best;
	size_t i;

	/* Writing the name for the id (@张三 for zhangsan) is the likely
	 * slip in a team that names people in Chinese. */
	for (i = 0; i < cfg->people_nr; i++)
		if (cfg->people[i].name && strlen(cfg->people[i].name) == len &&
		    !memcmp(cfg->people[i].name, s, len))
			return cfg->people[i].id;
	ids = wl_xcalloc(cfg->people_nr + 1, sizeof(*ids));
	for (i = 0; i < cfg->people_nr; i++)
		ids[i] = cfg->people[i].id;
	best = wl_did_you_mean(s, len, ids, cfg->people_nr);
	free(ids);
	return best;
}

int wl_lint_task_owners(struct wl_diags *out, const struct wl_rule_record *in,
			int sev)
{
	const struct wl_body *b = in->body;
	size_t i, k;

	if (!in->cfg || !in->cfg->people_nr)
		return 0;
	for (i = 0; i < b->items_nr; i++) {
		const struct wl_body_item *it = &b->items[i];

		for (k = 0; k < it->owners_nr; k++) {
			const struct wl_body_mention *m = &it->owners[k];
			const char *hint;

			if (wl_config_person(in->cfg, m->text))
				continue;
			hint = wl_lint_person_hint(in->cfg, m->text,
						   strlen(m->text));
			if (hint)
				wl_diags_add(out, in->path, m->line, m->column,
					     sev, "unknown-person",
					     "task owner @%s is not in the roster; did you mean @%s?",
					     m->text, hint);
			else
				wl_diags_add(out, in->path, m->line, m->column,
					     sev, "unknown-person",
					     "task owner @%s is not in the roster",
					     m->text);
		}
	}
	return 0;
}
