/* What `worklog init` writes (init.h). */
#include "init.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin.h"
#include "schema.h"

#include "../banned.h"

void wl_init_people_release(struct wl_init_people *p)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		free(p->v[i].id);
		free(p->v[i].name);
		wl_strv_free(p->v[i].emails, p->v[i].emails_nr);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

struct wl_init_person *wl_init_person(struct wl_init_people *p,
				      const char *id)
{
	size_t i;

	for (i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].id, id))
			return &p->v[i];
	return NULL;
}

/* An id from an email: its local part, tidied. */
static char *id_of(const char *email)
{
	const char *at = strchr(email, '@'), *start = email, *plus;
	size_t len = at ? (size_t)(at - email) : strlen(email), i;
	struct wl_buf b = WL_BUF_INIT;

	plus = memchr(email, '+', len);
	if (plus && at && !strcasecmp(at, "@users.noreply.github.com")) {
		start = plus + 1;
		len -= (size_t)(start - email);
	} else if (plus) {
		len = (size_t)(plus - email);
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)tolower((unsigned char)start[i]);

		if (!b.len && !(c >= 'a' && c <= 'z'))
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_'))
			c = '-';
		if (c == '-' && b.len && b.buf[b.len - 1] == '-')
			continue;
		wl_buf_addch(&b, c);
	}
	while (b.len && strchr("-._", b.buf[b.len - 1]))
		b.buf[--b.len] = '\0';
	if (!b.len)
		wl_buf_addstr(&b, "person");
	return wl_buf_detach(&b, NULL);
}

static int cmp_person(const void *a, const void *b)
{
	const struct wl_init_person *x = a, *y = b;

	return strcmp(x->id, y->id);
}

void wl_init_roster(struct wl_init_people *out,
		    const struct wl_git_authors *authors)
{
	size_t i, j;

	for (i = 0; i < authors->nr; i++) {
		const struct wl_git_author *a = &authors->v[i];
		struct wl_init_person *p = NULL;
		char *base, *id;
		int n = 1;

		for (j = 0; j < out->nr && *a->name; j++)
			if (!strcmp(out->v[j].name, a->name))
				p = &out->v[j];
		if (p) {
			p->emails = wl_xrealloc(p->emails, (p->emails_nr + 1) *
								   sizeof(*p->emails));
			p->emails[p->emails_nr++] = wl_xstrdup(a->email);
			continue;
		}
		base = id_of(a->email);
		id = wl_xstrdup(base);
		while (wl_init_person(out, id)) {
			free(id);
			id = wl_xprintf("%s-%d", base, ++n);
		}
		free(base);
		WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		p = &out->v[out->nr++];
		memset(p, 0, sizeof(*p));
		p->id = id;
		p->name = wl_xstrdup(a->name);
		p->emails = wl_xmalloc(sizeof(*p->emails));
		p->emails[0] = wl_xstrdup(a->email);
		p->emails_nr = 1;
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_person);
}

/* The comments of .worklog.yaml, in each language. */
struct config_text {
	const char *head, *records, *schemas, *types, *timezone, *people,
		*no_people, *rules, *hooks, *reports;
};

static const struct config_text texts[] = {
	[WL_LANG_EN] = {
		"# worklog configuration: which files are records, who the team is,\n"
		"# and the recording rules. `worklog validate` checks this file.\n",
		"\n# Which files are records: globs relative to this folder.\n",
		"\n# Folders of the team's own record types (YAML schemas), which may\n"
		"# add types or replace built-in ones.\n",
		"\n# Records whose path matches a glob take its type, whatever their\n"
		"# `type:` field says.\n"
		"# types:\n"
		"#   \"records/logs/**\": log\n",
		"\n# The time zone of \"today\" and of the boundaries of days, weeks and\n"
		"# months (default: this machine's).\n"
		"# timezone: Asia/Shanghai\n",
		"\n# The roster: owner fields hold these ids. Taken from the commit\n"
		"# history: check names and emails. A reviewer signs summaries off: add\n"
		"# `reviewer: true` under a person to make them one (nobody is yet).\n",
		"\n# The roster: owner fields hold these ids. Add one entry per person;\n"
		"# `reviewer: true` makes someone a reviewer who signs summaries off:\n"
		"#   - id: zhangsan\n"
		"#     name: Zhang San\n"
		"#     email: [zhangsan@example.com]\n"
		"#     reviewer: true\n",
		"\n# Lint rules: off, warning, error, or {severity, options}.\n"
		"# rules:\n"
		"#   stale: {severity: warning, after: 14d}\n"
		"#   cadence:                     # a weekly log from everyone\n"
		"#     severity: error\n"
		"#     since: YYYY-MM-DD          # the first day that counts\n"
		"#     require:\n"
		"#       - {type: log, every: week, grace: 1d, who: all}\n"
		"#   review: {severity: warning, types: [summary], within: 7d}\n",
		"\n# While the team starts, the hooks may print findings without\n"
		"# rejecting commits:\n"
		"# hooks:\n"
		"#   warn-only: true\n",
		"\n# The language of new records' headings and of reports: zh or en.\n",
	},
	[WL_LANG_ZH] = {
		"# worklog 配置：哪些文件是记录、团队成员有谁、记录要遵守哪些规则。\n"
		"# `worklog validate` 会检查本文件。\n",
		"\n# 哪些文件是记录：相对本目录的 glob。\n",
		"\n# 团队自定义记录类型（YAML schema）所在目录，可新增类型或覆盖内置类型。\n",
		"\n# 路径匹配 glob 的记录按该类型校验，不看其 `type:` 字段。\n"
		"# types:\n"
		"#   \"records/logs/**\": log\n",
		"\n# 时区：决定“今天”以及日、周、月的边界（默认取本机时区）。\n"
		"# timezone: Asia/Shanghai\n",
		"\n# 名册：owner 等字段填写这里的 id。以下取自提交历史，请核对姓名和邮箱。\n"
		"# 审核人负责审核总结：在某人下面加一行 `reviewer: true`（目前没有审核人）。\n",
		"\n# 名册：owner 等字段填写这里的 id。每人一项；`reviewer: true` 表示审核人：\n"
		"#   - id: zhangsan\n"
		"#     name: 张三\n"
		"#     email: [zhangsan@example.com]\n"
		"#     reviewer: true\n",
		"\n# lint 规则：off、warning、error，或 {severity, 选项}。\n"
		"# rules:\n"
		"#   stale: {severity: warning, after: 14d}\n"
		"#   cadence:                     # 每人每周一份周报\n"
		"#     severity: error\n"
		"#     since: YYYY-MM-DD          # 从哪一天开始要求\n"
		"#     require:\n"
		"#       - {type: log, every: week, grace: 1d, who: all}\n"
		"#   review: {severity: warning, types: [summary], within: 7d}\n",
		"\n# 团队刚开始使用时，可让钩子只提示问题、不拒绝提交：\n"
		"# hooks:\n"
		"#   warn-only: true\n",
		"\n# 新记录的小标题和报告所用语言：zh 或 en。\n",
	},
};

static void add_person(struct wl_buf *b, const struct wl_init_person *p)
{
	size_t i;

	wl_buf_addstr(b, "  - id: ");
	wl_yaml_add_string(b, p->id, strlen(p->id));
	if (*p->name) {
		wl_buf_addstr(b, "\n    name: ");
		wl_yaml_add_string(b, p->name, strlen(p->name));
	}
	wl_buf_addstr(b, "\n    email: [");
	for (i = 0; i < p->emails_nr; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		wl_yaml_add_string(b, p->emails[i], strlen(p->emails[i]));
	}
	wl_buf_addstr(b, "]\n");
	if (p->reviewer)
		wl_buf_addstr(b, "    reviewer: true\n");
}

char *wl_init_config(const struct wl_init_people *people, enum wl_lang lang)
{
	const struct config_text *t = &texts[lang];
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	wl_buf_addstr(&b, t->head);
	wl_buf_addstr(&b, "version: 1\n");
	wl_buf_addstr(&b, t->records);
	wl_buf_addstr(&b, "records: [\"" WL_INIT_RECORDS "\"]\n");
	wl_buf_addstr(&b, t->schemas);
	wl_buf_addstr(&b, "schemas: [.worklog/schema]\n");
	wl_buf_addstr(&b, t->types);
	wl_buf_addstr(&b, t->timezone);
	wl_buf_addstr(&b, people->nr ? t->people : t->no_people);
	wl_buf_addstr(&b, people->nr ? "people:\n" : "people: []\n");
	for (i = 0; i < people->nr; i++)
		add_person(&b, &people->v[i]);
	wl_buf_addstr(&b, t->rules);
	wl_buf_addstr(&b, t->hooks);
	wl_buf_addstr(&b, t->reports);
	wl_buf_addf(&b, "reports:\n  lang: %s\n", wl_lang_name(lang));
	return wl_buf_detach(&b, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct wl_schema_set *wl_builtin_types(void)
{
	struct wl_schema_set *set = wl_schema_set_new();
	const struct wl_builtin *b;
	int ret = 0;

	for (b = wl_builtin_schemas; b->path; b++)
		if (wl_schema_set_add(set, b->path, b->data, b->len, 1,
				      NULL) < 0)
			ret = -1;
	if (ret || wl_schema_set_finish(set, NULL) < 0) {
		wl_schema_set_free(set);
		return NULL;
	}
	return set;
}

int wl_init_folders(struct wl_strlist *out)
{
	struct wl_schema_set *set = wl_builtin_types();
	size_t i, n = set ? wl_schema_set_type_count(set) : 0;

	for (i = 0; i < n; i++) {
		char *plural = wl_type_folder_name(
			wl_schema_set_type_at(set, i)->name);

		wl_strlist_take(out, wl_xprintf("records/%s", plural));
		free(plural);
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_str);
	if (!set)
		return -1;
	wl_schema_set_free(set);
	return 0;
}
