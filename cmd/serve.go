package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

type serveOptions struct {
	*globalOptions
	Dir  string
	Addr string
}

func newServeCmd(g *globalOptions, runF func(context.Context, *serveOptions) error) *cobra.Command {
	opts := &serveOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve rendered report bundles over HTTP on this machine, read-only",
		Long: `Serve the files under DIR (the --out folder of reform report, or one bundle in it) over
HTTP until interrupted, for a browser that cannot open files from disk or for colleagues
on the office network. Only GET and HEAD are answered; nothing outside DIR is reachable
(no "..", no symbolic link leading out, no hidden files); content types are fixed for
the bundle's files (HTML, CSS, JavaScript, CSV, XLSX, Parquet). The default address
127.0.0.1:8080 keeps it to this machine; --addr 0.0.0.0:8080 opens it to the network.`,
		Example: `  reform serve --dir report              # then open http://127.0.0.1:8080/2026-10/
  reform serve --dir report --addr 127.0.0.1:9000`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Dir == "" {
				return usageErrorf("--dir must not be empty")
			}
			if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
				return usageErrorf("--addr %q is not HOST:PORT such as 127.0.0.1:8080", opts.Addr)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return serveRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Dir, "dir", "report", "folder to serve: the --out folder of reform report")
	c.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (HOST:PORT; port 0 picks a free one)")
	return c
}

func serveRun(ctx context.Context, opts *serveOptions, out io.Writer) error {
	h, err := bundleHandler(opts.Dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		opts.logger().Warn("serving to the network: anyone who can reach this address can read the reports", "addr", ln.Addr().String())
	}
	fmt.Fprintf(out, "serving %s at http://%s/ (Ctrl-C to stop)\n", opts.Dir, ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// contentTypes are the types of the files a bundle holds, so that answers do not depend on
// the machine's MIME tables.
var contentTypes = map[string]string{
	".html":    "text/html; charset=utf-8",
	".css":     "text/css; charset=utf-8",
	".js":      "text/javascript; charset=utf-8",
	".csv":     "text/csv; charset=utf-8",
	".json":    "application/json",
	".xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".parquet": "application/vnd.apache.parquet",
	".png":     "image/png",
	".svg":     "image/svg+xml",
	".pdf":     "application/pdf",
}

// bundleHandler serves the files under dir, read-only. Files are opened through an
// os.Root, so neither ".." nor a symbolic link can reach outside dir; names starting with
// "." (such as the temporary folders of reform run) are not served.
func bundleHandler(dir string) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, unwrapPathError(err))
	}
	files := http.FileServerFS(notFoundOutside{root.FS()})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "read-only: only GET and HEAD", http.StatusMethodNotAllowed)
			return
		}
		for _, part := range strings.Split(r.URL.Path, "/") {
			if strings.HasPrefix(part, ".") {
				http.NotFound(w, r)
				return
			}
		}
		if ct, ok := contentTypes[path.Ext(r.URL.Path)]; ok {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	}), nil
}

// notFoundOutside answers "not found" for a path that would lead outside the root (a
// symbolic link out of it), as for any file it does not have.
type notFoundOutside struct{ fs.FS }

func (n notFoundOutside) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, err
}

// unwrapPathError drops the operation and path of an *os.PathError (the caller names the path).
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
