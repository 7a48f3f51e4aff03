/*
 * buf_args.c - Exercise 17.4 (3e): buf_args of 3e Figure
 * 17.23 without the compile-time limit MAXARGC: argv grows with realloc,
 * doubling, so a buffer of n fields costs O(n) time and one allocation
 * per doubling.
 *
 * Same contract as the book's otherwise; the difference is that argv is
 * on the heap and freed after optfunc returns, so optfunc must not keep
 * the argv array itself (the strings are in buf and stay).
 */
#include "apue.h"
#include "buf_args.h"
#include <limits.h>
#include <stdint.h>

#define WHITE_SPACE " \t\n"

int buf_args(char *buf, int (*optfunc)(int, char **))
{
	char **argv = NULL;
	size_t argc = 0, room = 0;
	char *p = buf;
	int result;

	for (;;) {
		p += strspn(p, WHITE_SPACE);
		if (*p == '\0')
			break;
		if (argc + 1 >= room) {         /* room for this and the NULL */
			size_t bigger = room == 0 ? 8 : room * 2;
			char **grown;

			if (bigger > SIZE_MAX / sizeof *argv || argc + 1 > INT_MAX)
				goto nomem;
			if ((grown = realloc(argv, bigger * sizeof *argv)) == NULL)
				goto nomem;
			argv = grown;
			room = bigger;
		}
		argv[argc++] = p;
		p += strcspn(p, WHITE_SPACE);
		if (*p != '\0')
			*p++ = '\0';
	}
	if (argc == 0)
		return -1;                      /* argv[0] is required */
	argv[argc] = NULL;
	result = optfunc((int)argc, argv);
	free(argv);
	return result;

nomem:
	free(argv);
	errno = ENOMEM;
	return -1;
}
