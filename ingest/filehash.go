package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// ErrLogChanged reports a file (most often a log the server still writes) that was
// written to while it was hashed and loaded: its hash would not be that of the rows loaded.
var ErrLogChanged = errors.New("file changed while it was loaded")

// FileHash is the SHA-256 of a file's bytes (an access log, a dossier export),
// computed by its own goroutine from [HashFile] on: it runs beside the parsing of the same file (a second read, from the
// page cache, as the hash runs ahead of the parser) or before it, while the database
// opens, so that it is never one more step in line. A load keeps it as the file's
// identity: the same bytes are never loaded twice.
type FileHash struct {
	path     string
	stat     chan struct{} // closed once size, mod and statErr are set
	done     chan struct{} // closed once sum and err are set
	stop     chan struct{}
	stopOnce sync.Once
	size     int64
	mod      time.Time
	statErr  error
	sum      string
	err      error
}

// hashedFile is the FileHash of a file whose load has hashed its bytes itself.
func hashedFile(path, sum string) *FileHash {
	h := &FileHash{path: path, stat: make(chan struct{}), done: make(chan struct{}), stop: make(chan struct{}), sum: sum}
	close(h.stat)
	close(h.done)
	return h
}

// HashFile starts hashing path in the background.
func HashFile(path string) *FileHash {
	h := &FileHash{path: path, stat: make(chan struct{}), done: make(chan struct{}), stop: make(chan struct{})}
	go h.run()
	return h
}

func (h *FileHash) run() {
	defer close(h.done)
	f, err := os.Open(h.path)
	var st os.FileInfo
	if err == nil {
		defer f.Close()
		st, err = f.Stat()
	}
	if err != nil {
		h.statErr, h.err = err, err
		close(h.stat)
		return
	}
	h.size, h.mod = st.Size(), st.ModTime()
	close(h.stat)
	d := sha256.New()
	if err := hashBytes(f, h.size, d, h.stop); err != nil {
		h.err = err
		return
	}
	if err := h.same(f); err != nil {
		h.err = err
		return
	}
	h.sum = hex.EncodeToString(d.Sum(nil))
}

// hashBytes hashes the first size bytes of f. (Hashing mapped memory instead of
// reading it was measured no faster.)
func hashBytes(f *os.File, size int64, d io.Writer, stop <-chan struct{}) error {
	buf := make([]byte, 1<<20)
	r := io.LimitReader(f, size)
	for {
		select {
		case <-stop:
			return context.Canceled
		default:
		}
		n, err := r.Read(buf)
		d.Write(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// same reports ErrLogChanged when the open file f no longer has the size and
// modification time the hash started with.
func (h *FileHash) same(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != h.size || !st.ModTime().Equal(h.mod) {
		return fmt.Errorf("%w (%d bytes, now %d)\nhint: load a file once it is written in full (for logs: rotated files such as access.log.1, not the one the server is writing)", ErrLogChanged, h.size, st.Size())
	}
	return nil
}

// Size is the file's size when hashing began.
func (h *FileHash) Size(ctx context.Context) (int64, error) {
	select {
	case <-h.stat:
		return h.size, h.statErr
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Wait returns the hex SHA-256 of the file once it is computed.
func (h *FileHash) Wait(ctx context.Context) (string, error) {
	select {
	case <-h.done:
		return h.sum, h.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Stop abandons the hash if it is still running; call it when done with h.
func (h *FileHash) Stop() {
	h.stopOnce.Do(func() { close(h.stop) })
}
