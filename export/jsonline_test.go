package export

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// The JSON Lines writer writes what encoding/json writes (HTML escaping
// off) for every value a record holds: strings of any bytes, numbers at
// the edges of their forms; and an object per record, its keys in order.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, false, 0, -7, int64(1) << 62, "", "平潭综合实验区", `a"b\c`, "<b>&amp;</b>", "tab\tnl\nret\rbs\bff\f",
		"\x00\x01\x1f\x7f", "line\u2028para\u2029end", "bad \xff\xfe utf8 \xe4\xb8", "emoji 😀 and 𠮷",
		0.0, math.Copysign(0, -1), 1.0, 0.1, 123.456, -1.5e-10, 1e-6, 9.99999e-7, 1e-7, 1e21, 9.99e20, 1e300,
		5e-324, math.MaxFloat64, -math.MaxFloat64, 1234567890123456789.0,
		[]string(nil), []string{}, []string{"a", "复议", `"q"`},
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "表", "\"", "\\", "\n", "\x00", "\x1b", "\xff", "\xe2\x80\xa8", "\xe2\x80", "<", "&", " "}
	for range 2000 {
		var s strings.Builder
		for range rnd.IntN(12) {
			s.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		values = append(values, s.String())
	}
	for range 2000 {
		values = append(values, math.Float64frombits(rnd.Uint64()), rnd.NormFloat64()*math.Pow(10, float64(rnd.IntN(60)-30)))
	}
	for _, v := range values {
		want, werr := marshal(v)
		got, gerr := appendJSONValue(nil, v)
		if (werr != nil) != (gerr != nil) {
			t.Errorf("%#v: error %v, encoding/json's %v", v, gerr, werr)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%#v: %s, encoding/json writes %s", v, got, want)
		}
	}
	// Records: fields in order, one line each.
	var out bytes.Buffer
	j := &jsonLines{w: &out}
	fields := []field{text("agency", "区<政府>"), {"year", "2024", 2024}, nullable("region", ""), {"value", "1.5", 1.5},
		{"values", "", orderedObject{{"a.b", "", 2.0}, {"c", "", nil}}}}
	for range 2 {
		if err := j.write(fields); err != nil {
			t.Fatal(err)
		}
	}
	line := `{"agency":"区<政府>","year":2024,"region":null,"value":1.5,"values":{"a.b":2,"c":null}}` + "\n"
	if out.String() != line+line {
		t.Errorf("records:\n%s\nwant\n%s", out.String(), line+line)
	}
}
