/*
 * worklog merge BASE OURS THEIRS [PATH]: git's merge driver for records
 * (merge.worklog.driver = worklog merge %O %A %B %P). The work is
 * merge.h's; this file reads the three files git names, writes the
 * result over OURS and says what conflicted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "merge.h"
#include "util.h"

#include "../banned.h"

static const char *const usage[] = { "BASE OURS THEIRS [PATH]", NULL };

/*
 * Reads one of the files git names: a regular file (not through a
 * link), at most `max` bytes as a record is. Returns 0 or CLI_TROUBLE.
 */
static int read_input(char **buf, size_t *len, const char *name, size_t max)
{
	const char *why;
	int r = wl_read_at(buf, len, AT_FDCWD, name, WL_READ_NOFOLLOW, max,
			   &why);

	if (r == WL_READ_TOO_BIG)
		return cli_error("merge: '%s' is %zu bytes, more than the limit of %zu; not merged",
				 name, *len, max);
	if (r < 0)
		return cli_error("merge: cannot read '%s': %s", name, why);
	return 0;
}

/*
 * Writes the result over OURS, the one file a merge driver writes: into
 * a new file beside it, with its mode, renamed over it once complete, so
 * that a failed write leaves ours as it was rather than half merged.
 */
static int write_ours(const char *name, const struct wl_buf *b)
{
	char *tmp = wl_xprintf("%s.worklog-XXXXXX", name);
	struct stat st;
	size_t off = 0;
	int fd = -1, ret = CLI_TROUBLE;

	errno = 0;
	if (lstat(name, &st) < 0 || !S_ISREG(st.st_mode)) {
		cli_error("merge: cannot write '%s': %s", name,
			  errno ? strerror(errno) : "not a regular file");
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, st.st_mode & 07777) < 0) {
		cli_error("merge: cannot write beside '%s': %s", name,
			  strerror(errno));
		goto done;
	}
	while (off < b->len) {
		ssize_t n = write(fd, b->buf + off, b->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			cli_error("merge: cannot write '%s': %s", tmp,
				  n < 0 ? strerror(errno) : "nothing written");
			goto done;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 || rename(tmp, name) < 0) {
		fd = -1;
		cli_error("merge: cannot write '%s': %s", name,
			  strerror(errno));
		goto done;
	}
	fd = -1;
	ret = 0;
done:
	if (fd >= 0)
		close(fd);
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_merge_result res = WL_MERGE_RESULT_INIT;
	struct wl_git_text in[3];
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v, *path;
	char *buf[3] = { NULL, NULL, NULL }, *err = NULL, *cwd = NULL;
	size_t len[3], max = WL_FILE_BYTES_DEFAULT, i;
	int r, ret = CLI_OK;

	cli_parse_init(&p, &cli_cmd_merge, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0)
		;
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (p.nargs < 3 || p.nargs > 4) {
		ret = cli_usage_error(&cli_cmd_merge,
				      "merge: takes BASE OURS THEIRS and the file's PATH");
		goto done;
	}
	path = p.nargs == 4 ? p.args[3] : p.args[1];
	/* git runs the driver at the top of the working tree: its worklog
	 * configuration sets the limits and the types, when it has one. */
	cwd = getcwd(NULL, 0);
	ro.dir = cwd;
	ro.config_file = opts->config;
	if (cwd && wl_repo_open(&repo, &ro, &diags, &err) == 0)
		max = wl_source_max_bytes(repo->src);
	for (i = 0; i < 3 && !ret; i++) {
		ret = read_input(&buf[i], &len[i], p.args[i], max);
		in[i].buf = buf[i];
		in[i].len = len[i];
	}
	if (ret)
		goto done;
	free(err);
	err = NULL;
	if (wl_merge(&res, &in[0], &in[1], &in[2], repo, path, &err) < 0) {
		ret = cli_error("merge: %s: %s", path, err);
		goto done;
	}
	ret = write_ours(p.args[1], &res.text);
	if (ret)
		goto done;
	if (res.by_lines && !opts->quiet)
		cli_error("merge: %s: merged by lines: %s", path, res.why_lines);
	for (i = 0; i < res.conflicts.nr; i++)
		cli_error("merge: conflict in %s: %s", path, res.conflicts.v[i]);
	ret = res.conflicts.nr ? CLI_FINDINGS : CLI_OK;
done:
	for (i = 0; i < 3; i++)
		free(buf[i]);
	free(err);
	free(cwd);
	wl_merge_result_release(&res);
	wl_diags_release(&diags);
	wl_repo_free(repo);
	cli_parse_release(&p);
	return ret;
}

const struct cli_command cli_cmd_merge = {
	"merge", run, "git's merge driver: merge a record field by field", usage,
	"Merges OURS and THEIRS, two versions of a record, from BASE, their\n"
	"common ancestor, and writes the result over OURS: the merge driver\n"
	"git runs as merge.worklog.driver = worklog merge %O %A %B %P (set\n"
	"up by `worklog hooks install`). PATH is the file's path, which its\n"
	"record type and so its x-transitions go by.\n"
	"\n"
	"The front matter is merged key by key: a value changed on one side\n"
	"takes that change, lists merge the items each side added and\n"
	"removed, and a value changed differently on both sides is a\n"
	"conflict, with git's markers around that field only; so is a merged\n"
	"status change that x-transitions forbids. The rest of ours, its key\n"
	"order, comments and formatting, stays as it was. The body is merged\n"
	"by git's line merge. A file that is not a record is merged by lines,\n"
	"as git would.\n"
	"\n"
	"It prints nothing on stdout: git reads the file it wrote and its\n"
	"exit status, and its messages go to stderr; so it takes no\n"
	"--format but text.\n",
	NULL, CLI_OUT_DRIVER,
	"Exit status: 0 merged cleanly, 1 conflicts (each named on stderr;\n"
	"the record does not validate until they are resolved), 2 trouble.\n",
};
