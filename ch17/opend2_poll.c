/*
 * opend2_poll.c - the version 2 server loop with poll
 * (book: 3e Figure 17.30).
 *
 * As in the 3e: pollfd[] grows NALLOC entries at a time (grow_pollfd),
 * poll is handed the numfd entries in use, pollfd[0] (and client[0]) is
 * the listening endpoint, and a closed client's hole is filled with the
 * last entry, looked at again (i--).
 *
 * Differences: the 3e packs pollfd[] but not client[], so after a close
 * client[i] no longer belongs to pollfd[i], and a request is answered
 * with another client's uid (an erratum: NOTES.md, "Figure
 * 17.30: loop with poll"); here the last client[] entry moves with the last pollfd[]
 * entry (pack), so client[i] stays pollfd[i]'s, and client_add, which
 * takes the first free entry, returns numfd.  The first array comes from
 * grow_pollfd too, which ends the server with log_sys (the book's
 * err_sys writes to a daemon's closed stderr).  loop takes the listening endpoint main opened; poll
 * interrupted by a signal is called again.  Any event on the listening
 * endpoint is handed to accept_client, which ends the server when it is
 * gone (a hangup may come without POLLIN: STREAMS); accept_client, not
 * serv_accept: a failed accept is logged and the loop goes on, and the
 * connection is made non-blocking (opend_accept.c); a client client_add
 * has no memory for is refused.  A hangup (or POLLERR, POLLNVAL) that
 * comes with POLLIN is read first: a last request may be there.
 * read_request, not read: one request at a time, framed by its null
 * byte; -1 with EAGAIN while no whole request has come, and every request
 * already read is answered before poll is called again (next_request); a
 * read error ends that client only.  The "closed" line is logged after
 * the close, so a reader of the log who counts descriptors finds it gone.
 * Privilege separation: the loop runs in a worker, as the client's user;
 * its listenfd is the channel from the root process, and accept_client
 * takes the next connection root hands over (opend_worker.c).
 */
#include "opend.h"
#include <poll.h>

#define NALLOC 10               /* pollfd entries added at a time */

const char server_name[] = "opend2_poll";

/* pfd with NALLOC more entries, free, watching for input; *maxfd counts
 * them.  Out of memory ends the server, as in the book. */
static struct pollfd *grow_pollfd(struct pollfd *pfd, int *maxfd)
{
	int i, newmax = *maxfd + NALLOC;

	if ((pfd = realloc(pfd, (size_t)newmax * sizeof *pfd)) == NULL)
		log_sys("realloc error");
	for (i = *maxfd; i < newmax; i++)
		pfd[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
	*maxfd = newmax;
	return pfd;
}

/* A hangup or an error, with nothing left to read. */
static int hung_up(short revents)
{
	return (revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN);
}

/* Fill the hole at i with the last entry, in pollfd[] and client[] both
 * (the 3e moves only pollfd[last]). */
static void pack(struct pollfd *pollfd, int i, int last)
{
	pollfd[i] = pollfd[last];
	client[i] = client[last];
	client[last].fd = -1;
	client[last].in = NULL;
}

void loop(int listenfd)
{
	int     i, clifd, nread;
	char   *buf;
	uid_t   uid;
	struct pollfd *pollfd = NULL;
	int     numfd = 1;
	int     maxfd = 0;

	pollfd = grow_pollfd(pollfd, &maxfd);
	if (client_add(listenfd, 0) != 0)       /* [0] is the listener's */
		log_quit("out of memory");
	pollfd[0].fd = listenfd;        /* main's serv_listen, or root's channel */

	for (;;) {
		if (poll(pollfd, (nfds_t)numfd, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("poll error");
		}

		if (pollfd[0].revents != 0 &&
		    (clifd = accept_client(listenfd, &uid)) >= 0) {
			/* a new client, at client[numfd] and pollfd[numfd] */
			if (client_add(clifd, uid) < 0) {
				refuse_client(clifd, uid, "out of memory");
			} else {
				if (numfd == maxfd)     /* pollfd[] is full */
					pollfd = grow_pollfd(pollfd, &maxfd);
				pollfd[numfd++] = (struct pollfd){
					.fd = clifd, .events = POLLIN };
				log_msg("new connection: uid %ld, fd %d",
					(long)uid, clifd);
			}
		}

		for (i = 1; i < numfd; i++) {
			clifd = pollfd[i].fd;
			if (hung_up(pollfd[i].revents)) {
				goto hungup;
			} else if (pollfd[i].revents & POLLIN) {
				/* a request from this client */
				if ((nread = read_request(client[i].in, clifd,
							  &buf)) < 0 && errno == EAGAIN) {
					continue;       /* not a whole one yet */
				} else if (nread <= 0) {
hungup:
					/* end of file, or a read error */
					client_del(clifd);
					close(clifd);
					log_msg("closed: uid %ld, fd %d",
						(long)client[i].uid, clifd);
					if (i < numfd - 1) {
						pack(pollfd, i, numfd - 1);
						i--;    /* the moved entry's turn */
					}
					numfd--;
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
