// Package crawler fetches the annual-report columns (政府信息公开年报) of
// government portals: listing pages and their pagination, the reports
// they link to, and the reports' attachments (pdf, doc, docx, wps, xls,
// xlsx, ofd). It keeps the raw bytes and does not parse reports: every
// document goes to a [Sink] as soon as it is fetched, and the parser
// reads it from there, so a change to the parser never needs a re-crawl.
//
// Construct a [Crawler] with [New], giving it a logger, a [Sink] and
// [Options] (start from [DefaultOptions]), then call [Crawler.Run] with
// the sites of a sites file ([LoadConfig]).
//
// # Pagers and list interfaces
//
// Pagination and list interfaces are recognised from the page (pager.go,
// hanweb.go, gkmlpt.go, redirect.go): TRS createPageHTML in its 4- and
// 6-argument forms, inline countPage pagers and listModel static pages;
// ?page=N listings that state their page count; a Hanweb jcms column's
// dataproxy.jsp (POST, startrecord/endrecord until totalrecord); a
// Guangdong gkmlpt column's JSON list; meta-refresh and location.href
// entry pages. A site's [APIConfig] ([site.api]) describes any other
// JSON list. A list-interface request is a task of kind [ListingAPI],
// fetched through the same path as a page.
//
// # Politeness and safety
//
// robots.txt is obeyed, Crawl-delay included up to MaxCrawlDelay; a
// host asking for longer is skipped for the run. Each host gets one request
// at a time with Delay (plus Jitter) between requests; up to Parallel
// hosts are fetched at once. Timeouts, connection errors, 429 and 5xx are
// retried with exponential backoff, honouring Retry-After. A body over
// MaxBody is an error, not a page cut short. An anti-bot wall (HTTP 412
// or 521, a JavaScript cookie challenge) is recorded as blocked and the
// host is left alone for the rest of the run; it is never bypassed. Only
// http and https URLs on a site's allowed hosts are fetched (spam
// mirrors copy government pages), and every special-purpose address of
// the IANA registries (private, loopback, link-local, NAT64, 6to4, …) is
// refused when dialling, so DNS cannot redirect an allowed name, unless
// AllowPrivate is set. That check is the default transport's: a caller
// that sets Options.Transport (an in-memory portal in tests, a proxy)
// takes it over. A URL with credentials (user:pw@) is never requested,
// and never logged or handed to the sink with them.
//
// # Several crawlers
//
// With Options.Frontier, crawlers in several processes share one crawl
// ([Frontier], kept in PostgreSQL by the store): the URLs each finds go
// to the frontier, each fetches the URLs it leases from it, and each
// request takes its host from it, so that the per-host politeness above
// holds across crawlers. Without one, the queue and the hosts' state
// live in this process.
//
// # Outcomes
//
// Each response is classified by its status alone: 2xx ok, 304 not
// modified, 404 and 410 gone (an error for a URL never saved), 412 and
// 521 blocked, 408, 429, 500, 502, 503 and 504 retried (after the
// last try, errors), the rest errors. The fetch log keeps the error
// itself ([FetchLog.Err]): match it with errors.Is against [ErrBlocked],
// [ErrGone], [ErrDisallowed], [ErrTooLarge], [ErrPrivateAddress],
// [ErrHostNotAllowed] or [ErrCredentials], or get its [StatusError]
// with errors.As.
//
// # Column trees and notices
//
// A column split into sub-columns by year or issuer is read whole: its
// sub-columns are listings, down to MaxDepth levels, and a report link
// at a column's address whose page lists reports without a statistics
// table is read as a listing, not kept as a report (tree.go).
// Corrections and errata are kept as documents of kind [Correction],
// linked to the report they correct ([Document.Corrects]); work plans
// are logged as skipped, with the reason (notice.go).
//
// # Limits
//
// A run follows at most MaxLinks documents from one page and fetches at
// most MaxPages URLs per site (and MaxListingPages listing pages); what
// a limit drops is logged and recorded in the fetch log on the page it
// was found on, with the number dropped. Crawlers sharing a [Frontier]
// count MaxPages and MaxListingPages over the crawl, together.
//
// # Incremental runs
//
// Reports and attachments saved before are fetched with a conditional
// GET (ETag, Last-Modified). Unchanged bytes come back as [Unchanged]
// with no body, so they are not parsed again; different bytes are
// [Changed], a new version. A document seen before that now answers 404
// or 410 is [Gone], dated. Documents saved by earlier runs are checked
// again even when their listing no longer links to them: deleted
// reports are what journalists ask about.
//
// # Why colly does not fetch
//
// Discovery uses gocolly/colly: each fetched listing page, decoded to
// UTF-8 by [charset.Decode] (HTTP header, BOM, <meta charset>, sniffing;
// GB2312 and GBK read as GB18030, which colly alone gets wrong: its issue
// #777), is replayed into a colly collector through an in-memory
// transport, and colly's OnHTML callbacks, <base href> handling and
// Request.AbsoluteURL find and resolve the links. Report pages are only
// read for their file links: those that mention no file type are not
// read at all, the others are scanned with the x/net/html tokenizer
// rather than built into a DOM (a report page is 100–350 kB), unless the
// site has a body selector, which needs colly's DOM.
//
// The fetching itself is done with net/http because colly gets in the
// way of what the crawler must guarantee:
//
//   - colly converts a body whose Content-Type names a charset before
//     any callback sees it, so the bytes as served could not be kept;
//   - its MaxBodySize cuts a body silently, where a page over the limit
//     must be an error;
//   - it ignores Crawl-delay (its issue #614), and its LimitRule applies
//     to the first matching rule only, so it cannot give one request at
//     a time per host and a limit on hosts at once together;
//   - in async mode it starts a goroutine per queued URL, so memory grows
//     with the queue; here a goroutine fetches for each host (another
//     records what it fetched while the next request goes out), a host's
//     reports are fetched before its next listing page, and the queue
//     holds URLs only;
//   - its retries have no backoff or Retry-After, and redirects and
//     robots.txt go through a client whose dialler we could not check.
package crawler
