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
#include "sock/unique.h"                /* CLI_PATH, CLI_PREFIX */
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

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
	if (opend_settings.worker)
		(void)!write(WORKER_CHANNEL, "x", 1);   /* one fewer, for root */
}

/* Shut down every connection idle longer than the idle timeout (-i). */
static void sweep_idle(void)
{
	time_t now = time(NULL);

	for (int fd = 0; fd < active_size; fd++) {
		if (active[fd] != 0 &&
		    now - active[fd] > opend_settings.idle_seconds) {
			log_msg("idle for %d seconds: fd %d shut down",
				opend_settings.idle_seconds, fd);
			(void)shutdown(fd, SHUT_RDWR);
			active[fd] = time(NULL);        /* once per period */
		}
	}
}

/* Digits, a dot, digits, and nothing more. */
static int pid_dot_count(const char *s)
{
	size_t pid = strspn(s, "0123456789");

	if (pid == 0 || s[pid] != '.')
		return 0;
	s += pid + 1;
	return s[0] != '\0' && s[strspn(s, "0123456789")] == '\0';
}

/* cli_conn leaves its socket file for the server to remove.  Only a name
 * of cli_conn's own shape is taken: the one directory on its way is
 * CLI_PATH, which no client controls.  Any other name the client chose,
 * /proc/self/cwd/... say, would be looked up in the server's process. */
int client_name(int fd, char *name, size_t size)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;
	const size_t dir = strlen(CLI_PATH CLI_PREFIX);

	memset(&un, 0, sizeof un);
	if (getpeername(fd, (struct sockaddr *)&un, &len) < 0 ||
	    un.sun_family != AF_UNIX || len >= sizeof un ||
	    len <= offsetof(struct sockaddr_un, sun_path) ||
	    strncmp(un.sun_path, CLI_PATH CLI_PREFIX, dir) != 0 ||
	    !pid_dot_count(un.sun_path + dir) || strlen(un.sun_path) >= size)
		return -1;
	strcpy(name, un.sun_path);
	return 0;
}

/* The worker runs as the client's user (and a server in one process or
 * the root process switches to its IDs, unlink_as): the client's own
 * rights. */
void remove_client_name(int fd, uid_t uid, gid_t gid)
{
	char name[sizeof(((struct sockaddr_un *)0)->sun_path)];

	if (client_name(fd, name, sizeof name) == 0)
		(void)unlink_as(uid, gid, name);
}

int worker_take_client(int chanfd, uid_t *uidptr)
{
	int fd = recv_fd(chanfd, NULL);

	if (fd >= 0) {
		mark(fd, time(NULL));
		remove_client_name(fd, getuid(), getgid());
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
