/*
 * msgq.h - what Figures 17.3 and 17.4 share (book: the constants and
 * struct mymesg that pollmsg.c and sendmsg.c each define), and the
 * duties our versions add beside the figures: choosing private keys,
 * removing every queue we created however the program ends, a pipe that
 * tells the poll loop a stop signal came, and helper threads that end by
 * returning, so main can join them before it exits.
 *
 * XSI message queues are an XSI option of POSIX, so the files that use
 * them ask for XSI: _XOPEN_SOURCE 700 (POSIX.1-2008 plus XSI).
 */
#ifndef MSGQ_H
#define MSGQ_H

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <pthread.h>
#include <stdio.h>

#define NQ      3       /* queues polled, one helper thread each */
#define MAXMSZ  512     /* largest message text we take */
#define KEY     0x123   /* the book's key for the first queue */

struct mymesg {
	long mtype;
	char mtext[MAXMSZ];
};

/* Where the keys of the queues come from: -k BASE (BASE, BASE+1, ...,
 * the book's scheme) or -f FILE (ftok(FILE, 1), ftok(FILE, 2), ...). */
struct qkeys {
	const char *file;       /* NULL: use base */
	key_t base;
};

/* A key written as a number ("0x123", "291"): 0 and sets *key, or -1
 * with errno EINVAL for anything else, including the key 0, which is
 * IPC_PRIVATE and names no queue. */
int parse_key(const char *text, key_t *key);

/* The key of queue i (0, 1, ...), or -1 with errno set (ftok failed). */
key_t queue_key(const struct qkeys *keys, int i);

/* msgget(key, IPC_CREAT | IPC_EXCL | 0600), remembered: every queue made
 * here is removed at exit (atexit), whether main returns or an err_*
 * call ends the process.  The queue ID, or -1 with errno set. */
int queue_create(key_t key);

/* Remove every queue queue_create made that is still there.  Called at
 * exit; a program may call it earlier. */
void queues_remove(void);

/* Has queues_remove begun?  A thread whose msgrcv fails then knows its
 * queue went on purpose (the process is ending) and quits quietly. */
int queues_removing(void);

/* A pipe whose read end turns readable when SIGINT, SIGTERM or SIGHUP
 * arrives: the poll loop watches it beside the sockets and stops in
 * order.  The read end, or -1 with errno set. */
int stop_pipe(void);

/* Put the stop signals back to their default actions and close both
 * ends of the stop pipe (fd is the read end stop_pipe returned). */
void stop_pipe_close(int fd);

/* Make the stop pipe readable, as a stop signal does: a thread that
 * cannot go on asks main to stop in order.  Async-signal-safe. */
void stop_request(void);

/* The options of pollmsg and its variants: -n count, -k key, -f file,
 * -h.  Exits with the usage (status 0 for -h, 2 for a bad option); what
 * says in a line or two what the program does. */
void poll_args(int argc, char *argv[], const char *name, const char *what,
	       struct qkeys *keys, long *count);

/* Block (SIG_BLOCK) or unblock (SIG_UNBLOCK) the stop signals and
 * SIGPIPE in the calling thread: blocked while the helpers are created,
 * so that they inherit the mask.  The stop signals then reach main only,
 * and a helper writing to a pipe main has closed gets EPIPE, not death. */
void stop_signals_mask(int how);

/* For a helper thread that cannot go on: report what failed (errno),
 * ask main to stop (stop_request) and return the thread's result
 * HELPER_FAILED.  When the queues are being removed, main is stopping
 * its helpers that way: then quietly, and the result is NULL. */
#define HELPER_FAILED ((void *)1)
void *helper_quits(const char *what);

/* Wait for the n helpers to end; how many quit on an error of their
 * own.  main stops them first: it removes the queues (a helper waiting
 * in msgrcv fails) and closes its ends of their sockets or pipes (a
 * helper waiting in write fails). */
int helpers_join(pthread_t tid[], int n);

#endif /* MSGQ_H */
