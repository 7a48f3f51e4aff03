/*
 * io_wrap.c - read(2) and write(2) in programs linked with the STREAMS
 * emulation.
 *
 * A program is compiled once and linked with either transport, so its
 * read and write calls cannot be renamed by a header.  The link of a
 * STREAMS build renames them instead: apue/streams_emu/build.mk links with
 * `-Wl,--wrap=read -Wl,--wrap=write`, which sends every call to read or
 * write in the program and the library to __wrap_read or __wrap_write
 * below, and makes __real_read and __real_write name the C library's.
 * A stream gets the STREAMS read and write (stream_read.c,
 * stream_write.c); any other descriptor, the system's, unchanged.  With
 * _FORTIFY_SOURCE, glibc turns some reads into __read_chk: that is
 * wrapped too, and it keeps glibc's own check of the buffer size.
 *
 * The book's STREAMS code also calls pipe(2), expecting a stream pipe,
 * and open(2) of a name that fattach covers, expecting the stream: those
 * are wrapped the same way (every name glibc gives open: open, open64,
 * openat, openat64, and the _FORTIFY_SOURCE forms __open_2 and friends;
 * musl has no __open_2, and its open64 and openat64 are macros for open
 * and openat, so a program that writes them calls the wrapped names).
 * Calls made inside the C library (fopen, popen) are not wrapped.  A read
 * or write of a stream is not async-signal-safe here (stream_read takes
 * a lock and may allocate); any other read or write still is.  Linux
 * only (GNU ld and lld).
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

ssize_t __real_read(int fd, void *buf, size_t nbytes);
ssize_t __wrap_read(int fd, void *buf, size_t nbytes);
ssize_t __real_write(int fd, const void *buf, size_t nbytes);
ssize_t __wrap_write(int fd, const void *buf, size_t nbytes);

/* isastream, leaving errno as it was for a descriptor that is not one. */
static int is_stream(int fd)
{
	int saved = errno;
	int r = stream_probe(fd);

	errno = saved;
	return r == 1;
}

ssize_t __wrap_read(int fd, void *buf, size_t nbytes)
{
	if (is_stream(fd))
		return stream_read_opt(fd, buf, nbytes);
	return __real_read(fd, buf, nbytes);
}

/* A write of 0 bytes to a stream sends no message, as on an SVR4 pipe
 * without SNDZERO (stream_write). */
ssize_t __wrap_write(int fd, const void *buf, size_t nbytes)
{
	if (is_stream(fd))
		return stream_write(fd, buf, nbytes);
	return __real_write(fd, buf, nbytes);
}

/* pipe(2): on SVR4, two connected stream heads. */
int __wrap_pipe(int fd[2]);

int __wrap_pipe(int fd[2])
{
	return stream_pipe(fd);
}

/* open(2) and its other spellings.  The system's open is tried first, so
 * an ordinary open costs nothing more; an attached name is a socket here,
 * which the system's open refuses with ENXIO, and only then is the name
 * looked at (stream_openat: the stream, through connld when pushed). */
static int attached_open(int dirfd, const char *path, int oflag, int fd)
{
	if (fd >= 0 || errno != ENXIO)
		return fd;
	return stream_openat(dirfd, path, oflag);
}

/* The mode argument is there only when O_CREAT or O_TMPFILE asks for it. */
static int wants_mode(int oflag)
{
	return (oflag & O_CREAT) != 0 || (oflag & O_TMPFILE) == O_TMPFILE;
}

#define OPEN_WRAP(name)							\
int __real_##name(const char *path, int oflag, ...);			\
int __wrap_##name(const char *path, int oflag, ...);			\
int __wrap_##name(const char *path, int oflag, ...)			\
{									\
	mode_t mode = 0;						\
									\
	if (wants_mode(oflag)) {					\
		va_list ap;						\
									\
		va_start(ap, oflag);					\
		mode = (mode_t)va_arg(ap, int);				\
		va_end(ap);						\
	}								\
	return attached_open(AT_FDCWD, path, oflag,			\
			     __real_##name(path, oflag, mode));		\
}

#define OPENAT_WRAP(name)						\
int __real_##name(int dirfd, const char *path, int oflag, ...);	\
int __wrap_##name(int dirfd, const char *path, int oflag, ...);	\
int __wrap_##name(int dirfd, const char *path, int oflag, ...)	\
{									\
	mode_t mode = 0;						\
									\
	if (wants_mode(oflag)) {					\
		va_list ap;						\
									\
		va_start(ap, oflag);					\
		mode = (mode_t)va_arg(ap, int);				\
		va_end(ap);						\
	}								\
	return attached_open(dirfd, path, oflag,			\
			     __real_##name(dirfd, path, oflag, mode));	\
}

OPEN_WRAP(open)
OPENAT_WRAP(openat)

#ifdef __GLIBC__
/* glibc's other names: the 64-bit-offset ones, and the checked ones that
 * _FORTIFY_SOURCE makes of an open with no mode argument. */
OPEN_WRAP(open64)
OPENAT_WRAP(openat64)

int __real___open_2(const char *path, int oflag);
int __wrap___open_2(const char *path, int oflag);
int __real___open64_2(const char *path, int oflag);
int __wrap___open64_2(const char *path, int oflag);
int __real___openat_2(int dirfd, const char *path, int oflag);
int __wrap___openat_2(int dirfd, const char *path, int oflag);
int __real___openat64_2(int dirfd, const char *path, int oflag);
int __wrap___openat64_2(int dirfd, const char *path, int oflag);

int __wrap___open_2(const char *path, int oflag)
{
	return attached_open(AT_FDCWD, path, oflag, __real___open_2(path, oflag));
}

int __wrap___open64_2(const char *path, int oflag)
{
	return attached_open(AT_FDCWD, path, oflag,
			     __real___open64_2(path, oflag));
}

int __wrap___openat_2(int dirfd, const char *path, int oflag)
{
	return attached_open(dirfd, path, oflag,
			     __real___openat_2(dirfd, path, oflag));
}

int __wrap___openat64_2(int dirfd, const char *path, int oflag)
{
	return attached_open(dirfd, path, oflag,
			     __real___openat64_2(dirfd, path, oflag));
}

ssize_t __real___read_chk(int fd, void *buf, size_t nbytes, size_t buflen);
ssize_t __wrap___read_chk(int fd, void *buf, size_t nbytes, size_t buflen);

ssize_t __wrap___read_chk(int fd, void *buf, size_t nbytes, size_t buflen)
{
	if (nbytes <= buflen && is_stream(fd))
		return stream_read_opt(fd, buf, nbytes);
	return __real___read_chk(fd, buf, nbytes, buflen);
}
#endif
