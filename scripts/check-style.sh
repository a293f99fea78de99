#!/bin/sh
# scripts/check-style.sh - mechanical style check of src/ and tests/unit/
# (make style).  See docs/style.md for the style itself.
#
# Reports, as file:line: problem, every
#   - tab character,
#   - line longer than 100 columns (counted in characters, not bytes),
#   - // comment (outside string and character literals),
#   - call of a banned function: strcpy strcat strncpy strncat sprintf
#     vsprintf strtok gets (outside comments and literals;
#     src/core/compiler.h, which bans them, is exempt),
# and runs scripts/check-migrations.sh (committed migrations are frozen).
# Exits 1 if anything was reported.
set -eu
cd "$(dirname "$0")/.."

migrations=0
sh scripts/check-migrations.sh || migrations=1

files=$(find src tests/unit -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "style: no files"; exit 0; }

# shellcheck disable=SC2086
perl -CSD -e '
my $bad = 0;
for my $file (@ARGV) {
    open(my $fh, "<:encoding(UTF-8)", $file) or die "$file: $!\n";
    my @lines = <$fh>;
    close($fh);
    my $in_comment = 0;
    for my $i (0 .. $#lines) {
        my $line = $lines[$i];
        $line =~ s/\r?\n\z//;
        my $n = $i + 1;
        my @why;
        push @why, "tab" if $line =~ /\t/;
        my $cols = length($line);
        push @why, "$cols columns (max 100)" if $cols > 100;
        # Code only: drop comments and string/char literals.
        my $code = "";
        my $rest = $line;
        while (length $rest) {
            if ($in_comment) {
                if ($rest =~ s{^.*?\*/}{}) { $in_comment = 0; } else { $rest = ""; }
            } elsif ($rest =~ s{^/\*}{}) {
                $in_comment = 1;
            } elsif ($rest =~ s{^//.*}{}) {
                push @why, "// comment";
            } elsif ($rest =~ s{^"(?:[^"\\]|\\.)*"?}{} ||
                     $rest =~ s{^\x27(?:[^\x27\\]|\\.)*\x27?}{}) {
                $code .= "0";
            } else {
                $rest =~ s{^(.)}{};
                $code .= $1;
            }
        }
        if ($file ne "src/core/compiler.h" &&
            $code =~ /\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets)\s*\(/) {
            push @why, "banned call $1()";
        }
        for (@why) { print "$file:$n: $_\n"; $bad++; }
    }
}
if ($bad) { print "style: $bad problem(s)\n"; exit 1; }
print "style: ok\n";
' $files
exit "$migrations"
