/*
 * msgq.c - the duties ch17/pollmsg and ch17/sendmsg (3e Figures 17.3 and
 * 17.4) add to the book's code, kept out of the figures' own files: keys
 * a test can make private, queues removed however the program ends, a
 * way to stop the endless poll loop in order, and the helper threads
 * stopped before their queues go.  exercises/17.1 uses them too.  See
 * msgq.h.
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
	return (key_t)((unsigned int)keys->base + (unsigned int)i);  /* wraps */
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

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

int stop_pipe(void)
{
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
	for (size_t i = 0; i < NSTOP_SIGNALS; i++)
		if (sigaction(stop_signals[i], &sa, NULL) < 0)
			return -1;      /* EINVAL only: a bug, not a run-time case */
	return fd[0];
}

void stop_pipe_close(int fd)
{
	for (size_t i = 0; i < NSTOP_SIGNALS; i++)
		signal(stop_signals[i], SIG_DFL);
	close(stop_writefd);
	stop_writefd = -1;
	close(fd);
}

void poll_args(int argc, char *argv[], const char *name, const char *what,
	       struct qkeys *keys, long *count)
{
	int c;
	char *end;

	while ((c = getopt(argc, argv, "hn:k:f:")) != -1) {
		switch (c) {
		case 'h':
		default:
			fprintf(c == 'h' ? stdout : stderr,
				"usage: %s [-h] [-n count] [-k key | -f file]\n"
				"%s"
				"  -n count  stop after count messages "
				"(default: until a signal)\n"
				"  -k key    keys key, key+1, ... "
				"(default 0x%x, the book's)\n"
				"  -f file   keys ftok(file, 1), "
				"ftok(file, 2), ...\n"
				"  The queues are removed when it ends.\n",
				name, what, KEY);
			exit(c == 'h' ? 0 : 2);
		case 'n':
			errno = 0;
			*count = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    *count < 0)
				err_quit("%s: bad count: %s", name, optarg);
			break;
		case 'k':
			if (parse_key(optarg, &keys->base) < 0)
				err_quit("%s: bad key: %s (a number, not 0)",
					 name, optarg);
			break;
		case 'f':
			keys->file = optarg;
			break;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: %s [-h] [-n count] [-k key | -f file]\n",
			name);
		exit(2);
	}
}

void stop_signals_mask(int how)
{
	sigset_t set;
	int err;

	sigemptyset(&set);
	for (size_t i = 0; i < NSTOP_SIGNALS; i++)
		sigaddset(&set, stop_signals[i]);
	sigaddset(&set, SIGPIPE);
	if ((err = pthread_sigmask(how, &set, NULL)) != 0)
		err_exit(err, "pthread_sigmask error");
}

void *helper_quits(const char *what)
{
	if (queues_removing())
		return NULL;            /* main is stopping us: not a failure */
	err_ret("%s", what);
	stop_request();
	return HELPER_FAILED;
}

/* No pthread_cancel: a helper ends by returning, the one way out that
 * every thread library and sanitizer handles alike. */
int helpers_join(pthread_t tid[], int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++) {
		void *result;
		int err;

		if ((err = pthread_join(tid[i], &result)) != 0)
			err_exit(err, "pthread_join error");
		if (result == HELPER_FAILED)
			failed++;
	}
	return failed;
}
