package ingest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"strings"
)

// Causes of secret-key errors, for errors.Is.
var (
	ErrWeakSecret     = errors.New("secret key shorter than 16 bytes")
	ErrSecretMode     = errors.New("secret file readable by other users")
	ErrSecretMismatch = errors.New("secret key differs from the one the database's access logs were hashed with")
)

// MinSecretLen is the shortest key accepted for hashing client addresses.
const MinSecretLen = 16

// Secret reads the key that client addresses are hashed with from path (by convention
// <database>.secret), creating it on first use: 32 random bytes, hex-encoded, mode
// 0600. A file that group or others may read is refused, as ssh refuses such keys.
// Content of 64 hex digits is decoded; anything else is used as it is (trimmed).
func Secret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return Secret(path) // created meanwhile by another process
		}
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		return key, f.Close()
	}
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: %w (mode %04o)\nhint: chmod 600 %s", path, ErrSecretMode, st.Mode().Perm(), path)
	}
	s := strings.TrimSpace(string(b))
	if len(s) == 64 {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	if len(s) < MinSecretLen {
		return nil, fmt.Errorf("%s: %w", path, ErrWeakSecret)
	}
	return []byte(s), nil
}

// keyCheck is a fingerprint of the key, kept in meta so that a later load with
// another key is refused instead of silently splitting every visitor in two.
func keyCheck(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("reform access-log key check"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// clientHasher computes keyed hashes of client addresses; one per goroutine.
type clientHasher struct {
	mac hash.Hash
	sum []byte
}

func newClientHasher(key []byte) *clientHasher {
	return &clientHasher{mac: hmac.New(sha256.New, key), sum: make([]byte, 0, sha256.Size)}
}

// hash is the first 64 bits of HMAC-SHA256(key, client) as a signed integer: the
// client as written in the log (an IP address or a host name), never stored.
func (h *clientHasher) hash(client []byte) int64 {
	h.mac.Reset()
	h.mac.Write(client)
	h.sum = h.mac.Sum(h.sum[:0])
	return int64(binary.BigEndian.Uint64(h.sum))
}
