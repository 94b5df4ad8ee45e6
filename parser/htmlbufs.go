package parser

import (
	"sync"

	"golang.org/x/net/html"
)

// readHTML reuses, from page to page, the two large buffers of its
// region path: the slimmed page (a page's size) and the slab of the
// region's nodes (about 100 kB on a real page). Nothing readHTML returns
// points into them: html.Parse, the meta and title readers and
// buildRegion copy what they keep (buildRegion's text runs are slices of
// a string of their own). A crawl parses pages on every core under a
// soft heap limit, where each allocation of that size costs a share of a
// garbage collection.
var pageBufs, nodeSlabs sync.Pool // *[]byte, *[]html.Node

// Buffers larger than these go back to the garbage collector.
const (
	maxPooledPage  = 1 << 20
	maxPooledNodes = 8 << 10
)

func getPageBuf() *[]byte {
	if p, ok := pageBufs.Get().(*[]byte); ok {
		return p
	}
	return new([]byte)
}

func putPageBuf(p *[]byte) {
	if cap(*p) <= maxPooledPage {
		*p = (*p)[:0]
		pageBufs.Put(p)
	}
}

func getNodeSlab() *[]html.Node {
	if p, ok := nodeSlabs.Get().(*[]html.Node); ok {
		return p
	}
	return new([]html.Node)
}

// putNodeSlab clears the slab's nodes (they point to the last page's
// strings) and pools it.
func putNodeSlab(p *[]html.Node) {
	clear((*p)[:cap(*p)])
	if cap(*p) <= maxPooledNodes {
		*p = (*p)[:0]
		nodeSlabs.Put(p)
	}
}
