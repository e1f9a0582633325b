//go:build prom

package snap

import (
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func init() {
	promWriter = func(w io.Writer) error {
		h := promhttp.HandlerFor(prometheus.DefaultGatherer, promhttp.HandlerOpts{})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			return fmt.Errorf("promhttp: status %d", rec.Code)
		}
		_, err := w.Write(rec.Body.Bytes())
		return err
	}
}
