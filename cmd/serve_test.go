package cmd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestNewServeCmd(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		dir, addr string
		err       string
	}{
		{"defaults", nil, "report", "127.0.0.1:8080", ""},
		{"flags", []string{"--dir", "out", "--addr", "127.0.0.1:9000"}, "out", "127.0.0.1:9000", ""},
		{"address without a port", []string{"--addr", "localhost"}, "", "", `--addr "localhost" is not HOST:PORT`},
		{"empty folder", []string{"--dir", ""}, "", "", "--dir must not be empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *serveOptions
			c := newServeCmd(&globalOptions{}, func(_ context.Context, o *serveOptions) error { got = o; return nil })
			c.SetArgs(tc.args)
			c.SetOut(io.Discard)
			c.SetErr(io.Discard)
			err := c.Execute()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || exitCode(err) != exitUsage {
					t.Fatalf("err = %v, want a usage error containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tc.dir || got.Addr != tc.addr {
				t.Errorf("dir %q addr %q, want %q %q", got.Dir, got.Addr, tc.dir, tc.addr)
			}
		})
	}
}

// serveFixture is a bundle folder with a secret file beside it and a link to the secret inside.
func serveFixture(t *testing.T) (dir string) {
	t.Helper()
	top := t.TempDir()
	dir = filepath.Join(top, "report")
	files := map[string]string{
		"2026-10/index.html":                 "<!DOCTYPE html><title>Phú Thọ</title>",
		"2026-10/assets/style.css":           "body{}",
		"2026-10/assets/report.js":           "var x;",
		"2026-10/metrics.csv":                "period,unit_code\n",
		"2026-10/metrics.xlsx":               "PK\x03\x04",
		"2026-10/data/scorecard.parquet":     "PAR1",
		"2026-10/communes/04792.html":        "<p>Hy Cương</p>",
		".reform-tmp-123/2026-10/index.html": "half-written",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(top, "secret.txt"), []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(top, "secret.txt"), filepath.Join(dir, "2026-10", "link.html")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestServeContentTypes(t *testing.T) {
	h, err := bundleHandler(serveFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tc := range []struct{ path, ctype, body string }{
		{"/2026-10/", "text/html; charset=utf-8", "Phú Thọ"},
		{"/2026-10/communes/04792.html", "text/html; charset=utf-8", "Hy Cương"},
		{"/2026-10/assets/style.css", "text/css; charset=utf-8", "body{}"},
		{"/2026-10/assets/report.js", "text/javascript; charset=utf-8", "var x;"},
		{"/2026-10/metrics.csv", "text/csv; charset=utf-8", "period,unit_code"},
		{"/2026-10/metrics.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"/2026-10/data/scorecard.parquet", "application/vnd.apache.parquet", "PAR1"},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tc.ctype || !strings.Contains(string(body), tc.body) {
			t.Errorf("GET %s: %d %q %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff header", tc.path)
		}
	}
}

func TestServeReadOnly(t *testing.T) {
	h, err := bundleHandler(serveFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		req, _ := http.NewRequest(method, srv.URL+"/2026-10/index.html", strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	resp, err := http.Head(srv.URL + "/2026-10/metrics.csv")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD: %v %v", resp, err)
	}
}

// rawGet sends a request line as written, with no client-side cleaning of the path.
func rawGet(t *testing.T, addr, target string) (status int, body string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeNoTraversal(t *testing.T) {
	h, err := bundleHandler(serveFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"/../secret.txt",
		"/2026-10/../../secret.txt",
		"/2026-10/assets/../../../secret.txt",
		"/%2e%2e/secret.txt",
		"/2026-10/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/2026-10/..%2f..%2fsecret.txt",
		"/..\\secret.txt",
		"//../secret.txt",
		"/2026-10/link.html", // a symbolic link to the secret
		"/.reform-tmp-123/2026-10/index.html",
		"/%2ereform-tmp-123/2026-10/index.html",
	} {
		status, body := rawGet(t, addr, target)
		if status != http.StatusNotFound && status != http.StatusBadRequest || strings.Contains(body, "TOP SECRET") || strings.Contains(body, "half-written") {
			t.Errorf("GET %s: %d %q", target, status, body)
		}
	}
	if status, body := rawGet(t, addr, "/2026-10/communes/../index.html"); status >= 500 || strings.Contains(body, "TOP SECRET") {
		t.Errorf("a .. that stays inside: %d", status)
	}
}

func TestServeMissingDir(t *testing.T) {
	if _, err := bundleHandler(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("err = %v", err)
	}
}

// TestServeRun starts the real binary on a free port, fetches a page and interrupts it.
func TestServeRun(t *testing.T) {
	if reformBin == "" {
		t.Skip("whole-CLI test (skipped under -short)")
	}
	dir := serveFixture(t)
	c := exec.Command(reformBin, "serve", "--dir", dir, "--addr", "127.0.0.1:0")
	var stderr bytes.Buffer
	c.Stderr = &stderr
	stdout, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	defer c.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v; stderr: %s", err, stderr.String())
	}
	prefix := "serving " + dir + " at http://127.0.0.1:"
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("first line %q, want it to start with %q", line, prefix)
	}
	url := strings.Fields(line)[3]
	resp, err := http.Get(url + "2026-10/index.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET index.html: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := c.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after Ctrl-C: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Error("reform serve did not stop on Ctrl-C")
	}
}
