/* loop.select.c - stand-in (our own code): one select loop for the
 * listening endpoint and every client. */
#include "opend.h"
#include <sys/select.h>

static void take_client(int listenfd, fd_set *all, int *maxfd)
{
	uid_t uid;
	int fd = serv_accept(listenfd, &uid);

	if (fd < 0)
		log_sys("serv_accept: %d", fd);
	client_add(fd, uid);
	FD_SET(fd, all);
	if (fd > *maxfd)
		*maxfd = fd;
	log_msg("client uid %d on fd %d", (int)uid, fd);
}

void loop(void)
{
	fd_set all, ready;
	int listenfd, maxfd, k, n;
	char buf[MAXLINE];

	listenfd = serv_listen(CS_OPEN);
	if (listenfd < 0)
		log_sys("can't listen on %s", CS_OPEN);
	FD_ZERO(&all);
	FD_SET(listenfd, &all);
	maxfd = listenfd;
	for (;;) {
		ready = all;
		if (select(maxfd + 1, &ready, NULL, NULL, NULL) < 0)
			log_sys("select");
		if (FD_ISSET(listenfd, &ready))
			take_client(listenfd, &all, &maxfd);
		for (k = 0; k < client_size; k++) {
			int fd = client[k].fd;

			if (fd < 0 || !FD_ISSET(fd, &ready))
				continue;
			n = (int)read(fd, buf, sizeof buf);
			if (n < 0)
				log_sys("read from fd %d", fd);
			if (n > 0) {
				handle_request(buf, n, fd, client[k].uid);
				continue;
			}
			log_msg("client uid %d gone (fd %d)", (int)client[k].uid, fd);
			client_del(fd);
			FD_CLR(fd, &all);
			close(fd);
		}
	}
}
