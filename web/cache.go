package web

import (
	"fmt"
	"os"
	"sync"
)

// maxCached bounds the views kept (an indicator view of 10,000 reports
// holds every agency's row, about a megabyte); past it the cache starts
// again.
const maxCached = 32

// viewCache keeps the views of recent requests while the archive file
// and its write-ahead log are unchanged (same size and modification
// time), so that the counts over every report are read once per change
// of the archive rather than once per request.
type viewCache struct {
	path string
	// off: the archive is not a file (PostgreSQL), so nothing tells when
	// it changed; every request reads it.
	off   bool
	mu    sync.Mutex
	stamp string
	views map[string]*view
}

// fingerprint names the state of the archive's files.
func (c *viewCache) fingerprint() string {
	var s string
	for _, p := range []string{c.path, c.path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			s += "-|"
			continue
		}
		s += fmt.Sprintf("%d.%d|", fi.Size(), fi.ModTime().UnixNano())
	}
	return s
}

// get returns the view kept for key while the archive is unchanged.
func (c *viewCache) get(key string) (*view, string) {
	if c.off {
		return nil, ""
	}
	stamp := c.fingerprint()
	c.mu.Lock()
	defer c.mu.Unlock()
	if stamp != c.stamp {
		return nil, stamp
	}
	return c.views[key], stamp
}

// put keeps v for key, read when the archive's fingerprint was stamp.
func (c *viewCache) put(key, stamp string, v *view) {
	if c.off {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if stamp != c.stamp || len(c.views) >= maxCached {
		c.stamp, c.views = stamp, map[string]*view{}
	}
	c.views[key] = v
}
