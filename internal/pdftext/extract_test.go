package pdftext

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pageText(p Page) string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// TestExtractPredefinedCMap: a font that is not embedded, with the
// predefined CMap GBK-EUC-H and no ToUnicode, still reads as Chinese.
func TestExtractPredefinedCMap(t *testing.T) {
	pages, err := Extract(context.Background(), fixture(t, "cmap-GBK-EUC-H.pdf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(pages[0])
	for _, want := range []string{"平潭综合实验区", "政府信息公开工作年度报告", "规范性文件", "对外公开总数量"} {
		if !strings.Contains(text, want) {
			t.Errorf("page 1 lacks %q: %q", want, text)
		}
	}
}

// TestExtractPositions: runs carry their baseline and extent, so that
// the cells of one table row share a baseline and lie left to right.
func TestExtractPositions(t *testing.T) {
	pages, err := Extract(context.Background(), fixture(t, "pingtan_2024_identityh.pdf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var label *Run
	var values []Run
	for _, p := range pages {
		for i, r := range p.Runs {
			if r.Text == "规章" {
				label = &p.Runs[i]
			}
		}
		if label != nil {
			for _, r := range p.Runs {
				if r.X0 > label.X1 && r.Y > label.Y-3 && r.Y < label.Y+3 {
					values = append(values, r)
				}
			}
			break
		}
	}
	if label == nil || len(values) != 3 {
		t.Fatalf("row 规章: label %v, values %v; want 3 values on its baseline", label, values)
	}
	for i, v := range values {
		if v.Text != "0" || v.Size < 8 || v.X1 <= v.X0 || i > 0 && v.X0 <= values[i-1].X1 {
			t.Errorf("value %d of 规章: %+v", i, v)
		}
	}
	if len(pages[0].Rules) == 0 && len(pages[2].Rules) == 0 {
		t.Error("no ruling lines found on pages 1 and 3")
	}
}

func TestExtractErrors(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		data []byte
		lim  Limits
		want error
	}{
		{"image only", context.Background(), fixture(t, "image-only.pdf"), Limits{}, ErrNoText},
		{"too many pages", context.Background(), fixture(t, "pingtan_2024.pdf"), Limits{MaxPages: 3}, ErrTooManyPages},
		{"cancelled", cancelled, fixture(t, "pingtan_2024.pdf"), Limits{}, context.Canceled},
		{"garbage", context.Background(), []byte("%PDF-1.4\n\x00\x01garbage"), Limits{}, nil},
		{"empty", context.Background(), nil, Limits{}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Extract(c.ctx, c.data, c.lim)
			if err == nil {
				t.Fatal("no error")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
}

func TestExtractEncrypted(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "parser", "testdata", "encrypted.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Extract(context.Background(), b, Limits{}); !errors.Is(err, ErrEncrypted) {
		t.Errorf("error %v, want %v", err, ErrEncrypted)
	}
}

// TestExtractTimeout: a document still being read when the time is up
// is stopped, and the next document is read by a fresh instance.
func TestExtractTimeout(t *testing.T) {
	data := fixture(t, "pingtan_2019_identityh.pdf")
	if _, err := Warm(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Extract(context.Background(), data, Limits{Timeout: time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping took %v", d)
	}
	if _, err := Extract(context.Background(), data, Limits{}); err != nil {
		t.Fatalf("the next document: %v", err)
	}
}

// TestRecycle: an instance reads RecycleAfter documents and is then
// replaced; one whose document failed is replaced at once.
func TestRecycle(t *testing.T) {
	data := fixture(t, "cmap-GBK-EUC-H.pdf")
	if _, err := Warm(); err != nil {
		t.Fatal(err)
	}
	engine.Lock()
	if engine.inst != nil { // left by the tests before: start afresh
		engine.inst.Close()
		engine.inst = nil
	}
	engine.Unlock()
	for i := 1; i <= RecycleAfter; i++ {
		if _, err := Extract(context.Background(), data, Limits{}); err != nil {
			t.Fatal(err)
		}
		engine.Lock()
		inst, docs := engine.inst, engine.docs
		engine.Unlock()
		if i < RecycleAfter && (inst == nil || docs != i) {
			t.Fatalf("after %d documents: instance %v, %d documents on it", i, inst, docs)
		}
		if i == RecycleAfter && inst != nil {
			t.Fatalf("after %d documents the instance was kept", i)
		}
	}
	if _, err := Extract(context.Background(), []byte("%PDF-1.4 garbage"), Limits{}); err == nil {
		t.Fatal("garbage read")
	}
	engine.Lock()
	defer engine.Unlock()
	if engine.inst != nil {
		t.Error("the instance that failed was kept")
	}
}
