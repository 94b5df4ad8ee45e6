package export

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"nianbao/store"
)

// TestCompare pivots codes of the golden fixtures: the 2014-format seed
// (赣州市商务局 2017) and the Fujian-format Pingtan reports of 2011, 2012
// and 2015, whose values have a cumulative dim.
func TestCompare(t *testing.T) {
	db := testDB(t)
	for _, tc := range []struct {
		name string
		code string
		f    store.Filter
		want comparison
	}{
		{"dims and a footnote", "proactive.total", store.Filter{}, comparison{
			title:  "proactive.total 主动公开政府信息数（不同渠道和方式公开相同信息计1条） (条)",
			header: []string{"agency", "dim", "2011", "2012", "2015", "2017"},
			labels: 2,
			rows: [][]string{
				{"平潭综合实验区", `""`, "425", "739", "2949", "—"},
				{"平潭综合实验区", "cumulative 历年累计", "1516", "4359", "81916", "—"},
				{"赣州市商务局", `""`, "—", "—", "—", "806 [1]"},
			},
			notes: []string{"[1] 赣州市商务局 2017: warning source proactive-channels: publication channels: 0+662+0+142+0 = 804, " +
				"but proactive.total (（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）) is 806"},
		}},
		{"one dim: no dim column", "proactive.total", store.Filter{Dims: []string{"cumulative"}}, comparison{
			title:  "proactive.total 主动公开政府信息数（不同渠道和方式公开相同信息计1条） (条)",
			header: []string{"agency", "2011", "2012", "2015"},
			labels: 1,
			rows:   [][]string{{"平潭综合实验区", "1516", "4359", "81916"}},
		}},
		{"two units: shown with each value", "requests.received", store.Filter{}, comparison{
			title:  "requests.received 收到申请数",
			header: []string{"agency", "dim", "2011", "2012", "2015", "2017"},
			labels: 2,
			rows: [][]string{
				{"平潭综合实验区", `""`, "0 条", "0 条", "0 条", "—"},
				{"平潭综合实验区", "cumulative 历年累计", "0 条", "0 条", "1 条", "—"},
				{"赣州市商务局", `""`, "—", "—", "—", "0 件"},
			},
		}},
		{"years filtered", "fees.collected", store.Filter{YearFrom: 2017, YearTo: 2017}, comparison{
			title:  "fees.collected 依申请公开信息收取的费用 (万元)",
			header: []string{"agency", "2017"},
			labels: 1,
			rows:   [][]string{{"赣州市商务局", "0"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Compare(context.Background(), db, tc.code, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tc.want.title || !reflect.DeepEqual(got.Header, tc.want.header) || got.Labels != tc.want.labels ||
				!reflect.DeepEqual(got.Rows(), tc.want.rows) || !reflect.DeepEqual(got.Notes, tc.want.notes) {
				t.Errorf("got  %q %q %d\n%q\n%q\nwant %#v", got.Title, got.Header, got.Labels, got.Rows(), got.Notes, tc.want)
			}
		})
	}
}

// comparison is what a test expects of a Comparison.
type comparison struct {
	title  string
	header []string
	labels int
	rows   [][]string
	notes  []string
}

func TestCompareNoValues(t *testing.T) {
	db := testDB(t)
	_, err := Compare(context.Background(), db, "proactive.total", store.Filter{YearFrom: 2019, YearTo: 2019})
	if err == nil || !strings.Contains(err.Error(), "no current report has a value of proactive.total") {
		t.Fatalf("err = %v, want no current report has a value", err)
	}
}

// TestPivotAgencyText: an agency name found in several regions is shown
// with its region, named by the report or else by its code.
func TestPivotAgencyText(t *testing.T) {
	one := 1.0
	vs := newPivotValues()
	for _, v := range []store.CompareValue{
		{ReportID: 1, Agency: "财政局", Region: "平潭", Year: 2020, Value: &one},
		{ReportID: 2, Agency: "财政局", RegionCode: "321322", Year: 2020, Value: &one},
		{ReportID: 3, Agency: "财政局", Year: 2021, Value: &one},
		{ReportID: 4, Agency: "商务局", Region: "赣州", Year: 2020, Value: &one},
		{ReportID: 5, Year: 2020, Value: &one},
	} {
		vs.add(v)
	}
	p := vs.pivot()
	var got []string
	for _, r := range p.rows {
		got = append(got, p.agencyText(p.groups[r.group]))
	}
	want := []string{"—", "商务局", "财政局 (region?)", "财政局 (平潭)", "财政局 (江苏省宿迁市沭阳县)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("agencies %q, want %q", got, want)
	}
	if !reflect.DeepEqual(p.years, []int{2020, 2021}) {
		t.Errorf("years %v", p.years)
	}
}

// TestPivotReportIDs: a report's values share its group whether its id
// is kept in the dense slice or, beyond denseReports, in the map.
func TestPivotReportIDs(t *testing.T) {
	one := 1.0
	vs := newPivotValues()
	for _, v := range []store.CompareValue{
		{ReportID: 7, Agency: "财政局", Year: 2020, Value: &one},
		{ReportID: denseReports + 9, Agency: "商务局", Year: 2020, Value: &one},
		{ReportID: 7, Agency: "财政局", Dim: "cumulative", Year: 2020, Value: &one},
		{ReportID: denseReports + 9, Agency: "商务局", Dim: "cumulative", Year: 2020, Value: &one},
	} {
		vs.add(v)
	}
	p := vs.pivot()
	if len(p.groups) != 2 || len(p.rows) != 4 {
		t.Fatalf("%d groups, %d rows; want 2 and 4", len(p.groups), len(p.rows))
	}
	for _, id := range []int64{7, denseReports + 9} {
		if _, ok := vs.reportGroupOf(id); !ok {
			t.Errorf("report %d has no group", id)
		}
	}
	if _, ok := vs.reportGroupOf(8); ok {
		t.Errorf("report 8 has a group")
	}
}
