/*
 * opend_worker.c - the worker's side of the privilege-separated open
 * server (not in the book; see opend_privsep.c for the root side).
 *
 * A worker is a fresh image of the server program, run with one user's
 * full credentials.  Its "listening endpoint" is the channel from the
 * root process (descriptor 3): each connection of that user arrives there
 * with send_fd, and the book's loop with select or poll (3e Figures
 * 17.29/17.30) serves it from then on as if it had accepted it.  Over the channel, back to root,
 * one byte per connection that has gone, so root can count them.  A
 * status message (send_err) with WORKER_TICK is root's clock: then
 * connections idle longer than the idle timeout are shut down, which the
 * loop sees as end of file.  End of file on the channel means root is
 * gone or has retired us: the worker ends.
 *
 * Also here, for every server: the time each connection last sent
 * something (client_active), used by the idle sweep.
 */
#include "opend.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

int is_worker;
int idle_seconds = DEFAULT_IDLE_SECONDS;

static time_t *active;                  /* by descriptor; 0: not a client */
static int active_size;

static void mark(int fd, time_t when)
{
	if (fd < 0)
		return;
	if (fd >= active_size) {
		int size = fd + 64;
		time_t *bigger = realloc(active, (size_t)size * sizeof *active);

		if (bigger == NULL)
			return;         /* no idle sweep for this one */
		for (int i = active_size; i < size; i++)
			bigger[i] = 0;
		active = bigger;
		active_size = size;
	}
	active[fd] = when;
}

void client_active(int fd)
{
	if (fd < active_size && active[fd] != 0)
		active[fd] = time(NULL);
}

void client_gone(int fd)
{
	if (fd >= 0 && fd < active_size)
		active[fd] = 0;
	if (is_worker)
		(void)!write(WORKER_CHANNEL, "x", 1);   /* one fewer, for root */
}

/* Shut down every connection idle longer than idle_seconds. */
static void sweep_idle(void)
{
	time_t now = time(NULL);

	for (int fd = 0; fd < active_size; fd++) {
		if (active[fd] != 0 && now - active[fd] > idle_seconds) {
			log_msg("idle for %d seconds: fd %d shut down",
				idle_seconds, fd);
			(void)shutdown(fd, SHUT_RDWR);
			active[fd] = time(NULL);        /* once per period */
		}
	}
}

/* cli_conn leaves its socket file for the server to remove.  The worker
 * runs as the client's user (and a server in one process switches to it,
 * unlink_as), so removing it can do nothing the client could not do
 * itself; only an absolute name is removed. */
void remove_client_name(int fd, uid_t uid)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;

	memset(&un, 0, sizeof un);
	if (getpeername(fd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/' &&
	    len > offsetof(struct sockaddr_un, sun_path) &&
	    len < sizeof un)
		(void)unlink_as(uid, un.sun_path);
}

int worker_take_client(int chanfd, uid_t *uidptr)
{
	int fd = recv_fd(chanfd, NULL);

	if (fd >= 0) {
		mark(fd, time(NULL));
		remove_client_name(fd, getuid());
		*uidptr = getuid();
		return fd;
	}
	if (errno != 0) {               /* root is gone, or retired us */
		log_msg("the channel to the server is closed: worker ends");
		exit(0);
	}
	if (-fd == WORKER_TICK)
		sweep_idle();
	return -1;
}
