//go:build !unix

package benchutil

import "time"

func cpu() (time.Duration, bool) { return 0, false }
