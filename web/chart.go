package web

import (
	"math"
	"strconv"
	"strings"
)

// A chart is an SVG chart drawn on the server: the page's template
// writes its shapes, so every label is escaped like any other text.
type chart struct {
	Width, Height int
	Series        []series // line chart: one per agency
	Bars          []bar    // bar chart: one per agency with a value
	XTicks        []tick
	YTicks        []tick
	Year          int // bar chart: the year shown
	PlotLeft      float64
	PlotRight     float64
	PlotTop       float64
	PlotBottom    float64
}

type series struct {
	Agency string
	Color  string
	Path   string // SVG path data; gaps where a year has no value
	Points []point
}

type point struct {
	X, Y   float64
	Value  float64
	Year   int
	Report int64
}

type bar struct {
	Agency     string
	Color      string
	X, Y, W, H float64
	LabelY     float64
	Value      float64
	Report     int64
}

type tick struct {
	Pos   float64
	Label string
}

// palette holds the colours of the series, in turn.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

func color(i int) string { return palette[i%len(palette)] }

// niceMax is a round number at or above v for the top of an axis.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// lineChart draws one line per row over the years: x the years, y the
// values from 0 to a round maximum.
func lineChart(years []int, rows []agencyRow) *chart {
	c := &chart{Width: 760, Height: 320, PlotLeft: 70, PlotRight: 740, PlotTop: 16, PlotBottom: 280}
	top := 0.0
	for _, r := range rows {
		for _, cell := range r.Cells {
			if cell.Value != nil {
				top = max(top, *cell.Value)
			}
		}
	}
	top = niceMax(top)
	// x is proportional to the year (a gap of years shows as one), or
	// evenly spaced when a year is unknown (0).
	x := func(i int) float64 {
		if len(years) == 1 {
			return (c.PlotLeft + c.PlotRight) / 2
		}
		first, last := years[0], years[len(years)-1]
		frac := float64(i) / float64(len(years)-1)
		if first > 0 {
			frac = float64(years[i]-first) / float64(last-first)
		}
		return c.PlotLeft + 20 + frac*(c.PlotRight-c.PlotLeft-40)
	}
	y := func(v float64) float64 { return c.PlotBottom - v/top*(c.PlotBottom-c.PlotTop) }
	for i, yr := range years {
		c.XTicks = append(c.XTicks, tick{Pos: x(i), Label: yearStr(yr)})
	}
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		c.YTicks = append(c.YTicks, tick{Pos: y(v), Label: num(round(v))})
	}
	for n, r := range rows {
		s := series{Agency: r.Agency, Color: color(n)}
		var path strings.Builder
		pen := false
		for i, cell := range r.Cells {
			if cell.Value == nil {
				pen = false
				continue
			}
			p := point{X: x(i), Y: y(*cell.Value), Value: *cell.Value, Year: cell.Year, Report: cell.Report}
			s.Points = append(s.Points, p)
			if pen {
				path.WriteString(" L")
			} else {
				path.WriteString(" M")
			}
			path.WriteString(f1(p.X) + " " + f1(p.Y))
			pen = true
		}
		s.Path = strings.TrimSpace(path.String())
		c.Series = append(c.Series, s)
	}
	return c
}

// barChart draws one horizontal bar per row with a value in year.
func barChart(year int, years []int, rows []agencyRow) *chart {
	col := -1
	for i, y := range years {
		if y == year {
			col = i
		}
	}
	c := &chart{Width: 760, Year: year, PlotLeft: 260, PlotRight: 700, PlotTop: 10}
	if col < 0 {
		return c
	}
	top := 0.0
	for _, r := range rows {
		if v := r.Cells[col].Value; v != nil {
			top = max(top, *v)
		}
	}
	top = niceMax(top)
	const h = 22.0
	yPos := c.PlotTop
	for n, r := range rows {
		cell := r.Cells[col]
		if cell.Value == nil {
			continue
		}
		w := *cell.Value / top * (c.PlotRight - c.PlotLeft)
		c.Bars = append(c.Bars, bar{Agency: r.Agency, Color: color(n), X: c.PlotLeft, Y: yPos, W: w, H: h - 6, LabelY: yPos + h/2 + 1,
			Value: *cell.Value, Report: cell.Report})
		yPos += h
	}
	c.PlotBottom = yPos + 4
	c.Height = int(yPos) + 30
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		c.XTicks = append(c.XTicks, tick{Pos: c.PlotLeft + float64(i)/4*(c.PlotRight-c.PlotLeft), Label: num(round(v))})
	}
	return c
}

func round(v float64) float64 { return math.Round(v*100) / 100 }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
