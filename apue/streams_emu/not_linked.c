/*
 * not_linked.c - a STREAMS program linked without the emulation's wraps
 * says so, once.
 *
 * The wraps (-Wl,--wrap=pipe and the others of `pkg-config --libs
 * apue-streams`, io_wrap.c) are what make pipe(2) a stream pipe and
 * open(2) of an attached name reach the stream.  Left out of a link,
 * s_pipe and fd_pipe hand out a plain pipe, and the first STREAMS call
 * on it fails (ENOSTR from getmsg and putmsg, ENOTTY from a STREAMS
 * ioctl) for no reason the program can see.  Those calls then come here:
 * when the descriptor is no stream and a wrap is missing, one line on
 * stderr names the flags; the errno stays as it was.
 *
 * Whether a wrap was linked is known without running it: with
 * --wrap=NAME the linker binds __real_NAME to the C library's NAME;
 * without it, nothing defines __real_NAME, and a weak reference to it
 * stays null.  (GNU ld and lld: as io_wrap.c.)
 */
#include "emu.h"
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* Weak: null when the link had no --wrap for that name. */
extern int __real_pipe(int fd[2]) __attribute__((weak));
extern ssize_t __real_read(int fd, void *buf, size_t nbytes)
	__attribute__((weak));
extern ssize_t __real_write(int fd, const void *buf, size_t nbytes)
	__attribute__((weak));
extern int __real_open(const char *path, int oflag, ...)
	__attribute__((weak));

/* The wraps a STREAMS program cannot do without: pipe(2) and open(2)
 * give streams, read(2) and write(2) read and write them. */
static int wraps_linked(void)
{
	return __real_pipe != NULL && __real_read != NULL &&
	       __real_write != NULL && __real_open != NULL;
}

static const char missing_wraps[] =
	"apue-streams: this program was linked without the STREAMS link "
	"flags (-Wl,--wrap=pipe, -Wl,--wrap=open, -Wl,--wrap=read, "
	"-Wl,--wrap=write, ...), so pipe(2) and open(2) gave plain "
	"descriptors, not streams: link with the flags of "
	"`pkg-config --libs apue-streams`\n";

void stream_not_linked_notice(int fd)
{
	static atomic_flag told = ATOMIC_FLAG_INIT;
	int saved = errno;

	if (!wraps_linked() && stream_probe(fd) == 0 &&
	    !atomic_flag_test_and_set(&told))
		(void)!write(STDERR_FILENO, missing_wraps,
			     sizeof missing_wraps - 1);
	errno = saved;
}
