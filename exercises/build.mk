# exercises/build.mk - the chapter's exercises.

# Exercise 17.4: buf_args with no compile-time limit on argv.
PROGRAMS += exercises/ex17_4_args
exercises/ex17_4_args_OBJS := exercises/ex17_4_args.o exercises/ex17_4_buf_args.o
