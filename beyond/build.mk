# beyond/build.mk - programs beyond the book: demos and benchmarks.
