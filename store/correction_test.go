package store

import (
	"context"
	"testing"

	"nianbao"
)

// A correction is archived without a report, even when it prints the
// whole corrected table, and linked to the report it corrects; saving
// it again and re-parsing the archive leave it so.
func TestSaveCorrection(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	const reportURL, correctionURL = "http://a.gov.cn/nb/202101/t20210120_1.htm", "http://a.gov.cn/nb/202105/t20210510_9.htm"
	rep, err := db.SaveFetched(ctx, URL{URL: reportURL, Site: "a", Kind: "report", Title: "某区2020年度政府信息公开工作年度报告", Year: 2020},
		&Document{Source: reportURL, Body: body})
	if err != nil || rep.ReportID == 0 {
		t.Fatalf("report: %+v, %v", rep, err)
	}
	u := URL{URL: correctionURL, Site: "a", Kind: KindCorrection, Title: "关于2020年度政府信息公开工作年度报告的更正说明", Year: 2020, CorrectsURL: reportURL}
	res, err := db.SaveFetched(ctx, u, &Document{Source: correctionURL, Body: append([]byte("更正说明\n"), body...)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != nianbao.OutcomeNew || res.DocumentID == 0 || res.ReportID != 0 || res.Report != nil {
		t.Errorf("correction: %+v", res)
	}
	if n := count(t, db, `SELECT count(*) FROM reports`); n != 1 {
		t.Errorf("%d reports, want 1: the correction was parsed into one", n)
	}
	again, err := db.SaveFetched(ctx, u, &Document{Source: correctionURL, Body: append([]byte("更正说明\n"), body...)})
	if err != nil || again.Outcome != nianbao.OutcomeUnchanged || again.DocumentID != res.DocumentID {
		t.Errorf("correction saved again: %+v, %v", again, err)
	}
	got, err := db.LookupURL(ctx, correctionURL)
	if err != nil || got.Kind != KindCorrection || got.CorrectsURL != reportURL || got.DocumentID != res.DocumentID {
		t.Errorf("url: %+v, %v", got, err)
	}
	var corrects string
	var reportID int64
	if err := db.db.QueryRow(`SELECT corrects_url, report_id FROM corrections WHERE url = ?`, correctionURL).Scan(&corrects, &reportID); err != nil ||
		corrects != reportURL || reportID != rep.ReportID {
		t.Errorf("corrections view: %q %d, %v; want %q %d", corrects, reportID, err, reportURL, rep.ReportID)
	}
	sum, err := db.Reparse(ctx, nil)
	if err != nil || sum.Documents != 1 || count(t, db, `SELECT count(*) FROM reports`) != 1 {
		t.Errorf("reparse: %+v, %v, %d reports", sum, err, count(t, db, `SELECT count(*) FROM reports`))
	}
}
