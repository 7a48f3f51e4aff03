# TreeCopy.pm - what the build tests (t/builds/) share: a copy of the source
# tree in a scratch directory, so that a build with other flags or other
# features never touches the tree the other tests run from, and make run
# there with its output captured.
package TreeCopy;

use strict;
use warnings;
use Exporter 'import';
use ApueTest;

our @EXPORT = qw(copy_tree make_in);

# The sources of the tree (no objects, libraries or programs) in $dest.
sub copy_tree {
    my ($dest) = @_;
    my $top = top_dir();
    my $r = run_program(argv => ['sh', '-c',
        'tar -C "$1" --exclude=./.git --exclude="*.o" --exclude="*.d" ' .
        '--exclude="*.a" --exclude=./t/fuzz/work --exclude=./t/fuzz/obj ' .
        '--exclude=./.build-flags --exclude=./.left-out -cf - . | ' .
        'tar -C "$2" -xf -', 'sh', $top, $dest]);
    die "copying the tree: $r->{err}" if $r->{status} != 0;
    # The copy holds the programs built here too: make clean removes them.
    $r = make_in($dest, 'clean');
    die "make clean in the copy: $r->{err}" if $r->{status} != 0;
    return $dest;
}

# make ARGS in $dir (as many jobs as CPUs, the GNUmakefile's default), as
# long as it takes: { out, err, status } as run_program gives.  The
# variables of the make that runs the tests (make check SANITIZE=1 puts
# SANITIZE, CC and the like in the environment) are dropped: the build
# in the copy is what ARGS say.
sub make_in {
    my ($dir, @args) = @_;
    my @unset = map { ('-u', $_) } grep { exists $ENV{$_} }
        qw(MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SANITIZE WERROR CFLAGS
           EXTRA_CFLAGS LDFLAGS LDLIBS CC), grep { /^HAVE_/ } keys %ENV;
    return run_program(argv => ['env', @unset, 'make', '--no-print-directory', @args],
                       chdir => $dir, timeout => 0);
}

1;
