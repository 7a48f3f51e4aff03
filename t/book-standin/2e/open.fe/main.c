/* main.c - stand-in (our own code): each path name read from stdin is
 * opened by the server and copied to stdout. */
#include "open.h"

int main(void)
{
	char line[MAXLINE], buf[8192];
	int fd, n;

	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = 0;
		fd = csopen(line, O_RDONLY);
		if (fd < 0)
			continue;       /* the server's words went to stderr */
		while ((n = (int)read(fd, buf, sizeof buf)) > 0)
			if (write(STDOUT_FILENO, buf, (size_t)n) != n)
				err_sys("can't write");
		if (n < 0)
			err_sys("can't read");
		close(fd);
	}
	return 0;
}
