package main

import (
	"strings"
	"testing"
)

// A code not in the data dictionary fails export and compare, with the
// closest codes suggested, instead of selecting nothing.
func TestUnknownCode(t *testing.T) {
	db := importedDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "-db", db, "-code", "requests.recieved"}, `unknown code "requests.recieved"; did you mean requests.received?`},
		{[]string{"export", "-db", db, "-code", "requests.recieved"}, `unknown code "requests.recieved"; did you mean requests.received?`},
		{[]string{"export", "-db", db, "-findings", "-code", "proactive.total,review.totl"}, `unknown code "review.totl"; did you mean review.total?`},
		{[]string{"export", "-db", db, "-code", "Proactive.Total"}, `did you mean proactive.total?`},
		{[]string{"compare", "-db", db, "-code", "staff"}, `unknown code "staff"; did you mean staff.total, staff.full_time or staff.part_time?`},
		{[]string{"compare", "-db", db, "-code", "no.such.code"}, `unknown code "no.such.code"; nianbao indicators lists the codes`},
	} {
		code, out, stderr := run(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.args[1:], code, out, stderr, tc.want)
		}
	}
	// Every known code still exports.
	if code, out, stderr := run(t, "export", "-db", db, "-code", "requests.received,review.total"); code != 0 || !strings.Contains(out, "requests.received") {
		t.Errorf("known codes: exit %d: %s", code, stderr)
	}
}

func TestClosestCodes(t *testing.T) {
	dict := map[string]bool{"requests.received": true, "requests.refused": true, "review.total": true, "staff.total": true}
	for in, want := range map[string]string{
		"requests.recieved": "requests.received",
		"requests.refsued":  "requests.refused",
		"reviewtotal":       "review.total",
		"zzz":               "",
	} {
		if got := strings.Join(closestCodes(in, dict), ","); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
	if d := editDistance("ab", "ba"); d != 1 {
		t.Errorf("a transposition is %d edits", d)
	}
}
