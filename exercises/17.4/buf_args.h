/*
 * buf_args.h - Exercise 17.4: buf_args with no compile-time limit
 * on the size of argv.
 */
#ifndef EX17_4_BUF_ARGS_H
#define EX17_4_BUF_ARGS_H

/* Split buf at white space (" \t\n") into an argv of any length, call
 * optfunc(argc, argv) with argv[argc] == NULL, free argv, and return what
 * optfunc returned.  -1 if buf has no field (as in the book), or -1 with
 * errno ENOMEM if argv cannot be allocated.  buf is modified. */
int buf_args(char *buf, int (*optfunc)(int, char **));

#endif
