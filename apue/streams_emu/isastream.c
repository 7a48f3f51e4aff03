/*
 * isastream.c - isastream(3C), emulated: 1 for a stream, 0 for any other
 * descriptor, -1 with EBADF for none.  In a file of its own so that a
 * program may link another isastream in its place, such as the 2e's,
 * which asks I_CANPUT (the emulation itself asks stream_probe).
 */
#include "emu.h"

int isastream(int fd)
{
	return stream_probe(fd);
}
