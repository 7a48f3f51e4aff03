#ifndef STR_READ_CHK_H
#define STR_READ_CHK_H

#include <sys/types.h>

#define FORTIFIED_READ_MAX 1000

/* 1 when str_read_chk.c was built with _FORTIFY_SOURCE in effect. */
int fortified_read_checked(void);
/* read(fd, ..., want) through a fortified call, copied to out;
 * want <= FORTIFIED_READ_MAX. */
ssize_t fortified_read(int fd, char *out, size_t want);

#endif
