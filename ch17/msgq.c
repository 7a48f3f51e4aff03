/*
 * msgq.c - the duties ch17/pollmsg and ch17/sendmsg (3e Figures 17.3 and
 * 17.4) add to the book's code, kept out of the figures' own files: keys
 * a test can make private, queues removed however the program ends, and
 * a way to stop the endless poll loop in order.  See msgq.h.
 */
#define _XOPEN_SOURCE 700       /* XSI: msgget, msgctl, ftok */
#include "apue.h"
#include "msgq.h"
#include <stdatomic.h>

int parse_key(const char *text, key_t *key)
{
	char *end;
	unsigned long value;

	errno = 0;
	value = strtoul(text, &end, 0);
	/* a key_t is 32 bits wide in practice; ftok's keys use all of them */
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' ||
	    value == 0 || value > 0xffffffffUL) {
		errno = EINVAL;
		return -1;
	}
	*key = (key_t)(unsigned int)value;
	return 0;
}

key_t queue_key(const struct qkeys *keys, int i)
{
	if (keys->file != NULL)
		return ftok(keys->file, i + 1);
	return keys->base + i;
}

static int created[NQ + 1];     /* queue IDs to remove at exit */
static int ncreated;
static atomic_int removing;     /* set before the first queue goes */

int queues_removing(void)
{
	return atomic_load(&removing);
}

void queues_remove(void)
{
	atomic_store(&removing, 1);
	while (ncreated > 0) {
		int qid = created[--ncreated];

		if (msgctl(qid, IPC_RMID, NULL) < 0 && errno != EINVAL &&
		    errno != EIDRM)
			err_ret("msgctl(IPC_RMID) error for queue ID %d", qid);
	}
}

int queue_create(key_t key)
{
	static int registered;
	int qid;

	if (ncreated == (int)(sizeof created / sizeof created[0])) {
		errno = ENOSPC;
		return -1;
	}
	if (!registered) {
		if (atexit(queues_remove) != 0) {
			errno = ENOMEM;
			return -1;
		}
		registered = 1;
	}
	if ((qid = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) < 0)
		return -1;
	created[ncreated++] = qid;
	return qid;
}

static int stop_writefd = -1;

void stop_request(void)
{
	int saved = errno;
	char c = 's';
	ssize_t n;

	/* a full pipe already says "stop": the byte may be dropped */
	n = write(stop_writefd, &c, 1);
	(void)n;
	errno = saved;
}

static void on_stop_signal(int signo)
{
	(void)signo;
	stop_request();
}

int stop_pipe(void)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	int fd[2];

	if (pipe(fd) < 0)
		return -1;
	if (fcntl(fd[1], F_SETFL, O_NONBLOCK) < 0) {
		int saved = errno;

		close(fd[0]);
		close(fd[1]);
		errno = saved;
		return -1;
	}
	stop_writefd = fd[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (sigaction(signals[i], &sa, NULL) < 0)
			return -1;      /* EINVAL only: a bug, not a run-time case */
	return fd[0];
}
