/*
 * args.c - Exercise 17.4, shown: reads all of stdin into one
 * buffer, splits it with the unlimited buf_args (buf_args.c) and
 * prints what optfunc receives: "argc=N", then each field as "[i] text",
 * then "argv[argc] is NULL" if it is.  With -q only the count and the
 * last field are printed (for very long inputs).
 *
 * usage: args [-h] [-q]  < text
 */
#include "apue.h"
#include "buf_args.h"

static int quiet;

static int print_args(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		if (!quiet || i == argc - 1)
			printf("[%d] %s\n", i, argv[i]);
	if (argv[argc] == NULL)
		printf("argv[argc] is NULL\n");
	return 0;
}

/* All of stdin, null-terminated. */
static char *read_all(void)
{
	size_t len = 0, size = 4096;
	char *buf = malloc(size);
	size_t n;

	if (buf == NULL)
		err_sys("malloc error");
	while ((n = fread(buf + len, 1, size - len - 1, stdin)) > 0) {
		len += n;
		if (size - len - 1 == 0) {
			char *bigger = realloc(buf, size * 2);

			if (bigger == NULL)
				err_sys("realloc error");
			buf = bigger;
			size *= 2;
		}
	}
	if (ferror(stdin))
		err_sys("read error");
	buf[len] = '\0';
	return buf;
}

int main(int argc, char *argv[])
{
	char *buf;
	int rc;

	if (argc == 2 && strcmp(argv[1], "-h") == 0) {
		printf("usage: args [-h] [-q]  < text\n"
		       "  Splits stdin with buf_args (no limit on argv) and prints\n"
		       "  the fields; -q prints only the count and the last one.\n");
		exit(0);
	}
	if (argc == 2 && strcmp(argv[1], "-q") == 0)
		quiet = 1;
	else if (argc != 1) {
		fprintf(stderr, "usage: args [-h] [-q]  < text\n");
		exit(2);
	}
	buf = read_all();
	if ((rc = buf_args(buf, print_args)) < 0) {
		if (errno == ENOMEM)
			err_sys("buf_args error");
		err_quit("buf_args: no fields");
	}
	free(buf);
	exit(0);
}
