package parser

import (
	"regexp/syntax"
	"testing"
)

// TestProseChecksNeedADigit checks what findNear's shortcut rests on:
// every pattern of proseChecks is a concatenation holding a captured run
// of digits, so a window with no digit cannot match.
func TestProseChecksNeedADigit(t *testing.T) {
	for _, pc := range proseChecks {
		re, err := syntax.Parse(pc.re.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		re = re.Simplify()
		ok := false
		if re.Op == syntax.OpConcat {
			for _, sub := range re.Sub {
				if sub.Op == syntax.OpCapture && sub.Sub[0].Op == syntax.OpPlus &&
					sub.Sub[0].Sub[0].Op == syntax.OpCharClass && sub.Sub[0].Sub[0].String() == `[0-9]` {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("%s: the pattern %s does not need a digit; findNear skips windows without one", pc.code, pc.re)
		}
	}
}
