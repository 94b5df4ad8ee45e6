package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
)

// A walKeeper keeps a writer's write-ahead log short without making the
// writer copy it into the database. SQLite's own checkpoint
// (wal_autocheckpoint: every 1,000 pages, after a commit) runs on the
// committing connection: an import's writer spent 15% of its time there,
// copying the log and syncing the database (121 ms of syscalls, 74 of
// them fsync, at 1,000 documents), while the other cores had room. So
// the writer's connection runs without it (wal_autocheckpoint = 0), and
// after each commit (afterCommit):
//
//   - once the log is backgroundAt or more, a PASSIVE checkpoint starts
//     on a connection of the pool, unless one is running: it copies the
//     committed frames into the database and syncs it while the writer
//     goes on, and takes no lock a writer or reader waits for. Once one
//     has copied the whole log and no reader holds it, SQLite writes the
//     next commit from the log's start again;
//   - once the log is truncateAt or more all the same (readers kept
//     their snapshots in it, or the background checkpoints fell behind),
//     the writer waits for the background checkpoint, then checkpoints
//     and truncates the log itself (TRUNCATE, which waits busy_timeout
//     for those readers). journal_size_limit (Open) caps what is left of
//     a log a checkpoint could not truncate.
//
// A walKeeper belongs to the writer's goroutine.
type walKeeper struct {
	db  *DB
	ctx context.Context
	// conn is the writer's connection, for the TRUNCATE; nil: the pool's.
	conn                     *sql.Conn
	backgroundAt, truncateAt int64
	// running is closed when the background checkpoint ends; nil when
	// none was started.
	running chan struct{}
	// mu guards again: the writer asked for one more checkpoint while
	// one was running.
	mu    sync.Mutex
	again bool
	// checkpoint runs one background checkpoint; nil: passive (a test
	// sets its own).
	checkpoint func()
}

// noAutoCheckpoint is what a writer's connection runs to do without
// SQLite's automatic checkpoint (the walKeeper does it instead).
const noAutoCheckpoint = "PRAGMA wal_autocheckpoint = 0"

// afterCommit checkpoints the log as the walKeeper's doc says; the
// writer calls it after each commit. A server's database (no log file
// of ours) needs nothing.
func (k *walKeeper) afterCommit() error {
	if !k.db.dia.localFile() {
		return nil
	}
	fi, err := os.Stat(k.db.path + "-wal")
	if err != nil || fi.Size() < k.backgroundAt {
		return nil
	}
	if fi.Size() < k.truncateAt {
		k.background()
		return nil
	}
	k.wait()
	var q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	} = k.db.db
	if k.conn != nil {
		q = k.conn
	}
	var busy, frames, copied int
	if err := q.QueryRowContext(k.ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// background starts a PASSIVE checkpoint on a connection of the pool,
// or, while one is running, has it run once more when done: a
// checkpoint copies only what was committed when it began, and the last
// commit's frames would wait for a commit that may not come. One that
// cannot get a connection or fails leaves the log to the next one, or
// to the writer's TRUNCATE.
func (k *walKeeper) background() {
	if k.running != nil {
		k.mu.Lock()
		select {
		case <-k.running:
		default:
			k.again = true
			k.mu.Unlock()
			return
		}
		k.mu.Unlock()
	}
	done := make(chan struct{})
	k.running = done
	checkpoint := k.checkpoint
	if checkpoint == nil {
		checkpoint = k.passive
	}
	go func() {
		for {
			checkpoint()
			k.mu.Lock()
			if !k.again {
				close(done)
				k.mu.Unlock()
				return
			}
			k.again = false
			k.mu.Unlock()
		}
	}()
}

// passive runs one PASSIVE checkpoint on a connection of the pool.
func (k *walKeeper) passive() {
	conn, err := k.db.db.Conn(k.ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	var busy, frames, copied int
	conn.QueryRowContext(k.ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
}

// wait waits for the background checkpoint, if any: two checkpoints do
// not run at once (the second would give up at once).
func (k *walKeeper) wait() {
	if k.running != nil {
		<-k.running
		k.running = nil
	}
}
