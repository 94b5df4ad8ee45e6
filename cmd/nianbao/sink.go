package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"

	"nianbao/crawler"
	"nianbao/store"
)

// storeSink hands what the crawler fetches to the store: it is the
// crawler.Sink of a run. Documents and the fetch log go through w, which
// parses on every core and commits many documents a transaction; lookups
// go to db.
type storeSink struct {
	db    *store.DB
	w     *store.CrawlWriter
	runID int64
	log   *slog.Logger // says which stored report supersedes or is kept as alternative; nil: silent
	// urls tells the URLs the archive had no record of at the run's
	// start, which Previous does not look up; nil: each is looked up.
	urls *store.HashSet

	front *sharedFrontier // told when each save is committed, on PostgreSQL; nil otherwise
}

var _ crawler.Sink = (*storeSink)(nil)

func (s *storeSink) Previous(ctx context.Context, url string) (*crawler.Previous, error) {
	if s.urls != nil && !s.urls.MayHave(url) {
		return nil, nil // never recorded when the run started
	}
	u, err := s.db.LookupURL(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := previous(u)
	return &p, nil
}

func (s *storeSink) Known(ctx context.Context, site string) ([]crawler.Previous, error) {
	us, err := s.db.KnownURLs(ctx, site)
	if err != nil {
		return nil, err
	}
	out := make([]crawler.Previous, len(us))
	for i, u := range us {
		out[i] = previous(u)
	}
	return out, nil
}

func previous(u store.URL) crawler.Previous {
	return crawler.Previous{URL: u.URL, Site: u.Site, Kind: crawler.Kind(u.Kind), Title: u.Title, Status: u.Status,
		ETag: u.ETag, LastModified: u.LastModified, SHA256: u.SHA256, Fetched: u.FetchedAt, Gone: !u.GoneAt.IsZero()}
}

// Save records each fetch. New and changed reports and attachments are
// archived and parsed with their URL's record in one transaction;
// corrections are archived, not parsed, with the report they correct;
// listing pages are only recorded (their bytes change with every new
// report and hold no statistics); unchanged and gone documents update
// the record. Save queues the fetch for the writer and returns: the
// writer parses it off the fetch path and commits it with the others of
// its batch, within a quarter of a second.
func (s *storeSink) Save(ctx context.Context, d *crawler.Document) error {
	u := store.URL{URL: d.URL, Site: d.Site, Kind: string(d.Kind), Agency: d.Agency, Title: d.Title, Year: d.Year,
		Referrer: d.Referrer, FetchedAt: d.Fetched, Status: d.Status, ETag: d.ETag, LastModified: d.LastModified, SHA256: d.SHA256,
		CorrectsURL: d.Corrects}
	if d.Change == crawler.Gone {
		u.GoneAt = d.Fetched
	}
	var doc *store.Document
	if d.Body != nil && !isListingKind(d.Kind) && (d.Change == crawler.NewDoc || d.Change == crawler.Changed) {
		doc = &store.Document{Source: d.URL, FinalURL: d.FinalURL, FetchedAt: d.Fetched, Status: d.Status,
			ContentType: d.ContentType, Charset: d.Charset, ETag: d.ETag, LastModified: d.LastModified, Region: d.Region, Body: d.Body,
			SHA256: d.SHA256} // the crawler hashed the body: the store does not again
		if d.Kind == crawler.Attachment {
			// A page that only points to its attachment ("详见附件"):
			// the attachment's report takes the page's agency and year
			// when it names none.
			doc.TitleHint, doc.YearHint = d.ReferrerTitle, d.Year
		}
	}
	done := s.saved(d.URL)
	if s.front != nil {
		committed := s.front.saving()
		if log := done; log != nil {
			done = func(res store.SaveResult, err error) { log(res, err); committed(err) }
		} else {
			done = func(_ store.SaveResult, err error) { committed(err) }
		}
	}
	return s.w.Save(u, doc, done)
}

// saved returns what the writer calls once url's fetch is committed: it
// says which stored report supersedes or is kept as alternative.
func (s *storeSink) saved(url string) func(store.SaveResult, error) {
	if s.log == nil {
		return nil
	}
	return func(res store.SaveResult, err error) {
		switch {
		case err != nil:
		case res.Supersedes != 0:
			s.log.Info(fmt.Sprintf("report %d supersedes report %d", res.ReportID, res.Supersedes), "url", url)
		case res.AlternativeTo != 0:
			s.log.Warn(fmt.Sprintf("report %d kept as alternative to report %d (%s)", res.ReportID, res.AlternativeTo, res.Reason), "url", url)
		}
	}
}

func (s *storeSink) LogFetch(ctx context.Context, f *crawler.FetchLog) error {
	return s.w.LogFetch(s.runID, store.Fetch{Site: f.Site, URL: f.URL, StartedAt: f.Time, Status: f.Status,
		Bytes: f.Bytes, Duration: f.Duration, Attempt: f.Attempt, Result: string(f.Result), Error: f.ErrText(), Kind: string(f.Kind)})
}

var _ crawler.DiscoverySink = (*storeSink)(nil)

// LogSkip keeps a link judged not to be a report, for runs -skipped.
func (s *storeSink) LogSkip(ctx context.Context, k *crawler.SkipLog) error {
	return s.w.LogSkip(s.runID, store.Skip{Site: k.Site, URL: k.URL, Title: k.Title, Referrer: k.Referrer, Reason: k.Reason, SeenAt: k.Time})
}

// LogSites keeps the run's counts per site, for runs -site.
func (s *storeSink) LogSites(ctx context.Context, sites map[string]crawler.SiteStats) error {
	rows := make([]store.RunSite, 0, len(sites))
	for _, name := range slices.Sorted(maps.Keys(sites)) {
		c := sites[name]
		rows = append(rows, store.RunSite{Site: name, Listings: c.Listings, APIPages: c.APIPages, Reports: c.Reports, NotReports: c.NotReports})
	}
	return s.w.LogSites(s.runID, rows)
}

// isListingKind reports whether documents of kind k are pages of a
// column's list (a listing page, a list-interface answer): their URL is
// recorded, their bytes are not archived as a document.
func isListingKind(k crawler.Kind) bool {
	return k == crawler.Listing || k == crawler.ListingAPI
}

var _ crawler.ArchiveSink = (*storeSink)(nil)

// Archived returns the bytes archived for url, for the crawler to scan an
// unchanged report page for attachments again.
func (s *storeSink) Archived(ctx context.Context, url string) ([]byte, error) {
	u, err := s.db.LookupURL(ctx, url)
	if errors.Is(err, store.ErrNotFound) || err == nil && u.DocumentID == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.db.Body(ctx, u.DocumentID)
}
