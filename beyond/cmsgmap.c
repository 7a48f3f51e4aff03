/*
 * cmsgmap.c - draw the control buffer that carries n descriptors in one
 * SCM_RIGHTS message on this platform: where the header's fields, the
 * data and the padding sit, and CMSG_LEN against CMSG_SPACE.
 *
 * Book: struct cmsghdr and the CMSG_* macros of 3e Section 17.4 (2e
 * Section 17.4.2), used by send_fd (3e Figure 17.13).  The book
 * shows the layout for one descriptor; this program measures any n on the
 * system it runs on.
 *
 * usage: cmsgmap [-h] [-t] [n ...]   (n defaults to 1)
 *   -t  a table of the sizes for n = 0, 1, 2, 3, 4, 16, 64, 253 instead
 */
#include "apue.h"
#include <sys/socket.h>

/* Bytes of the drawing, one character per byte. */
enum { LEN_BYTE = 'L', LEVEL_BYTE = 'V', TYPE_BYTE = 'T', HDR_PAD = 'h',
       PAD_BYTE = '.' };

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: cmsgmap [-h] [-t] [n ...]\n"
		"  Draw the control buffer for n descriptors (default 1).\n"
		"  -t  table of CMSG_LEN and CMSG_SPACE for several n\n");
	exit(status);
}

static int parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || n < 0 || n > 4096)
		err_quit("cmsgmap: bad count '%s' (0..4096)", s);
	return (int)n;
}

/* The role of byte i of a buffer laid out for nfds descriptors. */
static char byte_role(size_t i, size_t data_off, int nfds)
{
	const size_t len_off = offsetof(struct cmsghdr, cmsg_len);
	const size_t level_off = offsetof(struct cmsghdr, cmsg_level);
	const size_t type_off = offsetof(struct cmsghdr, cmsg_type);
	const struct cmsghdr *h = NULL;

	if (i >= len_off && i < len_off + sizeof h->cmsg_len)
		return LEN_BYTE;
	if (i >= level_off && i < level_off + sizeof h->cmsg_level)
		return LEVEL_BYTE;
	if (i >= type_off && i < type_off + sizeof h->cmsg_type)
		return TYPE_BYTE;
	if (i < data_off)
		return HDR_PAD;
	if (i < data_off + (size_t)nfds * sizeof(int))
		return (char)('0' + ((i - data_off) / sizeof(int)) % 10);
	return PAD_BYTE;
}

static void draw(int nfds)
{
	size_t datalen = (size_t)nfds * sizeof(int);
	size_t space = CMSG_SPACE(datalen), len = CMSG_LEN(datalen);
	unsigned char *buf = calloc(1, space ? space : 1);
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	size_t data_off;

	if (buf == NULL)
		err_sys("calloc error");
	msg.msg_control = buf;
	msg.msg_controllen = space;
	cmsg = CMSG_FIRSTHDR(&msg);
	data_off = (size_t)(CMSG_DATA(cmsg) - buf);

	printf("control buffer for %d descriptor%s\n", nfds, nfds == 1 ? "" : "s");
	printf("  sizeof(struct cmsghdr) = %zu, sizeof(int) = %zu\n",
	       sizeof(struct cmsghdr), sizeof(int));
	printf("  cmsg_len   at offset %2zu, %zu bytes\n",
	       offsetof(struct cmsghdr, cmsg_len), sizeof cmsg->cmsg_len);
	printf("  cmsg_level at offset %2zu, %zu bytes (SOL_SOCKET = %d)\n",
	       offsetof(struct cmsghdr, cmsg_level), sizeof cmsg->cmsg_level,
	       SOL_SOCKET);
	printf("  cmsg_type  at offset %2zu, %zu bytes (SCM_RIGHTS = %d)\n",
	       offsetof(struct cmsghdr, cmsg_type), sizeof cmsg->cmsg_type,
	       SCM_RIGHTS);
	printf("  data       at offset %2zu (CMSG_DATA), %zu bytes\n",
	       data_off, datalen);
	printf("  padding    %zu bytes after the data\n", space - len);
	printf("  CMSG_LEN(%zu)   = %zu   (goes in cmsg_len)\n", datalen, len);
	printf("  CMSG_SPACE(%zu) = %zu   (goes in msg_controllen)\n",
	       datalen, space);
	if (nfds <= 16) {
		printf("  bytes: L cmsg_len, V cmsg_level, T cmsg_type, "
		       "h header padding, 0-9 descriptor index, . padding\n");
		for (size_t row = 0; row < space; row += 16) {
			printf("  %4zu  ", row);
			for (size_t i = row; i < row + 16 && i < space; i++)
				putchar(byte_role(i, data_off, nfds));
			putchar('\n');
		}
	}
	printf("  %4zu  end (a next cmsghdr would start here)\n", space);
	free(buf);
}

static void table(void)
{
	static const int counts[] = { 0, 1, 2, 3, 4, 16, 64, 253 };

	printf("%6s %10s %10s %12s\n", "n", "CMSG_LEN", "CMSG_SPACE", "padding");
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		size_t datalen = (size_t)counts[i] * sizeof(int);

		printf("%6d %10zu %10zu %12zu\n", counts[i], (size_t)CMSG_LEN(datalen),
		       (size_t)CMSG_SPACE(datalen),
		       (size_t)(CMSG_SPACE(datalen) - CMSG_LEN(datalen)));
	}
}

int main(int argc, char *argv[])
{
	int first = 1;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		if (argc > 2)
			usage(stderr, 2);
		table();
		return 0;
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			usage(stderr, 2);
	if (argc == 1) {
		draw(1);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!first)
			putchar('\n');
		draw(parse_count(argv[i]));
		first = 0;
	}
	return 0;
}
