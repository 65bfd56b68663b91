/*
 * worklog help [--options|--commands] [COMMAND]: the help of worklog or
 * of a command, and the option tables themselves, for the man pages and
 * shell completion that are generated from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "init.h"
#include "repo.h"
#include "util.h"

#include "../banned.h"

enum { OPT_OPTIONS = 1, OPT_COMMANDS, OPT_TYPES };

static const struct cli_opt options[] = {
	{ OPT_OPTIONS, CLI_OPT_FLAG, "options", 0, NULL, NULL, NULL, 0, NULL,
	  "list the options of every command (or of COMMAND), one per line" },
	{ OPT_COMMANDS, CLI_OPT_FLAG, "commands", 0, NULL, NULL, NULL, 0, NULL,
	  "list the commands, one per line" },
	{ OPT_TYPES, CLI_OPT_FLAG, "types", 0, NULL, NULL, NULL, 0, NULL,
	  "list the record types of the repository here, one per line" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"[COMMAND]",
	"--options [COMMAND]",
	"--commands",
	"--types",
	NULL,
};

/* The fields of one option row, as the dump shows them. */
struct row {
	struct wl_buf lng, shrt;       /* "--staged", "-q"; may be empty */
	struct wl_buf alias_of;        /* "--staged" */
	struct wl_buf same_as;         /* "--color=never" */
	const char *alone;             /* the value of a bare --color */
	int hidden;
	const char *choices[16];
	size_t nchoices;
};
#define ROW_INIT { WL_BUF_INIT, WL_BUF_INIT, WL_BUF_INIT, WL_BUF_INIT, \
		   NULL, 0, { NULL }, 0 }

/* The row an alias or a switch stands for: the nearest row above with
 * the same id that is neither. */
static const struct cli_opt *main_row(const struct cli_opt *t,
				      const struct cli_opt *o)
{
	const struct cli_opt *p;

	for (p = o; p >= t; p--)
		if (p->id == o->id &&
		    !(p->marks & CLI_OPT_ALIAS) && p->kind != CLI_OPT_SWITCH)
			return p;
	return o;
}

static void row_fill(struct row *r, const struct cli_command *cmd,
		     const struct cli_opt *t, const struct cli_opt *o)
{
	const struct cli_opt *m = main_row(t, o);

	if (o->name)
		wl_buf_addf(&r->lng, "--%s", o->name);
	if (o->letter)
		wl_buf_addf(&r->shrt, "-%c", o->letter);
	r->nchoices = cli_opt_choices(r->choices, 16, cmd, o);
	r->hidden = !!(o->marks & CLI_OPT_HIDDEN);
	if (m != o && (o->marks & CLI_OPT_ALIAS))
		wl_buf_addf(&r->alias_of, "--%s", m->name);
	if (m != o && o->kind == CLI_OPT_SWITCH)
		wl_buf_addf(&r->same_as, "--%s=%s", m->name, o->implied);
	if (o->kind == CLI_OPT_OPTIONAL)
		r->alone = o->implied;
}

static void row_release(struct row *r)
{
	wl_buf_release(&r->lng);
	wl_buf_release(&r->shrt);
	wl_buf_release(&r->alias_of);
	wl_buf_release(&r->same_as);
}

/* A missing field is "-", so that every line has nine fields. */
static const char *field(const char *s)
{
	return s && *s ? s : "-";
}

static void tsv_rows(struct wl_buf *b, const char *name,
		     const struct cli_command *cmd, const struct cli_opt *t)
{
	const struct cli_opt *o;
	size_t i;

	for (o = t; o && !cli_opt_is_end(o); o++) {
		struct row r = ROW_INIT;
		struct wl_buf marks = WL_BUF_INIT;

		row_fill(&r, cmd, t, o);
		wl_buf_addf(b, "%s\t%s\t%s\t%s\t%s\t%s\t", name,
			    field(o->group), field(wl_buf_cstr(&r.lng)),
			    field(wl_buf_cstr(&r.shrt)),
			    cli_opt_kind_name(o->kind), field(o->value_name));
		for (i = 0; i < r.nchoices; i++)
			wl_buf_addf(b, "%s%s", i ? "|" : "", r.choices[i]);
		if (r.hidden)
			wl_buf_addstr(&marks, "hidden");
		if (r.alias_of.len)
			wl_buf_addf(&marks, "%salias-of=%s",
				    marks.len ? "," : "", r.alias_of.buf);
		if (r.same_as.len)
			wl_buf_addf(&marks, "%ssame-as=%s",
				    marks.len ? "," : "", r.same_as.buf);
		if (r.alone)
			wl_buf_addf(&marks, "%salone=%s", marks.len ? "," : "",
				    r.alone);
		wl_buf_addf(b, "%s\t%s\t%s\n", r.nchoices ? "" : "-",
			    field(wl_buf_cstr(&marks)), o->help);
		wl_buf_release(&marks);
		row_release(&r);
	}
}

static void json_str(struct wl_buf *b, const char *s)
{
	if (s && *s)
		wl_buf_add_json_string(b, s, strlen(s));
	else
		wl_buf_addstr(b, "null");
}

static void json_member(struct wl_buf *b, const char *name, const char *s)
{
	wl_buf_addf(b, ", \"%s\": ", name);
	json_str(b, s);
}

static void json_rows(struct wl_buf *b, const struct cli_command *cmd,
		      const struct cli_opt *t, int *n)
{
	const struct cli_opt *o;
	size_t i;

	for (o = t; o && !cli_opt_is_end(o); o++) {
		struct row r = ROW_INIT;

		row_fill(&r, cmd, t, o);
		wl_buf_addstr(b, (*n)++ ? ",\n    {\"long\": " : "\n    {\"long\": ");
		json_str(b, wl_buf_cstr(&r.lng));
		json_member(b, "short", wl_buf_cstr(&r.shrt));
		json_member(b, "kind", cli_opt_kind_name(o->kind));
		json_member(b, "value", o->value_name);
		wl_buf_addstr(b, ", \"choices\": [");
		for (i = 0; i < r.nchoices; i++) {
			wl_buf_addstr(b, i ? ", " : "");
			json_str(b, r.choices[i]);
		}
		wl_buf_addch(b, ']');
		json_member(b, "group", o->group);
		wl_buf_addf(b, ", \"hidden\": %s", r.hidden ? "true" : "false");
		json_member(b, "alias_of", wl_buf_cstr(&r.alias_of));
		json_member(b, "same_as", wl_buf_cstr(&r.same_as));
		json_member(b, "alone", r.alone);
		json_member(b, "help", o->help);
		wl_buf_addch(b, '}');
		row_release(&r);
	}
}

static void json_command(struct wl_buf *b, const struct cli_command *c)
{
	const struct cli_format_spec *f;
	size_t i;
	int n = 0;

	wl_buf_addstr(b, "{\"name\": ");
	json_str(b, c->name);
	json_member(b, "summary", c->summary);
	wl_buf_addstr(b, ", \"usage\": [");
	for (i = 0; c->usage[i]; i++) {
		wl_buf_addstr(b, i ? ", " : "");
		json_str(b, c->usage[i]);
	}
	wl_buf_addstr(b, "], \"formats\": [");
	for (f = cli_formats; f->name; f++)
		if (f->prints & c->prints) {
			wl_buf_addstr(b, n++ ? ", " : "");
			json_str(b, f->name);
		}
	wl_buf_addstr(b, "], \"options\": [");
	n = 0;
	json_rows(b, c, c->options, &n);
	json_rows(b, c, cli_common_options, &n);
	wl_buf_addstr(b, "]}");
}

/*
 * The option tables: in text, one tab-separated line per row (COMMAND
 * GROUP LONG SHORT KIND VALUE CHOICES MARKS HELP, "-" for none; COMMAND
 * "worklog" for the options before a command); in JSON, one object.
 */
static void dump(const struct cli_opts *opts, const struct cli_command *only)
{
	const struct cli_command *const *c;
	struct wl_buf b = WL_BUF_INIT;
	int n = 0;

	if (opts->format == CLI_FORMAT_JSON) {
		wl_buf_addstr(&b, "{\"options\": [");
		json_rows(&b, NULL, cli_common_options, &n);
		wl_buf_addstr(&b, "],\n \"commands\": [");
	} else if (!only) {
		tsv_rows(&b, "worklog", NULL, cli_common_options);
	}
	for (c = cli_commands; *c; c++) {
		if (only && *c != only)
			continue;
		if (opts->format == CLI_FORMAT_JSON) {
			wl_buf_addstr(&b, c == cli_commands || only ? "\n  " :
				      ",\n  ");
			json_command(&b, *c);
			continue;
		}
		tsv_rows(&b, (*c)->name, *c, (*c)->options);
		tsv_rows(&b, (*c)->name, *c, cli_common_options);
	}
	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, "\n]}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

/* The commands: NAME, the formats it prints (a|b), SUMMARY. */
static void list_commands(void)
{
	const struct cli_command *const *c;
	const struct cli_format_spec *f;

	for (c = cli_commands; *c; c++) {
		const char *sep = "";

		printf("%s\t", (*c)->name);
		for (f = cli_formats; f->name; f++)
			if (f->prints & (*c)->prints) {
				printf("%s%s", sep, f->name);
				sep = "|";
			}
		printf("\t%s\n", (*c)->summary);
	}
}

/*
 * The record types: the repository's (built-in and its own schemas) in
 * a records repository, else the built-in ones; one line NAME FILE (its
 * schema file), or a JSON object. For completion, which asks wherever
 * the user is: a configuration that does not load is validate's to
 * report, and the built-in types are listed then.
 */
static int list_types(const struct cli_opts *opts)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_schema_set *builtin = NULL;
	const struct wl_schema_set *set;
	struct wl_buf b = WL_BUF_INIT;
	char *cwd = getcwd(NULL, 0), *why = NULL;
	size_t i, n;

	ro.dir = cwd;
	ro.config_file = opts->config;
	if (cwd && wl_repo_open(&repo, &ro, &diags, &why) == 0)
		set = repo->schemas;
	else if (!(set = builtin = wl_builtin_types()))
		return cli_error("help: the built-in record types do not load");
	n = wl_schema_set_type_count(set);
	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, "{\"types\": [");
	for (i = 0; i < n; i++) {
		const struct wl_type *t = wl_schema_set_type_at(set, i);

		if (opts->format != CLI_FORMAT_JSON) {
			wl_buf_add_printable(&b, t->name, strlen(t->name));
			wl_buf_addch(&b, '\t');
			wl_buf_add_printable(&b, t->file, strlen(t->file));
			wl_buf_addch(&b, '\n');
			continue;
		}
		wl_buf_addstr(&b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		wl_buf_add_json_string(&b, t->name, strlen(t->name));
		wl_buf_addstr(&b, ", \"file\": ");
		wl_buf_add_json_string(&b, t->file, strlen(t->file));
		wl_buf_addch(&b, '}');
	}
	if (opts->format == CLI_FORMAT_JSON)
		wl_buf_addstr(&b, n ? "\n]}\n" : "]}\n");
	fwrite(b.buf ? b.buf : "", 1, b.len, stdout);
	wl_buf_release(&b);
	wl_schema_set_free(builtin);
	wl_repo_free(repo);
	wl_diags_release(&diags);
	free(why);
	free(cwd);
	return CLI_OK;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct cli_parse p;
	const struct cli_opt *o;
	const struct cli_command *cmd = NULL;
	const char *v;
	int r, ret = CLI_OK, want_options = 0, want_commands = 0,
	    want_types = 0;

	cli_parse_init(&p, &cli_cmd_help, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_OPTIONS:
			want_options = 1;
			break;
		case OPT_COMMANDS:
			want_commands = 1;
			break;
		case OPT_TYPES:
			want_types = 1;
			break;
		}
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (p.nargs > 1 || (want_commands && (p.nargs || want_options)) ||
	    (want_types && (p.nargs || want_options || want_commands))) {
		ret = cli_usage_error(&cli_cmd_help, "help: too many arguments");
		goto done;
	}
	if (p.nargs && !(cmd = cli_command_find(p.args[0]))) {
		ret = cli_error("'%s' is not a worklog command; see 'worklog --help'",
				p.args[0]);
		goto done;
	}
	if (want_types)
		ret = list_types(opts);
	else if (want_commands)
		list_commands();
	else if (want_options || opts->format == CLI_FORMAT_JSON)
		dump(opts, cmd);
	else
		cli_help(stdout, cmd);
done:
	cli_parse_release(&p);
	return ret;
}

const struct cli_command cli_cmd_help = {
	"help", run, "show the help of worklog or of a command", usage,
	"Shows the help of worklog, or of COMMAND (the same as 'worklog COMMAND\n"
	"--help'). --options prints the option tables that drive every\n"
	"command's parsing and help, for generating man pages and shell\n"
	"completion: one line per option with nine tab-separated fields,\n"
	"COMMAND GROUP LONG SHORT KIND VALUE CHOICES MARKS HELP (\"-\" when\n"
	"empty; COMMAND \"worklog\" for the options before a command; KIND flag,\n"
	"value, optional or switch; CHOICES a|b|c, the default first; MARKS\n"
	"hidden, alias-of=--NAME, same-as=--NAME=VALUE, alone=VALUE). With\n"
	"--format json, the same tables as one JSON object. --commands prints\n"
	"one line per command: NAME FORMATS SUMMARY. --types prints one line\n"
	"per record type of the records repository here (its schemas and the\n"
	"built-in ones; outside one, or when its configuration does not load,\n"
	"the built-in ones): NAME FILE, FILE being its schema (`worklog new\n"
	"TYPE` and `--type TYPE` take NAME).\n",
	options, CLI_OUT_HELP,
	"Exit status: 0, or 2 for an unknown command or a usage error.\n",
};
