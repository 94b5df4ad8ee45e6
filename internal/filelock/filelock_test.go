package filelock

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nianbao.db.lock")
	l, err := Lock(path, "nianbao schedule")
	if err != nil {
		t.Fatal(err)
	}
	// flock is per open file: a second open in this process is refused too
	_, err = Lock(path, "nianbao crawl")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "nianbao schedule (pid") {
		t.Fatalf("second lock: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	l2, err := Lock(path, "nianbao crawl")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	l2.Unlock()
}

// A lock held by a process that was killed is free again.
func TestLockReleasedOnKill(t *testing.T) {
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock(1) to hold the lock from another process")
	}
	path := filepath.Join(t.TempDir(), "x.lock")
	os.WriteFile(path, []byte("sleeper\n"), 0o644)
	cmd := exec.Command("flock", "-x", "-o", path, "sleep", "5") // -o: only flock holds it
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// wait until the child holds it
	for i := 0; ; i++ {
		l, err := Lock(path, "probe")
		if err != nil {
			break
		}
		l.Unlock()
		if i > 200 {
			t.Fatal("child never took the lock")
		}
		exec.Command("sleep", "0.01").Run()
	}
	cmd.Process.Kill()
	cmd.Wait()
	// flock(1) runs the command in a child that closes its copy of the
	// locked descriptor before it execs: killed in between, the lock
	// lasts until that child closes it, microseconds later.
	var l *FileLock
	var err error
	for i := 0; i < 100; i++ {
		if l, err = Lock(path, "after kill"); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("lock of a killed process not released within a second: %v", err)
	}
	l.Unlock()
}
