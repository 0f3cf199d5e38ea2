package db

// SetRestartFrames lowers the WAL length at which g's committer rewinds the WAL, and returns a
// function that reports how many rewinds it made.
func SetRestartFrames(g *GroupCommitter, frames int64) (restarts func() int64) {
	g.ckpt.restartAt = frames
	return g.ckpt.restarts.Load
}
