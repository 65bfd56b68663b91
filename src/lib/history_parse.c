/*
 * Reading and parsing the blobs a history batch lacks, in parallel:
 * parsing a record (YAML, its type, the schema's marks) is the work of a
 * walk that grows with the blobs, and it needs nothing shared but the
 * read-only rules. Each thread reads its blobs through a repository of
 * its own, as libgit2 objects must not be shared between threads; what
 * the threads write is only their blobs' texts, and the cache (SQLite,
 * one connection) is written afterwards by the calling thread.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history_impl.h"

#include "../banned.h"

/* Below this many blobs, starting threads costs more than it saves. */
#define MIN_PER_THREAD 16
#define MAX_THREADS 8

struct hist_workers {
	struct wl_git *git[MAX_THREADS];  /* [0] unused: the caller's */
	unsigned nr;                       /* opened so far, [1, nr) */
	int failed;                        /* a repository did not open */
};

struct job {
	struct hist *h;
	struct blob **todo;
	size_t nr;
	atomic_size_t next;
	pthread_mutex_t lock;
	char *err;                  /* the first failure */
};

struct worker {
	struct job *job;
	struct wl_git *git;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->job;
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->nr) {
		struct blob *x = j->todo[i];
		char *buf, *msg = NULL;
		size_t len;
		int r = wl_git_read_blob(w->git, &x->oid,
					 wl_source_max_bytes(j->h->repo->src),
					 &buf, &len, &msg);

		if (r == WL_READ_TOO_BIG) {
			/* Not read: no facts, as for a record without front
			 * matter (wl_version_parse). */
			free(msg);
			continue;
		}
		if (r < 0) {
			pthread_mutex_lock(&j->lock);
			if (!j->err)
				j->err = msg;
			else
				free(msg);
			pthread_mutex_unlock(&j->lock);
			/* Stop everyone: the walk fails. */
			atomic_store(&j->next, j->nr);
			break;
		}
		wl_version_facts_text(&x->text, j->h->repo, x->path, buf, len);
	}
	return NULL;
}

/* How many threads `nr` blobs deserve. */
static unsigned threads_for(const struct hist *h, size_t nr)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = h->threads_wanted ? h->threads_wanted :
					 cpus > 0 ? (unsigned)cpus : 1;

	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if (n > nr / MIN_PER_THREAD)
		n = (unsigned)(nr / MIN_PER_THREAD);
	return n ? n : 1;
}

/* Opens repositories for threads 1 .. n-1; returns how many threads have
 * one (the caller's counts). */
static unsigned open_workers(struct hist *h, unsigned n)
{
	struct hist_workers *ws = h->workers;
	const char *where = wl_git_workdir(h->git) ? wl_git_workdir(h->git) :
						     wl_git_gitdir(h->git);

	if (!ws) {
		ws = h->workers = wl_xcalloc(1, sizeof(*ws));
		ws->nr = 1;
	}
	while (ws->nr < n && !ws->failed) {
		char *err = NULL;

		/* Not fatal: fewer threads do the same work. */
		if (wl_git_open(&ws->git[ws->nr], where, &err) < 0) {
			free(err);
			ws->failed = 1;
			break;
		}
		ws->nr++;
	}
	return n < ws->nr ? n : ws->nr;
}

int wl_hist_parse(struct hist *h, struct batch *b, char **err)
{
	struct job j;
	struct worker w[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	unsigned n, started = 1, t;
	size_t i, k = 0;
	int ret = 0;

	memset(&j, 0, sizeof(j));
	j.h = h;
	j.todo = wl_xcalloc(b->to_parse + 1, sizeof(*j.todo));
	for (i = 0; i < b->nr; i++)
		if (!b->blobs[i].have && k < b->to_parse)
			j.todo[k++] = &b->blobs[i];
	j.nr = k;
	atomic_init(&j.next, 0);
	pthread_mutex_init(&j.lock, NULL);
	n = threads_for(h, j.nr);
	if (n > 1)
		n = open_workers(h, n);
	for (t = 1; t < n; t++) {
		w[t].job = &j;
		w[t].git = h->workers->git[t];
		if (pthread_create(&tid[t], NULL, work, &w[t]) != 0)
			break;
		started++;
	}
	w[0].job = &j;
	w[0].git = h->git;
	work(&w[0]);
	for (t = 1; t < started; t++)
		pthread_join(tid[t], NULL);
	if (started > h->threads_used)
		h->threads_used = started;
	if (j.err) {
		*err = j.err;
		ret = -1;
	}
	for (i = 0; i < j.nr && !ret; i++)
		wl_hist_blob_parsed(h, j.todo[i]);
	b->to_parse = 0;
	pthread_mutex_destroy(&j.lock);
	free(j.todo);
	return ret;
}

void wl_hist_parse_release(struct hist *h)
{
	unsigned i;

	if (!h->workers)
		return;
	for (i = 1; i < h->workers->nr; i++)
		wl_git_free(h->workers->git[i]);
	free(h->workers);
	h->workers = NULL;
}
