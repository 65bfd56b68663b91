/*
 * worklog diff [REV [REV]] [--staged] [--stat] [-- PATH...]: what changed
 * between two versions of the records, record by record (the work is
 * diff.h's; this file picks the versions, parses and prints), and
 * `worklog diff --textconv FILE`, git's textconv filter.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diff.h"
#include "git.h"
#include "util.h"

#include "../banned.h"

enum { OPT_STAT = 1, OPT_TEXTCONV, OPT_STATS };

static const struct cli_opt options[] = {
	{ OPT_STAT, CLI_OPT_FLAG, "stat", 0, NULL, NULL, NULL, 0, NULL,
	  "one line per changed file and a summary" },
	{ OPT_TEXTCONV, CLI_OPT_FLAG, "textconv", 0, NULL, NULL, NULL, 0, NULL,
	  "print FILE normalised, for git's diff.worklog.textconv" },
	{ OPT_STATS, CLI_OPT_FLAG, "stats", 0, NULL, NULL, NULL, 0, NULL,
	  "print the files read and the time of each phase on stderr" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"[--staged] [--stat] [OPTIONS] [REV [REV]] [-- PATH...]",
	"[--stat] [OPTIONS] REV..REV [-- PATH...]",
	"--textconv FILE",
	NULL,
};

/* The two versions compared, as sources to open. */
struct versions {
	enum wl_source_kind from_kind, to_kind;
	const char *from_rev, *to_rev;
	char *revs[2];              /* owned: the sides of A..B */
	size_t nrevs;
	struct wl_strlist paths;    /* as given */
};

static void add_rev(struct versions *v, const char *rev)
{
	v->revs[v->nrevs++] = wl_xstrdup(*rev ? rev : "HEAD");
}

/*
 * Sorts the arguments into revisions and paths as git diff does: before
 * "--", an argument that names a commit is a revision (at most two, or
 * one A..B), the rest are paths.
 */
static int split_args(struct versions *v, struct cli_parse *p,
		      const char *rev_opt, struct wl_git *git)
{
	size_t i, before = p->dashdash ? p->dashdash_at : p->nargs;
	int paths = 0;

	if (rev_opt)
		add_rev(v, rev_opt);
	for (i = 0; i < p->nargs; i++) {
		const char *a = p->args[i], *dots = strstr(a, "..");
		struct wl_oid id;
		char *err = NULL;

		if (paths || i >= before) {
			wl_strlist_take(&v->paths, wl_xstrdup(a));
			continue;
		}
		if (dots && dots[2] != '.' && v->nrevs == 0) {
			char *left = wl_xstrndup(a, (size_t)(dots - a));

			add_rev(v, left);
			add_rev(v, dots + 2);
			free(left);
			continue;
		}
		if (v->nrevs < 2 && !dots && git &&
		    !wl_git_resolve(&id, git, a, &err)) {
			add_rev(v, a);
			continue;
		}
		free(err);
		if (!p->dashdash && access(a, F_OK) < 0)
			return cli_usage_error(&cli_cmd_diff,
					       "diff: '%s' is neither a revision nor a path in the working tree",
					       a);
		paths = 1;
		wl_strlist_take(&v->paths, wl_xstrdup(a));
	}
	return 0;
}

/* git diff's defaults: which two versions the arguments mean. */
static int pick_versions(struct versions *v, int staged)
{
	if (v->nrevs == 2 && staged)
		return cli_usage_error(&cli_cmd_diff,
				       "diff: --staged takes at most one revision");
	if (v->nrevs == 2) {
		v->from_kind = v->to_kind = WL_SOURCE_REV;
		v->from_rev = v->revs[0];
		v->to_rev = v->revs[1];
	} else if (v->nrevs == 1) {
		v->from_kind = WL_SOURCE_REV;
		v->from_rev = v->revs[0];
		v->to_kind = staged ? WL_SOURCE_INDEX : WL_SOURCE_WORKTREE;
	} else if (staged) {
		v->from_kind = WL_SOURCE_REV;
		v->from_rev = "HEAD";
		v->to_kind = WL_SOURCE_INDEX;
	} else {
		v->from_kind = WL_SOURCE_INDEX;
		v->to_kind = WL_SOURCE_WORKTREE;
	}
	return 0;
}

/* Opens the old version; HEAD without a commit yet is the empty tree. */
static int open_from(struct wl_source **out, const struct versions *v,
		     struct wl_repo *repo, struct wl_git *git, char **err)
{
	struct wl_oid head, empty;

	if (v->from_kind == WL_SOURCE_REV && !strcmp(v->from_rev, "HEAD") &&
	    git && wl_git_head(&head, git, err) == 1) {
		wl_oid_parse(&empty, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
		return wl_source_open_tree(out, git, &empty, "HEAD", err);
	}
	return wl_source_open(out, v->from_kind, repo->root, v->from_rev, err);
}

static void print_stats(const struct wl_diff *d)
{
	fprintf(stderr,
		"diff: %zu files differ, %zu versions read and parsed, %zu renamed by id, %zu by content\n"
		"diff: list %.3fs, read and parse %.3fs, compare %.3fs\n",
		d->stats.files, d->stats.blobs, d->stats.renames_by_id,
		d->stats.renames_by_content, d->stats.list_secs,
		d->stats.parse_secs, d->stats.compare_secs);
}

static int run_diff(struct cli_parse *p, struct cli_opts *opts, int stat,
		    int stats)
{
	struct versions v = { 0 };
	struct wl_repo *repo = NULL;
	struct wl_source *from = NULL;
	struct wl_git *git = NULL;
	struct wl_diff d = WL_DIFF_INIT;
	struct wl_diff_opts o = { NULL, 0 };
	char **rel = NULL, *err = NULL;
	int ret, staged = opts->source == WL_SOURCE_INDEX;
	size_t i;

	v.paths = (struct wl_strlist)WL_STRLIST_INIT;
	if (wl_git_open(&git, NULL, &err) < 0) {
		ret = cli_error("diff: %s", err);
		goto done;
	}
	ret = split_args(&v, p, opts->source == WL_SOURCE_REV ? opts->rev :
								NULL,
			 git);
	if (!ret)
		ret = pick_versions(&v, staged);
	if (ret)
		goto done;
	/* The configuration and types of the newer version judge both. */
	opts->source = v.to_kind;
	opts->rev = v.to_rev;
	ret = cli_open_repo(&repo, opts);
	if (ret)
		goto done;
	rel = wl_xcalloc(v.paths.nr + 1, sizeof(*rel));
	for (i = 0; i < v.paths.nr; i++) {
		if (wl_repo_relative(&rel[i], repo, opts->cwd, v.paths.v[i],
				     &err) < 0) {
			ret = cli_error("diff: %s", err);
			goto done;
		}
	}
	o.paths = (const char *const *)rel;
	o.paths_nr = v.paths.nr;
	if (open_from(&from, &v, repo, git, &err) < 0 ||
	    wl_diff_sources(&d, repo, from, repo->src, &o, &err) < 0) {
		ret = cli_error("diff: %s", err);
		goto done;
	}
	if (opts->format == CLI_FORMAT_JSON)
		cli_diff_json(stdout, &d);
	else if (opts->format == CLI_FORMAT_MARKDOWN)
		cli_diff_markdown(stdout, &d);
	else
		cli_diff_text(stdout, &d, opts->color, stat);
	if (stats) {
		fflush(stdout);
		print_stats(&d);
	}
	ret = d.nr ? CLI_FINDINGS : CLI_OK;
done:
	for (i = 0; rel && i < v.paths.nr; i++)
		free(rel[i]);
	free(rel);
	free(err);
	free(v.revs[0]);
	free(v.revs[1]);
	wl_strlist_release(&v.paths);
	wl_diff_release(&d);
	wl_source_free(from);
	wl_repo_free(repo);
	wl_git_free(git);
	return ret;
}

/*
 * git runs the textconv filter with one file, its own temporary copy
 * or the working-tree file, from the top of the working tree. The
 * repository's record types order the keys when it has them; without a
 * worklog repository the file is rendered in its own order.
 */
static int run_textconv(const char *file, struct cli_opts *opts)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_buf out = WL_BUF_INIT;
	size_t len, max = WL_FILE_BYTES_DEFAULT;
	const char *why;
	char *buf = NULL, *err = NULL, *cwd = getcwd(NULL, 0);
	int r, ret = CLI_OK;

	ro.dir = cwd;
	ro.config_file = opts->config;
	if (cwd && wl_repo_open(&repo, &ro, &diags, &err) == 0)
		max = wl_source_max_bytes(repo->src);
	/*
	 * Every file goes through the bounded reader, a record or not: no
	 * more than the configured file-bytes, and only a regular file (a
	 * FIFO would block git waiting for a writer). git stops on a filter
	 * that fails, and says which file; --no-textconv shows it as it is.
	 */
	r = wl_read_at(&buf, &len, AT_FDCWD, file, 0, max, &why);
	if (r == WL_READ_TOO_BIG) {
		ret = cli_error("diff: '%s' is %zu bytes, more than the limit of %zu (limits: file-bytes); not converted",
				file, len, max);
		goto done;
	}
	if (r < 0) {
		ret = cli_error("diff: cannot read '%s': %s", file, why);
		goto done;
	}
	wl_textconv(&out, repo, file, buf, len);
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
done:
	wl_buf_release(&out);
	wl_diags_release(&diags);
	wl_repo_free(repo);
	free(err);
	free(cwd);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	int r, ret, stat = 0, textconv = 0, stats = 0;

	cli_parse_init(&p, &cli_cmd_diff, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_STAT:
			stat = 1;
			break;
		case OPT_TEXTCONV:
			textconv = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		}
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (textconv) {
		if (p.nargs != 1)
			ret = cli_usage_error(&cli_cmd_diff,
					      "diff: --textconv takes exactly one FILE");
		else
			ret = run_textconv(p.args[0], opts);
		goto done;
	}
	if (stat && opts->format != CLI_FORMAT_TEXT) {
		ret = cli_usage_error(&cli_cmd_diff,
				      "diff: --stat is a text format; leave out --format");
		goto done;
	}
	ret = run_diff(&p, opts, stat, stats);
done:
	cli_parse_release(&p);
	return ret;
}

const struct cli_command cli_cmd_diff = {
	"diff", run, "compare records between revisions, field by field", usage,
	"Shows what changed between two versions of the records, record by\n"
	"record, with git diff's defaults: no revision compares the index\n"
	"with the working tree (every file there, as worklog reads it);\n"
	"--staged (--cached) HEAD, or REV, with the index; one REV that\n"
	"commit with the working tree; two, or A..B, the two commits. PATHs\n"
	"(files, folders or globs) limit it to those files.\n"
	"\n"
	"Each changed file is added, removed, renamed (found by the type's\n"
	"x-id, then by git's rename detection) or modified, with every\n"
	"changed front-matter value as a path (status: doing → done,\n"
	"kpis[1].actual: 87 → 93), the items added to a list (tags[+]: perf)\n"
	"or removed from it (tags[-]: web), a key added (due: + 2026-12-01)\n"
	"or removed (due: - 2026-12-01), and the body sections added, removed\n"
	"or changed with their lines (## 进展: +3 -1). A file that is not a\n"
	"record, or can no longer be read as one, is reported as such, with\n"
	"the reason. The configuration and record types of the newer version\n"
	"judge both.\n"
	"\n"
	"--format json prints an array of {\"path\", \"old_path\", \"id\",\n"
	"\"type\", \"old_type\", \"change\", \"similarity\", \"kind\", \"old_kind\",\n"
	"\"error\", \"old_error\", \"fields\": [{\"path\", \"change\", \"old\",\n"
	"\"new\"}], \"sections\": [{\"heading\", \"level\", \"change\", \"added\",\n"
	"\"removed\"}]}: a field's change is changed, added, removed,\n"
	"item-added (\"new\" is the item) or item-removed (\"old\" is the item).\n"
	"--format markdown prints a change summary for a pull request.\n"
	"\n"
	"--textconv FILE prints FILE for git's diff.worklog.textconv: its\n"
	"front matter one value a line (PATH: VALUE), keys in the order of\n"
	"its type's schema, then its body; other files as they are. A file\n"
	"over limits: file-bytes, or not a regular file, is refused (exit 2).\n"
	"`worklog hooks install` sets it up.\n",
	options, CLI_OUT_DIFF,
	"Exit status as diff(1): 0 when nothing differs, 1 when something\n"
	"does, 2 on trouble.\n",
};
