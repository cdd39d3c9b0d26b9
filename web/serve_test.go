package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/pressroom-ja/pressroom/web"
)

// TestServeShutsDownGracefully: cancelling Serve's context stops new
// connections but lets a request in flight finish with its answer.
func TestServeShutsDownGracefully(t *testing.T) {
	fb := &fakeBackend{n: 3, entered: make(chan struct{}, 1), block: make(chan struct{})}
	h, _ := newHandler(t, fb, web.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- web.Serve(ctx, ln, h, nil) }()
	base := "http://" + ln.Addr().String()

	type answer struct {
		status int
		body   web.Health
		err    error
	}
	inflight := make(chan answer, 1)
	go func() {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			inflight <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		var hb web.Health
		err = json.NewDecoder(resp.Body).Decode(&hb)
		inflight <- answer{resp.StatusCode, hb, err}
	}()
	// Stop the server once the request is inside the handler.
	select {
	case <-fb.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the request never reached the backend")
	}
	cancel()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	default:
	}
	close(fb.block) // the search finishes
	a := <-inflight
	if a.err != nil || a.status != http.StatusOK || a.body.Releases != 3 {
		t.Errorf("request in flight: %+v", a)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(web.ShutdownTimeout):
		t.Fatal("Serve did not return after shutdown")
	}
	if resp, err := http.Get(base + "/healthz"); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Errorf("server still answers after shutdown: %d", resp.StatusCode)
	}
}
