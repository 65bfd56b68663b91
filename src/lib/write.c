/* Writing files into a working tree (write.h). */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#include "../banned.h"

/*
 * Opens folder root/dir one component at a time without following
 * symbolic links, making the missing ones when `create`. Returns the
 * folder's descriptor, or -1 with errno set.
 */
static int open_dir(const char *root, const char *dir, size_t len,
		    int create, struct wl_strlist *made, int *created)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t i = 0;

	*created = 0;
	while (fd >= 0 && i < len) {
		size_t n = 0;
		char *name;
		int next, err;

		while (i + n < len && dir[i + n] != '/')
			n++;
		name = wl_xstrndup(dir + i, n);
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
						O_CLOEXEC);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, name, 0777) == 0) {
				*created = 1;
				if (made)
					wl_strlist_take(made,
							wl_xstrndup(dir, i + n));
			}
			next = openat(fd, name, O_RDONLY | O_DIRECTORY |
							O_NOFOLLOW | O_CLOEXEC);
		}
		err = errno;
		free(name);
		close(fd);
		errno = err;
		fd = next;
		i += n + 1;
	}
	return fd;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Creates `name` in folder `dfd` with the data; removed if unfinished. */
static int create_in(int dfd, const char *name, const void *data, size_t len)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					   O_CLOEXEC, 0666);
	int err;

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) < 0) {
		err = errno;
		close(fd);
		unlinkat(dfd, name, 0);
		errno = err;
		return -1;
	}
	if (close(fd) < 0) {
		err = errno;
		unlinkat(dfd, name, 0);
		errno = err;
		return -1;
	}
	return 0;
}

int wl_write_file(const char *root, const char *rel, const void *data,
		  size_t len, enum wl_write_mode mode, struct wl_strlist *made)
{
	const char *slash = strrchr(rel, '/'), *base = slash ? slash + 1 : rel;
	int dfd, created, ret = -1, err;
	char *tmp = NULL;

	if (!wl_path_is_safe(rel) || !*base) {
		errno = EINVAL;
		return -1;
	}
	dfd = open_dir(root, rel, slash ? (size_t)(slash - rel) : 0, 1, made,
		       &created);
	if (dfd < 0)
		return -1;
	if (mode == WL_WRITE_NEW) {
		ret = create_in(dfd, base, data, len);
	} else {
		tmp = wl_xprintf(".%s.%ld.tmp", base, (long)getpid());
		unlinkat(dfd, tmp, 0);
		ret = create_in(dfd, tmp, data, len);
		if (!ret && renameat(dfd, tmp, dfd, base) < 0) {
			err = errno;
			unlinkat(dfd, tmp, 0);
			errno = err;
			ret = -1;
		}
	}
	err = errno;
	close(dfd);
	free(tmp);
	errno = err;
	return ret;
}

int wl_make_dirs(const char *root, const char *rel, struct wl_strlist *made)
{
	int created, fd;

	if (!wl_path_is_safe(rel)) {
		errno = EINVAL;
		return -1;
	}
	fd = open_dir(root, rel, strlen(rel), 1, made, &created);
	if (fd < 0)
		return -1;
	close(fd);
	return created;
}

void wl_write_undo(const char *root, const struct wl_strlist *files,
		   const struct wl_strlist *made)
{
	size_t i;

	for (i = 0; files && i < files->nr; i++) {
		char *p = wl_xprintf("%s/%s", root, files->v[i]);

		unlink(p);
		free(p);
	}
	for (i = made ? made->nr : 0; i-- > 0;) {
		char *p = wl_xprintf("%s/%s", root, made->v[i]);

		rmdir(p);
		free(p);
	}
}
