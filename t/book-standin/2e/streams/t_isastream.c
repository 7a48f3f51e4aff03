/* t_isastream.c - stand-in (our own code): is each argument a stream? */
#include "apue.h"
#include <stropts.h>

int main(int argc, char *argv[])
{
	int i, fd;

	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			err_ret("%s: can't open", argv[i]);
			continue;
		}
		err_msg("%s: %s", argv[i], isastream(fd) ? "a stream" : "not a stream");
		close(fd);
	}
	return 0;
}
