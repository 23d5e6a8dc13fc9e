package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reform.duckdb.secret")
	key, err := Secret(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 || len(key) != 32 {
		t.Fatalf("created %v (%v), key of %d bytes; want mode 0600 and 32 bytes", st.Mode(), err, len(key))
	}
	again, err := Secret(path)
	if err != nil || !bytes.Equal(again, key) {
		t.Fatalf("second read gave another key (%v)", err)
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Secret(path); !errors.Is(err, ErrSecretMode) {
		t.Errorf("a world-readable secret: %v, want ErrSecretMode", err)
	}

	weak := filepath.Join(dir, "weak.secret")
	if err := os.WriteFile(weak, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Secret(weak); !errors.Is(err, ErrWeakSecret) {
		t.Errorf("a short secret: %v, want ErrWeakSecret", err)
	}
	text := filepath.Join(dir, "text.secret")
	if err := os.WriteFile(text, []byte("  a passphrase of some length \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if k, err := Secret(text); err != nil || string(k) != "a passphrase of some length" {
		t.Errorf("a passphrase: %q, %v", k, err)
	}
}

func TestClientHasher(t *testing.T) {
	a := newClientHasher([]byte("0123456789abcdef"))
	b := newClientHasher([]byte("0123456789abcdeX"))
	if a.hash([]byte("1.2.3.4")) != a.hash([]byte("1.2.3.4")) {
		t.Error("the same client hashes differently")
	}
	if a.hash([]byte("1.2.3.4")) == a.hash([]byte("1.2.3.5")) {
		t.Error("two clients hash alike")
	}
	if a.hash([]byte("1.2.3.4")) == b.hash([]byte("1.2.3.4")) {
		t.Error("the hash does not depend on the key")
	}
	if keyCheck([]byte("0123456789abcdef")) == keyCheck([]byte("0123456789abcdeX")) {
		t.Error("keyCheck does not tell keys apart")
	}
}
