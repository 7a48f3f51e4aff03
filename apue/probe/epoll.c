/*
 * epoll.c - epoll(7) (Linux; exercises/17.5/loop_epoll.c): an epoll
 * instance can be made.  Exit 0 when it works.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

int main(void)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0) {
		printf("epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	close(epfd);
	printf("epoll\n");
	return 0;
}
