/*
 * conn.c - accept, serve and drop one connection of the optimised
 * open-server loops (Exercise 17.5).  The requests are answered by the
 * same code as the book's loops (read_request and handle_request,
 * ch17/opend_handle.c), so
 * the loops differ only in how they wait.  Under privilege separation
 * conn_accept takes the connections root hands over, and conn_drop tells
 * root one is gone (client_gone).
 */
#include "conn.h"

struct conn *conn_accept(int listenfd)
{
	struct conn *c;
	uid_t uid;
	int clifd, flags;

	if ((clifd = accept_or_exit(listenfd, &uid)) < 0)
		return NULL;
	if ((flags = fcntl(clifd, F_GETFL)) < 0 ||
	    fcntl(clifd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    (c = malloc(sizeof *c)) == NULL) {
		log_ret("can't take fd %d", clifd);
		close(clifd);
		return NULL;
	}
	c->fd = clifd;
	c->uid = uid;
	c->slot = 0;
	reader_init(&c->in);
	log_msg("new connection: uid %ld, fd %d", (long)uid, clifd);
	return c;
}

void conn_drop(struct conn *c)
{
	close(c->fd);
	client_gone(c->fd);
	log_msg("closed: uid %ld, fd %d", (long)c->uid, c->fd); /* after close */
	free(c);
}

int conn_serve(struct conn *c)
{
	char *buf;
	int nread;

	if ((nread = read_request(&c->in, c->fd, &buf)) < 0 && errno == EAGAIN)
		return 0;               /* not a whole request yet */
	if (nread <= 0)
		return -1;              /* end of file, or a read error */
	do
		handle_request(buf, nread, c->fd, c->uid);
	while ((nread = next_request(&c->in, &buf)) > 0);
	return 0;
}
