/* sendmsg.c - stand-in (our own code): put one message on the XSI
 * message queue whose key is given. */
#include "apue.h"
#include <sys/msg.h>

struct text {
	long type;
	char words[512];
};

int main(int argc, char *argv[])
{
	struct text m;
	size_t n;
	int q;

	if (argc != 3)
		err_quit("usage: sendmsg KEY MESSAGE");
	q = msgget((key_t)strtol(argv[1], NULL, 0), 0);
	if (q < 0)
		err_sys("no queue with key %s", argv[1]);
	n = strlen(argv[2]);
	if (n >= sizeof m.words)
		err_quit("message too long");
	m.type = 1;
	memcpy(m.words, argv[2], n);
	if (msgsnd(q, &m, n, 0) < 0)
		err_sys("msgsnd");
	return 0;
}
