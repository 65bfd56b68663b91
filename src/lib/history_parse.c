/*
 * Reading and parsing the blobs a history batch lacks, beside the walk.
 * Parsing a record (reading its blob, YAML, its type, the schema's marks)
 * is the work of a cold walk that grows with the blobs, and it needs
 * nothing shared but the read-only rules; so each blob the walk finds
 * missing is queued at once, and worker threads parse it while the
 * calling thread goes on comparing trees. At the end of a batch the
 * caller parses what is left itself, waits for the rest, and keeps the
 * results (the cache is one SQLite connection: only the caller writes
 * it).
 *
 * Each worker reads blobs through a repository of its own, as libgit2
 * objects must not be shared between threads. A job owns what a worker
 * touches (the blob id, its path, the text written); the batch's arrays,
 * which grow while workers run, are not touched by them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history_impl.h"

#include "../banned.h"

/* Workers start once a walk has this many blobs to parse: fewer cost
 * less parsed in place than a repository opened per thread. */
#define START_AFTER 32
#define MAX_THREADS 8

struct parse_job {
	struct wl_oid oid;
	const char *path;           /* a batch change's path: it stays put */
	size_t blob;                /* the blob's index in the batch */
	struct wl_buf text;
	char *err;
};

struct hist_workers {
	struct hist *h;
	pthread_mutex_t lock;
	pthread_cond_t more;        /* a job was queued, or stop */
	pthread_cond_t idle;        /* the last unfinished job finished */
	struct parse_job **q;       /* the batch's jobs */
	size_t q_nr, q_alloc, q_next;
	size_t unfinished;          /* taken or queued, not done */
	size_t seen;                /* jobs queued in the walk */
	int stop;
	unsigned started;           /* threads running */
	pthread_t tid[MAX_THREADS];
	struct wl_git *git[MAX_THREADS];
};

/* Reads and parses one job's blob with repository `git`. */
static void run_job(struct hist *h, struct wl_git *git, struct parse_job *j)
{
	char *buf;
	size_t len;
	int r = wl_git_read_blob(git, &j->oid,
				 wl_source_max_bytes(h->repo->src), &buf,
				 &len, &j->err);

	if (r == WL_READ_TOO_BIG) {
		/* Not read: no facts, as for a record without front matter
		 * (wl_version_parse). */
		free(j->err);
		j->err = NULL;
		return;
	}
	if (r < 0)
		return;
	wl_version_facts_text(&j->text, h->repo, j->path, buf, len);
}

/* Takes the next queued job, or NULL; the lock is held. */
static struct parse_job *take(struct hist_workers *w)
{
	return w->q_next < w->q_nr ? w->q[w->q_next++] : NULL;
}

static void done_one(struct hist_workers *w)
{
	pthread_mutex_lock(&w->lock);
	if (!--w->unfinished)
		pthread_cond_broadcast(&w->idle);
	pthread_mutex_unlock(&w->lock);
}

struct worker_arg {
	struct hist_workers *w;
	struct wl_git *git;
};

static void *work(void *arg)
{
	struct hist_workers *w = ((struct worker_arg *)arg)->w;
	struct wl_git *git = ((struct worker_arg *)arg)->git;
	struct parse_job *j;

	free(arg);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (!(j = take(w)) && !w->stop)
			pthread_cond_wait(&w->more, &w->lock);
		pthread_mutex_unlock(&w->lock);
		if (!j)
			return NULL;
		run_job(w->h, git, j);
		done_one(w);
	}
}

/* How many threads the walk may use, the caller's included. */
static unsigned threads_wanted(const struct hist *h)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = h->threads_wanted ? h->threads_wanted :
					 cpus > 0 ? (unsigned)cpus : 1;

	return n > MAX_THREADS ? MAX_THREADS : n;
}

/* Starts the workers: threads 1 .. n-1, each with its repository. A
 * repository or a thread that does not start leaves fewer workers, who do
 * the same work. */
static void start_workers(struct hist *h, struct hist_workers *w)
{
	const char *where = wl_git_workdir(h->git) ? wl_git_workdir(h->git) :
						     wl_git_gitdir(h->git);
	unsigned t, n = threads_wanted(h);

	for (t = 1; t < n; t++) {
		struct worker_arg *a;
		char *err = NULL;

		if (wl_git_open(&w->git[t], where, &err) < 0) {
			free(err);
			break;
		}
		a = wl_xmalloc(sizeof(*a));
		a->w = w;
		a->git = w->git[t];
		if (pthread_create(&w->tid[t], NULL, work, a) != 0) {
			free(a);
			wl_git_free(w->git[t]);
			w->git[t] = NULL;
			break;
		}
		w->started++;
	}
	if (1 + w->started > h->threads_used)
		h->threads_used = 1 + w->started;
}

static struct hist_workers *workers(struct hist *h)
{
	struct hist_workers *w = h->workers;

	if (w)
		return w;
	w = h->workers = wl_xcalloc(1, sizeof(*w));
	w->h = h;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	pthread_cond_init(&w->idle, NULL);
	return w;
}

void wl_hist_parse_queue(struct hist *h, struct batch *b, size_t blob)
{
	struct hist_workers *w = workers(h);
	struct parse_job *j = wl_xcalloc(1, sizeof(*j));

	j->oid = b->blobs[blob].oid;
	j->path = b->blobs[blob].path;
	j->blob = blob;
	pthread_mutex_lock(&w->lock);
	WL_ALLOC_GROW(w->q, w->q_nr + 1, w->q_alloc);
	w->q[w->q_nr++] = j;
	w->unfinished++;
	w->seen++;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
	if (!w->started && w->seen == START_AFTER && threads_wanted(h) > 1)
		start_workers(h, w);
}

int wl_hist_parse_finish(struct hist *h, struct batch *b, char **err)
{
	struct hist_workers *w = h->workers;
	struct parse_job *j;
	size_t i;
	int ret = 0;

	if (!w || !w->q_nr)
		return 0;
	/* Parse what no worker has taken, then wait for the rest. */
	for (;;) {
		pthread_mutex_lock(&w->lock);
		j = take(w);
		pthread_mutex_unlock(&w->lock);
		if (!j)
			break;
		run_job(h, h->git, j);
		done_one(w);
	}
	pthread_mutex_lock(&w->lock);
	while (w->unfinished)
		pthread_cond_wait(&w->idle, &w->lock);
	pthread_mutex_unlock(&w->lock);
	if (!h->threads_used)
		h->threads_used = 1;
	for (i = 0; i < w->q_nr; i++) {
		j = w->q[i];
		if (j->err && !ret) {
			*err = j->err;
			j->err = NULL;
			ret = -1;
		}
		if (!ret) {
			struct blob *x = &b->blobs[j->blob];

			wl_buf_release(&x->text);
			x->text = j->text;
			memset(&j->text, 0, sizeof(j->text));
			wl_hist_blob_parsed(h, x);
		}
		wl_buf_release(&j->text);
		free(j->err);
		free(j);
	}
	/* Under the lock: a worker reading q_next reset before q_nr would
	 * take a job just freed. */
	pthread_mutex_lock(&w->lock);
	w->q_nr = w->q_next = 0;
	pthread_mutex_unlock(&w->lock);
	return ret;
}

void wl_hist_parse_release(struct hist *h)
{
	struct hist_workers *w = h->workers;
	unsigned t;
	size_t i;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	/* A walk that stopped early wants none of the jobs not begun. */
	w->q_next = w->q_nr;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->lock);
	for (t = 1; t <= w->started; t++) {
		pthread_join(w->tid[t], NULL);
		wl_git_free(w->git[t]);
	}
	/* Jobs left by a walk that stopped early: none is running now. */
	for (i = 0; i < w->q_nr; i++) {
		wl_buf_release(&w->q[i]->text);
		free(w->q[i]->err);
		free(w->q[i]);
	}
	free(w->q);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->more);
	pthread_cond_destroy(&w->idle);
	free(w);
	h->workers = NULL;
}
