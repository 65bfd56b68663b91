/*
 * worklog import csv|trello FILE --type TYPE: bring an existing task
 * table in (the readers and the engine are import.h's; this file reads
 * the file, gathers the options and tells what came of it).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "import.h"
#include "util.h"

#include "../banned.h"

enum {
	OPT_TYPE = 1,
	OPT_MAP,
	OPT_MAP_VALUE,
	OPT_SET,
	OPT_DRY_RUN,
	OPT_ARCHIVED,
	OPT_TODAY,
};

static const struct cli_opt options[] = {
	{ OPT_TYPE, CLI_OPT_VALUE, "type", 't', "TYPE", NULL, NULL, 0, NULL,
	  "the record type of every row (task, problem, ...)" },
	{ OPT_MAP, CLI_OPT_VALUE, "map", 'm', "COLUMN=FIELD", NULL, NULL, 0,
	  NULL, "csv: put COLUMN in FIELD (body: the body; -: leave it out); repeatable" },
	{ OPT_MAP_VALUE, CLI_OPT_VALUE, "map-value", 0, "FIELD:FROM=TO", NULL,
	  NULL, 0, NULL, "read the value FROM of FIELD as TO (搁置 as blocked); repeatable" },
	{ OPT_SET, CLI_OPT_VALUE, "set", 's', "FIELD=VALUE", NULL, NULL, 0,
	  NULL, "give FIELD to rows that have no value for it; repeatable" },
	{ OPT_DRY_RUN, CLI_OPT_FLAG, "dry-run", 'n', NULL, NULL, NULL, 0, NULL,
	  "print what would be written, write nothing" },
	{ OPT_ARCHIVED, CLI_OPT_FLAG, "include-archived", 0, NULL, NULL, NULL, 0,
	  NULL, "trello: import archived cards too" },
	{ OPT_TODAY, CLI_OPT_VALUE, "today", 0, "DATE", NULL, NULL, 0, NULL,
	  "take DATE (YYYY-MM-DD) as today" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"csv FILE --type TYPE [--map COLUMN=FIELD...] [--map-value FIELD:FROM=TO...] [--dry-run]",
	"trello FILE.json --type TYPE [--map-value FIELD:FROM=TO...] [--include-archived] [--dry-run]",
	NULL,
};

struct import_args {
	const char *type, *today;
	struct wl_column_map *maps;
	size_t nr_maps;
	struct wl_value_map *values;
	size_t nr_values;
	const char **sets;
	size_t nr_sets;
	int dry_run, archived;
};

static void import_args_release(struct import_args *a)
{
	size_t i;

	for (i = 0; i < a->nr_maps; i++)
		free((char *)a->maps[i].column);
	for (i = 0; i < a->nr_values; i++)
		free((char *)a->values[i].field);
	free(a->maps);
	free(a->values);
	free(a->sets);
}

/* --map COLUMN=FIELD, --map-value FIELD:FROM=TO, --set FIELD=VALUE. */
static int add_arg(struct import_args *a, int id, const char *v)
{
	const char *eq = strchr(v, '='), *colon = strchr(v, ':');

	switch (id) {
	case OPT_MAP:
		if (!eq || eq == v || !eq[1])
			return cli_usage_error(&cli_cmd_import,
					       "--map takes COLUMN=FIELD, not '%s'",
					       v);
		a->maps = wl_xrealloc(a->maps, (a->nr_maps + 1) *
						       sizeof(*a->maps));
		a->maps[a->nr_maps].column = wl_xstrndup(v, eq - v);
		a->maps[a->nr_maps++].field = eq + 1;
		return 0;
	case OPT_MAP_VALUE:
		if (!colon || colon == v || !eq || eq < colon)
			return cli_usage_error(&cli_cmd_import,
					       "--map-value takes FIELD:FROM=TO, not '%s'",
					       v);
		a->values = wl_xrealloc(a->values, (a->nr_values + 1) *
							   sizeof(*a->values));
		/* One allocation: "FIELD\0FROM\0", TO borrowed from argv. */
		{
			char *s = wl_xstrndup(v, eq - v);

			s[colon - v] = '\0';
			a->values[a->nr_values].field = s;
			a->values[a->nr_values].from = s + (colon - v) + 1;
			a->values[a->nr_values++].to = eq + 1;
		}
		return 0;
	case OPT_SET:
		if (!eq || eq == v)
			return cli_usage_error(&cli_cmd_import,
					       "--set takes FIELD=VALUE, not '%s'",
					       v);
		a->sets = wl_xrealloc(a->sets, (a->nr_sets + 1) *
						       sizeof(*a->sets));
		a->sets[a->nr_sets++] = v;
		return 0;
	}
	return 0;
}

/* Reads a regular file of at most `max` bytes. */
static int read_input(char **buf, size_t *len, const char *path, size_t max)
{
	const char *why = NULL;
	int r = wl_read_at(buf, len, AT_FDCWD, path, 0, max, &why);

	if (r == WL_READ_TOO_BIG)
		return cli_error("import: '%s' is larger than %zu MiB; split it",
				 path, max / (1024 * 1024));
	if (r < 0)
		return cli_error("import: cannot read '%s': %s", path, why);
	return 0;
}

static int read_csv(struct wl_import_rows *rows, const char *buf, size_t len,
		    const char *name, const struct wl_type *type,
		    const struct import_args *a)
{
	struct wl_csv csv = WL_CSV_INIT;
	struct wl_csv_error e;
	char *err = NULL;
	int ret = 0;

	if (wl_csv_parse(&csv, buf, len, &e) < 0) {
		/* Row 0: the file as a whole. */
		if (e.row)
			ret = cli_error("import: %s:%d: %s (line %d, column %d)",
					name, e.row, e.message, e.line, e.column);
		else
			ret = cli_error("import: %s: %s", name, e.message);
		wl_csv_error_release(&e);
		return ret;
	}
	if (wl_import_csv(rows, &csv, name, type, a->maps, a->nr_maps,
			  &err) < 0)
		ret = cli_error("import: %s", err);
	free(err);
	wl_csv_release(&csv);
	return ret;
}

static void print_plan(const struct cli_opts *opts,
		       const struct wl_import_plan *plan,
		       const struct wl_import_rows *rows, int dry_run)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addf(&b, "{\"dry_run\": %s, \"records\": [",
			    dry_run ? "true" : "false");
	for (i = 0; i < plan->nr; i++) {
		const struct wl_draft *d = &plan->drafts[i];

		if (opts->format == CLI_FORMAT_JSON) {
			wl_buf_addstr(&b, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
			wl_buf_add_json_string(&b, d->path, strlen(d->path));
			wl_buf_addstr(&b, ", \"from\": ");
			wl_buf_add_json_string(&b, rows->v[i].where,
					       strlen(rows->v[i].where));
			if (dry_run) {
				wl_buf_addstr(&b, ", \"text\": ");
				wl_buf_add_json_string(&b, d->text, d->len);
			}
			wl_buf_addch(&b, '}');
		} else if (dry_run) {
			wl_buf_addstr(&b, i ? "\n==> " : "==> ");
			wl_buf_add_printable(&b, d->path, strlen(d->path));
			wl_buf_addstr(&b, " <==\n");
			wl_buf_add(&b, d->text, d->len);
		} else {
			wl_buf_add_printable(&b, d->path, strlen(d->path));
			wl_buf_addch(&b, '\n');
		}
	}
	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, plan->nr ? "\n]}\n" : "]}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

/* Each problem on its own line, then why nothing was written. */
static int print_problems(const struct cli_opts *opts,
			  const struct wl_import_plan *plan, size_t rows)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, "{\"problems\": [");
	for (i = 0; i < plan->problems.nr; i++) {
		const char *s = plan->problems.v[i];

		if (opts->format == CLI_FORMAT_JSON) {
			wl_buf_addstr(&b, i ? ",\n  " : "\n  ");
			wl_buf_add_json_string(&b, s, strlen(s));
		} else {
			wl_buf_add_printable(&b, s, strlen(s));
			wl_buf_addch(&b, '\n');
		}
	}
	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, "\n]}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
	cli_error("import: nothing written: %zu of %zu row%s cannot be imported",
		  plan->bad_rows, rows, rows == 1 ? "" : "s");
	return CLI_FINDINGS;
}

static void print_unmapped(const struct wl_import_rows *rows)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	if (!rows->unmapped.nr)
		return;
	for (i = 0; i < rows->unmapped.nr; i++) {
		wl_buf_addstr(&b, i ? ", '" : "'");
		wl_buf_add_printable(&b, rows->unmapped.v[i],
				     strlen(rows->unmapped.v[i]));
		wl_buf_addch(&b, '\'');
	}
	cli_error("import: columns left out: %s (--map COLUMN=FIELD takes one in, COLUMN=- leaves it out quietly)",
		  b.buf);
	wl_buf_release(&b);
}

static void summary(const struct cli_opts *opts, const char *name,
		    const struct wl_import_rows *rows, int dry_run)
{
	if (opts->quiet)
		return;
	fflush(stdout);
	fprintf(stderr, "%s %zu record%s from %s", dry_run ? "would import" :
		"imported", rows->nr, rows->nr == 1 ? "" : "s", name);
	if (rows->skipped)
		fprintf(stderr, "; %zu archived card%s left out (--include-archived takes them)",
			rows->skipped, rows->skipped == 1 ? "" : "s");
	fputs(dry_run ? "; nothing written\n" : "\n", stderr);
}

static int import(struct cli_opts *opts, struct wl_repo *repo,
		  const char *kind, const char *file,
		  const struct import_args *a)
{
	struct wl_import_rows rows = WL_IMPORT_ROWS_INIT;
	struct wl_import_plan plan = WL_IMPORT_PLAN_INIT;
	struct wl_import_opts o;
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	int ret;

	memset(&o, 0, sizeof(o));
	o.type = wl_schema_set_type(repo->schemas, a->type);
	if (!o.type) {
		ret = cli_unknown_type(repo, "import", a->type);
		goto done;
	}
	o.lang = wl_lang_of_config(&repo->cfg);
	o.ctx.cfg = &repo->cfg;
	o.ctx.maps = a->values;
	o.ctx.nr_maps = a->nr_values;
	o.sets = a->sets;
	o.nr_sets = a->nr_sets;
	if (wl_today(&o.ctx.today, repo->cfg.tz, a->today) < 0) {
		ret = cli_usage_error(&cli_cmd_import,
				      "--today takes a date, YYYY-MM-DD, not '%s'",
				      a->today);
		goto done;
	}
	if ((ret = read_input(&buf, &len, file, !strcmp(kind, "csv") ?
					       WL_CSV_MAX_BYTES :
					       WL_TRELLO_MAX_BYTES)))
		goto done;
	if (!strcmp(kind, "csv"))
		ret = read_csv(&rows, buf, len, file, o.type, a);
	else if (wl_import_trello(&rows, buf, len, file, o.type, &o.ctx,
				  o.lang, a->archived, &err) < 0)
		ret = cli_error("import: %s", err);
	if (ret)
		goto done;
	if (!opts->quiet)
		print_unmapped(&rows);
	if (wl_import_prepare(&plan, repo, &rows, &o, &err) < 0) {
		ret = cli_error("import: %s", err);
		goto done;
	}
	if (plan.problems.nr) {
		ret = print_problems(opts, &plan, rows.nr);
		goto done;
	}
	if (!a->dry_run && wl_import_write(&plan, repo->root, &err) < 0) {
		ret = cli_error("import: %s", err);
		goto done;
	}
	print_plan(opts, &plan, &rows, a->dry_run);
	summary(opts, file, &rows, a->dry_run);
done:
	free(buf);
	free(err);
	wl_import_plan_release(&plan);
	wl_import_rows_release(&rows);
	return ret;
}

/* What the arguments must be, before anything is read. */
static int check_args(const struct cli_parse *p, const struct cli_opts *opts,
		      const struct import_args *a)
{
	const char *kind = p->nargs ? p->args[0] : NULL;

	if (!kind || (strcmp(kind, "csv") && strcmp(kind, "trello")))
		return cli_usage_error(&cli_cmd_import,
				       kind ? "import reads csv or trello, not '%s'" :
					      "import needs csv or trello%s",
				       kind ? kind : "");
	if (p->nargs != 2)
		return cli_usage_error(&cli_cmd_import,
				       "import %s takes one FILE", kind);
	if (!a->type)
		return cli_usage_error(&cli_cmd_import,
				       "import needs --type TYPE: the record type of the rows");
	if (a->nr_maps && strcmp(kind, "csv"))
		return cli_usage_error(&cli_cmd_import,
				       "--map is for csv; a Trello card's parts go to fixed fields");
	if (a->archived && strcmp(kind, "trello"))
		return cli_usage_error(&cli_cmd_import,
				       "--include-archived is for trello");
	if (opts->source != WL_SOURCE_WORKTREE)
		return cli_usage_error(&cli_cmd_import,
				       "import writes into the working tree; --staged and --rev do not apply");
	return 0;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct import_args a;
	struct wl_repo *repo = NULL;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	int r, ret = 0;

	memset(&a, 0, sizeof(a));
	cli_parse_init(&p, &cli_cmd_import, opts, argc, argv);
	while (!ret && (r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_TYPE: a.type = v; break;
		case OPT_DRY_RUN: a.dry_run = 1; break;
		case OPT_ARCHIVED: a.archived = 1; break;
		case OPT_TODAY: a.today = v; break;
		default: ret = add_arg(&a, o->id, v); break;
		}
	}
	if (ret)
		goto done;
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if ((ret = check_args(&p, opts, &a)) || (ret = cli_open_repo(&repo, opts)))
		goto done;
	ret = import(opts, repo, p.args[0], p.args[1], &a);
done:
	import_args_release(&a);
	cli_parse_release(&p);
	wl_repo_free(repo);
	return ret;
}

const struct cli_command cli_cmd_import = {
	"import", run, "bring records in from a spreadsheet's CSV or a Trello board",
	usage,
	"Makes one record of type TYPE per row of a CSV export (Excel, Google\n"
	"Sheets, Asana; UTF-8, with or without a BOM, any line ends, the\n"
	"separator of its header line) or per card of a Trello board export.\n"
	"A CSV column goes to the field --map names, else to the field its\n"
	"header names: the field's own name, or a common header such as\n"
	"负责人/Assignee (owner), 状态/Status/Section/Column (status),\n"
	"截止日期/Due Date (due), 创建日期/Created At (created), 标题/Name\n"
	"(title), 优先级/Priority, 标签/Tags, 描述/备注/Notes (the body).\n"
	"Values are read as their field wants them: people by roster id,\n"
	"email or name; dates as 2026-11-30, 2026/11/30 or 2026年11月30日;\n"
	"common words for enum values (进行中, 已完成, To Do, Done...), others\n"
	"by --map-value; lists split at commas. A Trello card's list is its\n"
	"status, its members its owner, its labels its tags, its checklists\n"
	"and comments go into the body; archived cards are left out.\n"
	"\n"
	"Records get ids and paths as `worklog new` gives them, with more\n"
	"random digits in ids when there are more than 4,096 rows. Every record\n"
	"is checked as `worklog validate` would check it, and against the\n"
	"other records (ids, references, the roster) before anything is\n"
	"written: if any row cannot be imported, each problem is printed as\n"
	"FILE:ROW: MESSAGE (ROW as the spreadsheet counts, the header being\n"
	"row 1), nothing is written and the exit status is 1. An existing file\n"
	"is never overwritten. --dry-run prints each record it would write.\n",
	options, CLI_OUT_ACTIONS,
	"Exit status: 0 when every record was written (or would be, with\n"
	"--dry-run); 1 when rows cannot be imported (nothing is written); 2\n"
	"for a usage or configuration error, a file that cannot be read or\n"
	"parsed, or a record that cannot be written.\n",
};
