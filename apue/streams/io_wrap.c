/*
 * io_wrap.c - read(2) and write(2) in programs linked with the STREAMS
 * emulation.
 *
 * A program is compiled once and linked with either transport, so its
 * read and write calls cannot be renamed by a header.  The link of a
 * STREAMS build renames them instead: apue/streams/build.mk links with
 * `-Wl,--wrap=read -Wl,--wrap=write`, which sends every call to read or
 * write in the program and the library to __wrap_read or __wrap_write
 * below, and makes __real_read and __real_write name the C library's.
 * A stream gets the STREAMS read and write (stream_read.c,
 * stream_write.c); any other descriptor, the system's, unchanged.  With
 * _FORTIFY_SOURCE, glibc turns some reads into __read_chk: that is
 * wrapped too, and it keeps glibc's own check of the buffer size.  A read
 * or write of a stream is not async-signal-safe here (stream_read takes
 * a lock and may allocate); any other read or write still is.  Linux
 * only (GNU ld and lld).
 */
#include "emu.h"
#include <errno.h>
#include <unistd.h>

ssize_t __real_read(int fd, void *buf, size_t nbytes);
ssize_t __wrap_read(int fd, void *buf, size_t nbytes);
ssize_t __real_write(int fd, const void *buf, size_t nbytes);
ssize_t __wrap_write(int fd, const void *buf, size_t nbytes);

/* isastream, leaving errno as it was for a descriptor that is not one. */
static int is_stream(int fd)
{
	int saved = errno;
	int r = isastream(fd);

	errno = saved;
	return r == 1;
}

ssize_t __wrap_read(int fd, void *buf, size_t nbytes)
{
	if (is_stream(fd))
		return stream_read(fd, buf, nbytes);
	return __real_read(fd, buf, nbytes);
}

/* A write of 0 bytes goes to the system: one empty record, as before. */
ssize_t __wrap_write(int fd, const void *buf, size_t nbytes)
{
	if (nbytes > 0 && is_stream(fd))
		return stream_write(fd, buf, nbytes);
	return __real_write(fd, buf, nbytes);
}

#ifdef __GLIBC__
ssize_t __real___read_chk(int fd, void *buf, size_t nbytes, size_t buflen);
ssize_t __wrap___read_chk(int fd, void *buf, size_t nbytes, size_t buflen);

ssize_t __wrap___read_chk(int fd, void *buf, size_t nbytes, size_t buflen)
{
	if (nbytes <= buflen && is_stream(fd))
		return stream_read(fd, buf, nbytes);
	return __real___read_chk(fd, buf, nbytes, buflen);
}
#endif
