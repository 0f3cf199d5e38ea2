package enroll

import (
	"io"
	"sync"
	"sync/atomic"
)

// rowChunk is the number of rows formatted together.
const rowChunk = 4096

// writeRows writes rows 0..n-1, each appended to a buffer by row, in order.
// Large outputs are formatted in chunks on every core while the calling
// goroutine writes (or hashes) the chunks in order, with a bounded number of
// chunks in flight.
func writeRows(w io.Writer, n int, row func(buf []byte, i int) []byte) error {
	nw := workers(n)
	if nw == 1 {
		buf := make([]byte, 0, 64<<10)
		for i := range n {
			buf = row(buf, i)
			if len(buf) >= 60<<10 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		_, err := w.Write(buf)
		return err
	}

	nch := (n + rowChunk - 1) / rowChunk
	slots := make([]chan []byte, nch)
	for c := range slots {
		slots[c] = make(chan []byte, 1)
	}
	inFlight := 2 * nw
	tokens := make(chan struct{}, inFlight)
	free := make(chan []byte, inFlight+nw)
	done := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range nw {
		wg.Go(func() {
			for {
				select {
				case tokens <- struct{}{}:
				case <-done:
					return
				}
				c := int(next.Add(1) - 1)
				if c >= nch {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
					buf = make([]byte, 0, 512<<10)
				}
				for i := c * rowChunk; i < min(n, (c+1)*rowChunk); i++ {
					buf = row(buf, i)
				}
				slots[c] <- buf
			}
		})
	}
	defer func() {
		close(done)
		wg.Wait()
	}()
	for c := range nch {
		buf := <-slots[c]
		if _, err := w.Write(buf); err != nil {
			return err
		}
		<-tokens
		select {
		case free <- buf[:0]:
		default:
		}
	}
	return nil
}
