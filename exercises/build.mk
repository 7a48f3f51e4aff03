# exercises/build.mk - the chapter's exercises.
