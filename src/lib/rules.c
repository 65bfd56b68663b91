#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

static const struct wl_node *rule_node(const struct wl_config *cfg,
				       const char *rule)
{
	return cfg->rules ? wl_node_get(cfg->rules, rule) : NULL;
}

static int severity_of(const char *s)
{
	if (!strcmp(s, "error"))
		return WL_SEV_ERROR;
	if (!strcmp(s, "warning"))
		return WL_SEV_WARNING;
	return 0;
}

int wl_rule_severity(const struct wl_config *cfg, const char *rule, int def)
{
	const struct wl_node *n = rule_node(cfg, rule), *sev;

	if (!n)
		return def;
	if (n->kind == WL_NODE_STRING)
		return severity_of(n->str);
	if (n->kind != WL_NODE_MAP)
		return def;
	sev = wl_node_get(n, "severity");
	if (!sev || sev->kind != WL_NODE_STRING)
		return def ? def : WL_SEV_ERROR;
	return severity_of(sev->str);
}

const struct wl_node *wl_rule_option(const struct wl_config *cfg,
				     const char *rule, const char *key)
{
	const struct wl_node *n = rule_node(cfg, rule);

	if (!n || n->kind != WL_NODE_MAP)
		return NULL;
	return wl_node_get(n, key);
}
