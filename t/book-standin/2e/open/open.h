/* open.h - stand-in (our own code): the version 2 client's names. */
#include "apue.h"
#include <errno.h>

#define CS_OPEN "/home/sar/opend"       /* the book's 2e name */
#define CL_OPEN "open"

int csopen(char *name, int oflag);
