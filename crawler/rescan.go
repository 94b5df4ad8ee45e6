package crawler

import "fmt"

// rescan returns the attachment links of report page t, which answered
// 304 Not Modified, read from the bytes the sink archived for it (when
// the sink is an ArchiveSink): what an interrupted run found on the
// page but never fetched is fetched now. Attachments fetched before are
// queued by Known anyway; the queue drops the second link.
func (r *run) rescan(t *task, resp *response) []link {
	as, ok := r.c.sink.(ArchiveSink)
	if !ok || t.kind != Report {
		return nil
	}
	body, err := as.Archived(r.saveCx, t.logURL())
	if err != nil {
		r.fail(fmt.Errorf("archived %s: %w", t.url, err))
		return nil
	}
	if body == nil {
		return nil
	}
	archived := &response{status: resp.status, header: resp.header.Clone(), body: body, finalURL: resp.finalURL}
	archived.header.Del("Content-Type") // a 304 has none of its own: sniffed
	links, _ := r.discover(t, archived)
	return links
}
