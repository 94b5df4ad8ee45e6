package store

// A spareWake wakes a writer's spare preparer (the crawl writer's
// prepareSpare, prepareAll's spare): the writer found nothing ready. A
// wake while one is pending is dropped, so the writer never waits on it.
type spareWake chan struct{}

// newSpareWake returns a spareWake that holds one pending wake.
func newSpareWake() spareWake { return make(spareWake, 1) }

// wake tells the spare preparer, unless it was told already.
func (s spareWake) wake() {
	select {
	case s <- struct{}{}:
	default: // already told
	}
}
