package store

import (
	"testing"
	"time"
)

// A checkpoint asked for while one runs runs once more when that one
// ends (it copies only what was committed when it began), once however
// often it was asked for, and wait waits for it; one asked for after
// they ended starts anew.
func TestWALKeeperRunsOnceMore(t *testing.T) {
	started := make(chan int)
	release := make(chan struct{})
	// next is the number of the next checkpoint to start, or fails.
	next := func(want int) {
		t.Helper()
		select {
		case got := <-started:
			if got != want {
				t.Fatalf("checkpoint %d started, want %d", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("checkpoint %d did not start", want)
		}
	}
	n := 0
	k := &walKeeper{checkpoint: func() {
		n++ // only the checkpoints' goroutine, one at a time
		started <- n
		<-release
	}}
	k.background()
	next(1)
	k.background() // while the first runs: once more, after it
	k.background() // asked again before that: still once more
	release <- struct{}{}
	next(2)
	waited := make(chan struct{})
	go func() {
		k.wait()
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("wait returned while the second checkpoint ran")
	case <-time.After(50 * time.Millisecond):
	}
	release <- struct{}{}
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("wait did not return once the checkpoints ended")
	}
	select {
	case got := <-started:
		t.Fatalf("checkpoint %d started, want none after the second", got)
	case <-time.After(50 * time.Millisecond):
	}
	k.background() // after they ended: a new one
	next(3)
	release <- struct{}{}
	k.wait()
}
