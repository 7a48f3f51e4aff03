/* t_isastream.c - stand-in (our own code): is each argument a stream? */
#include "apue.h"
#include <stropts.h>

int main(int argc, char *argv[])
{
	int k, fd;

	for (k = 1; k < argc; k++) {
		fd = open(argv[k], O_RDONLY);
		if (fd < 0) {
			err_ret("%s", argv[k]);
		} else {
			err_msg("%s: %s", argv[k],
				isastream(fd) ? "a stream" : "not a stream");
			close(fd);
		}
	}
	return 0;
}
