/*
 * opend2_select.c - the version 2 server loop with select
 * (book: 3e Figure 17.29).
 *
 * Differences: loop takes the listening endpoint main opened; select
 * interrupted by a signal is called again.  accept_client, not
 * serv_accept: a failed accept is logged and the loop goes on, where the
 * book's log_sys ends the server (a listening endpoint that is gone still
 * ends it), and the connection is made non-blocking (opend_accept.c).  A
 * descriptor select cannot watch (FD_SETSIZE or more), or a client
 * client_add has no memory for, is refused (refuse_client) where the
 * book writes past the fd_set or ends the server.  read_request, not
 * read: one request at a time, framed by its null byte; -1 with EAGAIN
 * while no whole request has come, and every request already read is
 * answered before select is called again (next_request); a read error
 * ends that client only.  The "closed" line is logged after the close,
 * so a reader of the log who counts descriptors finds it gone.
 * Privilege separation: the loop runs in a worker, as the client's user;
 * its listenfd is the channel from the root process, and accept_client
 * takes the next connection root hands over (opend_worker.c), so root
 * never holds a client and FD_SETSIZE bounds one user's connections only.
 */
#include "opend.h"
#include <sys/select.h>

const char server_name[] = "opend2";

void loop(int listenfd)
{
	int     i, n, maxfd, maxi, clifd, nread;
	char   *buf;
	uid_t   uid;
	fd_set  rset, allset;

	FD_ZERO(&allset);
	FD_SET(listenfd, &allset);      /* main's serv_listen, or root's channel */
	maxfd = listenfd;
	maxi = -1;

	for (;;) {
		rset = allset;          /* select changes rset: a fresh copy */
		if ((n = select(maxfd + 1, &rset, NULL, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("select error");
		}

		if (FD_ISSET(listenfd, &rset)) {
			/* a new client */
			if ((clifd = accept_client(listenfd, &uid)) < 0)
				continue;       /* refused, and logged */
			if (clifd >= FD_SETSIZE) {
				refuse_client(clifd, uid, "beyond FD_SETSIZE");
				continue;
			}
			if ((i = client_add(clifd, uid)) < 0) {
				refuse_client(clifd, uid, "out of memory");
				continue;
			}
			FD_SET(clifd, &allset);
			if (clifd > maxfd)
				maxfd = clifd;  /* for select's first argument */
			if (i > maxi)
				maxi = i;       /* the highest client[] entry in use */
			log_msg("new connection: uid %ld, fd %d", (long)uid, clifd);
			continue;
		}

		for (i = 0; i <= maxi; i++) {   /* each client in client[] */
			if ((clifd = client[i].fd) < 0)
				continue;
			if (FD_ISSET(clifd, &rset)) {
				/* a request from this client */
				if ((nread = read_request(client[i].in, clifd,
							  &buf)) < 0 && errno == EAGAIN) {
					continue;       /* not a whole one yet */
				} else if (nread <= 0) {
					/* end of file, or a read error */
					client_del(clifd);
					FD_CLR(clifd, &allset);
					close(clifd);
					log_msg("closed: uid %ld, fd %d",
						(long)client[i].uid, clifd);
				} else {        /* answer it, and any read with it */
					do
						handle_request(buf, nread, clifd,
							       client[i].uid);
					while ((nread = next_request(client[i].in,
								     &buf)) > 0);
				}
			}
		}
	}
}
