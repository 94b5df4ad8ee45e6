package crawler

import (
	"context"
	"time"
)

// A Sink keeps what the crawler fetches. The crawler hands it each
// document as soon as it is fetched, so that an interrupted run loses
// nothing, and asks it what earlier runs saw, so that the next run
// fetches unchanged pages conditionally. Methods are called from several
// goroutines at once.
type Sink interface {
	// Previous returns what was last recorded for url, or nil and no
	// error when url was never saved.
	Previous(ctx context.Context, url string) (*Previous, error)
	// Known returns the documents of site saved by earlier runs that are
	// not gone, so that a report no longer linked from its listing is
	// still checked (and found gone when it was deleted).
	Known(ctx context.Context, site string) ([]Previous, error)
	// Save keeps a fetched document: a new or changed one with its
	// bytes, an unchanged one (no bytes) or one that is gone.
	Save(ctx context.Context, doc *Document) error
	// LogFetch records one HTTP request, or a URL skipped without one.
	LogFetch(ctx context.Context, f *FetchLog) error
}

// An ArchiveSink is a Sink that also returns the bytes it archived for
// a URL. With one, a report page that answers 304 Not Modified is
// scanned again for its attachments from the archived bytes: an
// attachment an interrupted run never fetched is fetched by the next.
type ArchiveSink interface {
	Sink
	// Archived returns the bytes last archived for url; nil and no
	// error when none are.
	Archived(ctx context.Context, url string) ([]byte, error)
}

// Kind is the role of a document in a column.
type Kind string

// Kinds of document.
const (
	Listing    Kind = "listing"    // a page of the column's list of reports
	Report     Kind = "report"     // a report, as a page or a file linked from the listing
	Attachment Kind = "attachment" // a file linked from a report page
	Correction Kind = "correction" // a correction or erratum to a report (notice.go)
)

// Change is what a fetch found compared with the previous record.
type Change string

// Changes.
const (
	NewDoc    Change = "new"       // never saved before
	Changed   Change = "changed"   // different bytes: a new version (also a page back after being gone)
	Unchanged Change = "unchanged" // 304 Not Modified, or the same bytes
	Gone      Change = "gone"      // 404 or 410 where a document was seen before
)

// Previous is what an earlier run recorded about a URL.
type Previous struct {
	URL          string
	Site         string
	Kind         Kind
	Title        string
	Status       int // HTTP status of the last fetch
	ETag         string
	LastModified string
	SHA256       string // hex SHA-256 of the last bytes saved
	Fetched      time.Time
	Gone         bool // recorded as gone
}

// A Document is one fetch of a listing, report or attachment.
type Document struct {
	Site     string
	Agency   string
	Region   string // the site's region, when the sites file names it
	Kind     Kind
	URL      string // as requested
	FinalURL string // after redirects
	Referrer string // the page that linked to it
	Title    string // link title or text on the referring page
	Year     int    // year named in the title; 0 when none
	// Corrects is, for a Correction, the URL of the report it corrects
	// when the crawler could tell (a link on its page, or the report of
	// its year and issuer met in the run); "" otherwise.
	Corrects string
	Change   Change
	Status   int
	Fetched  time.Time // when the response arrived; for Gone, the date it was found gone
	// ContentType, ETag and LastModified are the response's headers.
	ContentType  string
	ETag         string
	LastModified string
	// Charset is what the page was decoded from for link extraction
	// (charset.Decode); empty for files and pages not read.
	Charset string
	SHA256  string // hex; the previous one when Unchanged
	// Body holds the bytes exactly as served (after HTTP content
	// decoding) for New and Changed documents; nil otherwise.
	Body []byte

	// ReferrerTitle is, for an Attachment, the title of the report page
	// that links to it (its link title on the listing); "" when the
	// attachment was queued from an earlier run's records.
	ReferrerTitle string
}

// Result is the outcome of one HTTP request (or of a URL not requested).
type Result string

// Results of a fetch.
const (
	ResultOK          Result = "ok"           // a response was used: 2xx, or 404/410 of a gone page
	ResultNotModified Result = "not-modified" // 304
	ResultRetry       Result = "retry"        // failed, to be tried again
	ResultBlocked     Result = "blocked"      // an anti-bot wall (412, 521): recorded, never bypassed
	ResultSkipped     Result = "skipped"      // not requested: host not allowed, robots.txt, blocked host
	ResultError       Result = "error"        // failed for good
)

// FetchLog is one line of the fetch log.
type FetchLog struct {
	Site     string
	Kind     Kind // the document's kind; "" for robots.txt
	URL      string
	Time     time.Time // when the request started
	Status   int       // 0 without a response
	Bytes    int64     // body bytes read
	Duration time.Duration
	Attempt  int // 1 for the first try
	Result   Result
	// Err is why it failed or was skipped, nil otherwise. Match it with
	// errors.Is: ErrBlocked, ErrGone, ErrDisallowed, ErrTooLarge,
	// ErrPrivateAddress, ErrHostNotAllowed, ErrCredentials, the
	// redirect errors, context.DeadlineExceeded; errors.As finds a
	// *StatusError.
	Err error
}

// ErrText is the text of f.Err, "" when it is nil: what a store keeps.
func (f FetchLog) ErrText() string {
	if f.Err == nil {
		return ""
	}
	return f.Err.Error()
}

// RunStats counts what one run did.
type RunStats struct {
	Start, End  time.Time
	Pages       int   // documents fetched (responses received, 304 included; robots.txt not)
	Requests    int   // HTTP requests sent, retries and robots.txt included
	Bytes       int64 // body bytes received
	Reports     int   // report links found (and known reports checked)
	Attachments int   // attachment links found
	New         int
	Changed     int
	Unchanged   int
	Gone        int
	Blocked     int // documents behind an anti-bot wall
	Skipped     int // URLs not requested: host not allowed, robots.txt, blocked host, work plans, sub-columns below MaxDepth
	Errors      int // documents that could not be fetched
}

// Progress is reported after each document: the counts so far and how
// many URLs are still queued.
type Progress struct {
	RunStats
	Queued int
}
