/* loop.poll.c - stand-in (our own code): one poll loop for the
 * listening endpoint and every client; the pollfd array grows as
 * clients come, and a client gone leaves its place to the last one. */
#include "opend.h"
#include <poll.h>

static struct pollfd *grow_pollfd(struct pollfd *pfd, int *room)
{
	int k, old = *room;

	*room += 10;
	pfd = realloc(pfd, (size_t)*room * sizeof *pfd);
	if (pfd == NULL)
		log_sys("no room for another client");
	for (k = old; k < *room; k++) {
		pfd[k].fd = -1;
		pfd[k].events = POLLIN;
		pfd[k].revents = 0;
	}
	return pfd;
}

static uid_t uid_of(int fd)
{
	int k;

	for (k = 0; k < client_size; k++)
		if (client[k].fd == fd)
			return client[k].uid;
	log_quit("fd %d is no client's", fd);
	return (uid_t)-1;
}

void loop(void)
{
	struct pollfd *pfd = NULL;
	int listenfd, room = 0, used = 1, k, n, fd;
	uid_t uid;
	char buf[MAXLINE];

	listenfd = serv_listen(CS_OPEN);
	if (listenfd < 0)
		log_sys("can't listen on %s", CS_OPEN);
	pfd = grow_pollfd(pfd, &room);
	pfd[0].fd = listenfd;
	for (;;) {
		if (poll(pfd, (nfds_t)used, -1) < 0)
			log_sys("poll");
		if (pfd[0].revents & POLLIN) {
			fd = serv_accept(listenfd, &uid);
			if (fd < 0)
				log_sys("serv_accept: %d", fd);
			client_add(fd, uid);
			if (used == room)
				pfd = grow_pollfd(pfd, &room);
			pfd[used].fd = fd;
			pfd[used].revents = 0;
			used++;
		}
		for (k = 1; k < used; k++) {
			if (pfd[k].revents == 0)
				continue;
			fd = pfd[k].fd;
			n = (int)read(fd, buf, sizeof buf);
			if (n > 0) {
				handle_request(buf, n, fd, uid_of(fd));
				continue;
			}
			client_del(fd);
			close(fd);
			pfd[k--] = pfd[--used];
		}
	}
}
