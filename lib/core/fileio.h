/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fileio.h - safe file writes (temp + fsync + rename) and small file helpers. */
#ifndef ACM_FILEIO_H
#define ACM_FILEIO_H

#include <dirent.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdbool.h>
#include <errno.h>

/* Write data to path atomically: a temporary file in the same directory,
 * fsync, rename over path, fsync of the directory. An existing file's mode
 * (and owner, when we are root) is kept; a new file gets `mode`.
 * What is at path decides how (acm_write_target is the one rule):
 * - a symbolic link is followed on purpose: its final target is replaced
 *   atomically in the target's own directory, so the link stays a link
 *   (a dotfiles-managed ~/.rpmmacros); a dangling link creates its target;
 * - a FIFO or character device (/dev/stdout, /dev/null) is written to as a
 *   stream: never replaced, never renamed over; a FIFO nobody reads is
 *   refused at once (no hang);
 * - a directory, block device or socket is refused (73).
 * Returns 0, or an exit status (73/74) after printing a message naming path. */
int acm_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Streaming variant for large outputs. */
struct acm_atomic {
	int fd;           /* write here */
	char *path;       /* final name */
	char *tmp;        /* temporary name; NULL when streaming */
	mode_t mode;
	bool stream;      /* path is a FIFO or character device: fd is it */
};
/* Open a temporary beside path. dirfd may be AT_FDCWD; path relative to dirfd.
 * Returns 0 or an exit status (message printed). */
int acm_atomic_open(struct acm_atomic *a, const char *path, mode_t mode);
/* fsync, chmod, rename to the final name. Returns 0 or 74 (message printed). */
int acm_atomic_commit(struct acm_atomic *a);
/* Remove the temporary; safe to call after commit or on a never-opened struct. */
void acm_atomic_abort(struct acm_atomic *a);

/* Before any slow work: would acm_write_file_atomic(path) be refused? Only
 * what is at path is judged (73 for a directory, block device, socket);
 * with probe, also that a temporary can be made beside it (then removed at
 * once; not done for a FIFO or character device). 0, or 73/74 after the
 * message acm_write_file_atomic would print. */
int acm_output_check(const char *path, bool probe);

/* Could dir be created (mkdir -p) or written into: the nearest part of the
 * path that exists is a directory we may write. Nothing is created. 0, or 73
 * after "WHAT 'DIR': cannot write there (...)". */
int acm_output_dir_check(const char *dir, const char *what);

/* Where a write to path lands: path itself, or the final target of the
 * symbolic links at path (followed up to 40 times, relative links taken
 * from the link's directory). The target may not exist yet. malloc'd, or
 * NULL with -errno in *err (ELOOP, ENAMETOOLONG, or lstat's error). */
char *acm_write_target(const char *path, int *err);

/* Open a file the tools read, the one way every input is opened: never
 * blocking on a FIFO, never taking a terminal, close-on-exec. Only a regular
 * file is accepted (also a block/char device with ACM_INPUT_DEVICE, e.g.
 * /dev/sr0); anything else is refused before a byte is read: -EISDIR for a
 * directory, -ACM_ENOTREG for a FIFO, socket or device (also when open()
 * itself refuses a socket with ENXIO). ACM_INPUT_NOFOLLOW
 * refuses a final symlink (-ELOOP). Returns an fd (blocking mode) or -errno. */
#define ACM_INPUT_DEVICE   0x1u
#define ACM_INPUT_NOFOLLOW 0x2u
#define ACM_ENOTREG        ENODEV   /* "not a regular file": see acm_input_strerror */
int acm_open_input(const char *path, unsigned flags);
/* strerror() for acm_open_input/acm_read_file results: says "not a regular
 * file" for -ACM_ENOTREG. e is positive. Messages about a failed read use it
 * with the file's name, never "not a file" for what is a permission error. */
const char *acm_input_strerror(int e);

/* Read a whole file (up to max bytes; 0 = no limit) into a malloc'd,
 * NUL-terminated buffer, through acm_open_input. Returns 0 or -errno (no
 * message); -EFBIG when the file is larger than max. */
int acm_read_file(const char *path, char **data, size_t *len, size_t max);
/* The same from an open descriptor (read to its end; not closed). */
int acm_read_fd(int fd, char **data, size_t *len, size_t max);

/* mkdir -p with mode for created components. Returns 0 or -errno. */
int acm_mkdir_p(const char *path, mode_t mode);

/* write() all of buf, retrying on EINTR/short writes. Returns 0 or -errno. */
int acm_write_all(int fd, const void *buf, size_t len);

/* A directory stream over the directory open as dfd, from its first entry;
 * dfd stays open and is the caller's (the stream reads a duplicate).
 * closedir() it. NULL with errno set when it cannot be opened. */
DIR *acm_opendir_fd(int dfd);

bool acm_is_dir(const char *path);
bool acm_exists(const char *path);

/* $HOME, else the passwd entry's home directory. */
const char *acm_home_dir(void);
/* Expand a leading "~/" to $HOME. Result malloc'd. */
char *acm_expand_home(const char *path);

#endif
