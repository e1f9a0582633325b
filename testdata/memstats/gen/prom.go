//go:build prom

package main

import (
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// promhttp.Handler serves the default registry:  client_golang's Go collector (go_memstats_*, go_gc_duration_seconds)
// and process collector, as in any service that mounts promhttp.Handler().
func init() {
	promWriter = func(w io.Writer) error {
		rec := httptest.NewRecorder()
		promhttp.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			return fmt.Errorf("promhttp: status %d", rec.Code)
		}
		_, err := w.Write(rec.Body.Bytes())
		return err
	}
}
