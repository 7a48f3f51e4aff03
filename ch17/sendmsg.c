/*
 * sendmsg.c - post a message to an XSI message queue (book: 3e Figure
 * 17.4, §17.2): the other half of Figure 17.3, ch17/pollmsg.
 *
 * usage: sendmsg [-h] key message
 *
 * Differences from the book:
 *   - the key must be a number (as pollmsg prints it, e.g. 0x123); the
 *     book's strtol turns a typo into the key 0, IPC_PRIVATE, and
 *     msgget then makes a new queue that nobody reads or removes;
 *   - a message longer than MAXMSZ bytes is refused with a clear error,
 *     not cut short;
 *   - usage errors exit 2, as every program of this tree does.
 */
#define _XOPEN_SOURCE 700       /* XSI message queues (msgget, msgsnd) */
#include "apue.h"
#include "msgq.h"

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: sendmsg [-h] key message\n"
		"  Post message (at most %d bytes, type 1) to the XSI message\n"
		"  queue with that key, e.g. one ch17/pollmsg made.\n", MAXMSZ);
	exit(status);
}

int main(int argc, char *argv[])
{
	key_t key;
	int qid;
	size_t nbytes;
	struct mymesg m;

	if (argc == 2 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 3)
		usage(stderr, 2);
	if (parse_key(argv[1], &key) < 0)
		err_quit("sendmsg: bad key: %s (a number, not 0)", argv[1]);
	if ((qid = msgget(key, 0)) < 0)
		err_sys("can't open queue key %s", argv[1]);
	memset(&m, 0, sizeof(m));
	if ((nbytes = strlen(argv[2])) > MAXMSZ)
		err_quit("sendmsg: message too long: %zu bytes (the limit "
			 "is %d)", nbytes, MAXMSZ);
	memcpy(m.mtext, argv[2], nbytes);
	m.mtype = 1;
	if (msgsnd(qid, &m, nbytes, 0) < 0)
		err_sys("can't send message");
	exit(0);
}
