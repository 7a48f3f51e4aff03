/* strlist.c - stand-in (our own code): the modules of a stream, I_LIST. */
#include "apue.h"
#include <stropts.h>
#include <sys/conf.h>

int main(int argc, char *argv[])
{
	struct str_list list;
	int fd, n, i;

	if (argc != 2)
		err_quit("usage: strlist <pathname>");
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		err_sys("%s", argv[1]);
	if ((n = ioctl(fd, I_LIST, (void *)0)) < 0)
		err_sys("I_LIST");
	printf("#modules = %d\n", n);
	if (n > 0) {
		list.sl_nmods = n;
		list.sl_modlist = calloc((size_t)n, sizeof(struct str_mlist));
		if (list.sl_modlist == NULL || ioctl(fd, I_LIST, &list) < 0)
			err_sys("I_LIST");
		for (i = 0; i < n; i++)
			printf("  %s\n", list.sl_modlist[i].l_name);
	}
	return 0;
}
