/* loop.select.c - stand-in (our own code): one select loop for the
 * listening endpoint and every client. */
#include "opend.h"
#include <sys/select.h>

void loop(void)
{
	fd_set all, ready;
	int listenfd, maxfd, fd, i, n;
	uid_t uid;
	char buf[MAXLINE];

	if ((listenfd = serv_listen(CS_OPEN)) < 0)
		log_sys("serv_listen error");
	FD_ZERO(&all);
	FD_SET(listenfd, &all);
	maxfd = listenfd;
	for (;;) {
		ready = all;
		if (select(maxfd + 1, &ready, NULL, NULL, NULL) < 0)
			log_sys("select error");
		if (FD_ISSET(listenfd, &ready)) {
			if ((fd = serv_accept(listenfd, &uid)) < 0)
				log_sys("serv_accept error: %d", fd);
			client_add(fd, uid);
			FD_SET(fd, &all);
			if (fd > maxfd)
				maxfd = fd;
			log_msg("new connection: uid %d, fd %d", (int)uid, fd);
		}
		for (i = 0; i < client_size; i++) {
			if ((fd = client[i].fd) < 0 || !FD_ISSET(fd, &ready))
				continue;
			if ((n = (int)read(fd, buf, sizeof buf)) < 0)
				log_sys("read error on fd %d", fd);
			if (n == 0) {
				log_msg("closed: uid %d, fd %d",
					(int)client[i].uid, fd);
				client_del(fd);
				FD_CLR(fd, &all);
				close(fd);
			} else {
				request(buf, n, fd, client[i].uid);
			}
		}
	}
}
