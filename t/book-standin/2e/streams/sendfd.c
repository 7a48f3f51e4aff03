/* sendfd.c - stand-in (our own code): the two status bytes by write(2),
 * then the descriptor by I_SENDFD. */
#include "apue.h"
#include <stropts.h>

int send_fd(int fd, int fd_to_send)
{
	char bytes[2];

	bytes[0] = 0;
	bytes[1] = (char)(fd_to_send < 0 ? (-fd_to_send ? -fd_to_send : 1) : 0);
	if (write(fd, bytes, 2) != 2)
		return -1;
	if (fd_to_send >= 0 && ioctl(fd, I_SENDFD, fd_to_send) < 0)
		return -1;
	return 0;
}
