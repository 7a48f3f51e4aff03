# OpenServer.pm - what the open-server tests (t/04xx) share: start a
# version 2 server in the foreground on a scratch socket, stop it, count
# its descriptors, run a client as an unprivileged user, and the files of
# the sessions.
package OpenServer;

use strict;
use warnings;
use Exporter 'import';
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep);

our @EXPORT = qw(start_server stop_server server_alive fd_count
                 settle_fd_count nobody_prefix open_scratch
                 book_session nobody_session slurp);

# A scratch directory other users can enter (for the setpriv clients).
sub open_scratch {
    my ($dir) = @_;
    chmod 0755, $dir or die "chmod $dir: $!";
    return $dir;
}

# start_server($program, $socket, $logfile): the pid of "$program -d -s
# $socket", once its name exists (serv_listen runs before the loop).
sub start_server {
    my ($prog, $sock, $log) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>', '/dev/null' or die;
        open STDERR, '>', $log or die "$log: $!";
        exec $prog, '-d', '-s', $sock or die "exec $prog: $!";
    }
    for (1 .. 500) {
        return $pid if -e $sock;
        last if waitpid($pid, WNOHANG) == $pid;
        sleep 0.01;
    }
    die "$prog did not create $sock";
}

sub server_alive {
    my ($pid) = @_;
    return waitpid($pid, WNOHANG) == 0 && kill(0, $pid);
}

# Stop the server; its exit status (128+signal).
sub stop_server {
    my ($pid) = @_;
    kill 'TERM', $pid;
    waitpid $pid, 0;
    return $? & 127 ? 128 + ($? & 127) : $? >> 8;
}

# How many descriptors the process has open, from /proc; undef without it.
sub fd_count {
    my ($pid) = @_;
    opendir my $d, "/proc/$pid/fd" or return undef;
    my @fds = grep { /^\d+$/ } readdir $d;
    return scalar @fds;
}

# The server closes a finished client when it next runs its loop: wait (up
# to 5 seconds) for its count to come back to $want, and return the count.
sub settle_fd_count {
    my ($pid, $want) = @_;
    my $n;
    for (1 .. 500) {
        $n = fd_count($pid);
        return $n if !defined $n || $n == $want;
        sleep 0.01;
    }
    return $n;
}

# The argv prefix that runs a program as nobody, or undef if we cannot.
sub nobody_prefix {
    return undef unless $> == 0;
    for my $dir (split /:/, $ENV{PATH} // '/usr/bin:/bin') {
        return ["$dir/setpriv", '--reuid=65534', '--regid=65534',
                '--clear-groups'] if -x "$dir/setpriv";
    }
    return undef;
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or return '';
    local $/;
    return <$fh> // '';
}

sub write_file {
    my ($path, $text, $mode) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print {$fh} $text;
    close $fh;
    chmod $mode, $path if defined $mode;
}

# The files of a session like the book's, in $dir: a readable file, a
# missing one, a directory, a path name with a space (next to a file "a"
# the server must never send instead).  Returns {stdin, out, err}.
sub book_session {
    my ($dir) = @_;
    write_file("$dir/readable", "a readable file\n", 0644);
    write_file("$dir/second", "line one\nline two\n", 0644);
    write_file("$dir/a", "WRONG FILE\n", 0644);
    mkdir "$dir/dir";
    return {
        stdin => join('', map { "$dir/$_\n" }
                      qw(readable missing dir second), 'a b', 'readable'),
        out => "a readable file\nline one\nline two\na readable file\n",
        err => "can't open $dir/missing: No such file or directory\n"
             . "can't read $dir/dir: Is a directory\n"
             . "csopen: $dir/a b: the open request cannot carry a path name "
             . "with white space\n",
    };
}

# Files nobody may not read: one of mode 0600, one in a directory of mode
# 0700.  Returns {stdin, out, err} for a client running as nobody.
sub nobody_session {
    my ($dir) = @_;
    write_file("$dir/public", "for everyone\n", 0644);
    write_file("$dir/secret", "root only\n", 0600);
    mkdir "$dir/private";
    chmod 0700, "$dir/private";
    write_file("$dir/private/inner", "behind a closed directory\n", 0644);
    return {
        stdin => "$dir/public\n$dir/secret\n$dir/private/inner\n$dir/public\n",
        out => "for everyone\nfor everyone\n",
        err => "can't open $dir/secret: Permission denied\n"
             . "can't open $dir/private/inner: Permission denied\n",
    };
}

1;
