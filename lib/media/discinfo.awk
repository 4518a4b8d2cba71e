# SPDX-License-Identifier: GPL-2.0-or-later
# discinfo.awk - discinfo.tab to C initializer rows for discinfo.c. A row
# that is not "ID OSVER ARCH DISCS" in the characters such names use stops
# the build with the line number, so nothing odd reaches a C string.
function bad(why) {
	printf "%s:%d: %s\n", FILENAME, FNR, why > "/dev/stderr"
	failed = 1
	exit 1
}
/^[ \t]*(#|$)/ { next }
{
	if (NF != 4)
		bad("want 4 columns: ID OSVER ARCH DISCS")
	if ($1 !~ /^[0-9]+\.[0-9]+$/)
		bad("the id is a compose timestamp, digits.digits")
	if ($2 !~ /^[A-Za-z][A-Za-z0-9._-]*$/)
		bad("the OS version is letters, digits, '.', '_' or '-'")
	if ($3 !~ /^([a-z][a-z0-9_]*|-)$/)
		bad("the architecture is lowercase letters, digits and '_', or -")
	if ($4 !~ /^[0-9]+$/)
		bad("the disc count is a number")
	arch = ($3 == "-") ? "NULL" : "\"" $3 "\""
	printf "\t{ \"%s\", \"%s\", %s, %s },\n", $1, $2, arch, $4
	rows++
}
END {
	if (!failed && !rows) {
		print FILENAME ": no rows" > "/dev/stderr"
		exit 1
	}
}
