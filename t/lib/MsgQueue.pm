# MsgQueue.pm - what the message-queue tests (Figure 17.3 and Exercise
# 17.1) share: private ftok keys, whether a queue with a key exists, and
# a poller started with its stdout on a pipe.  Perl core modules only.
package MsgQueue;

use strict;
use warnings;
use Exporter 'import';
use IPC::SysV qw(ftok);
use POSIX qw(ENOENT);

our @EXPORT = qw(fresh_keys queue_exists keys_left start_poller finish_poller
                 hexkey slurp_file);

# Three keys nobody else uses: ftok(FILE, 1..3) of a new file in $dir.
my $nfiles = 0;
sub fresh_keys {
    my ($dir) = @_;
    my $file = "$dir/keyfile" . ++$nfiles;
    open my $fh, '>', $file or die "$file: $!";
    close $fh;
    return ($file, map { ftok($file, $_) // die "ftok: $!" } 1 .. 3);
}

# Does a queue with this key exist?  msgget(key, 0) fails with ENOENT
# exactly when none does.
sub queue_exists {
    my ($key) = @_;
    return 1 if defined msgget($key, 0);
    return $! == ENOENT ? 0 : 1;    # EACCES and the like: it exists
}
sub keys_left { return grep { queue_exists($_) } @_ }

# start_poller($dir, $program, @args): its pid, a handle on its stdout,
# and the file that collects its stderr.
sub start_poller {
    my ($dir, $prog, @args) = @_;
    my $err = "$dir/err" . ++$nfiles;
    my $pid = open(my $out, '-|') // die "fork: $!";
    if ($pid == 0) {
        open STDERR, '>', $err or die;
        exec $prog, @args or die "exec $prog: $!";
    }
    return ($pid, $out, $err);
}

# The rest of its output, and its exit status, once it has ended.
sub finish_poller {
    my ($pid, $out) = @_;
    local $/;
    my $rest = <$out> // '';
    close $out;         # waits for it
    my $status = $? & 127 ? 128 + ($? & 127) : $? >> 8;
    return ($rest, $status);
}

sub hexkey { return sprintf '0x%x', $_[0] }
sub slurp_file { open my $fh, '<', $_[0] or return ''; local $/; return <$fh> // '' }

1;
