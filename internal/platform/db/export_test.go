package db

// SetRestartFrames lowers the WAL length at which g's committer rewinds the WAL, and returns
// functions that report how many rewinds the WAL header shows and how many RESTART checkpoints
// cleared the WAL of readers (each should be followed by a rewind at the next write).
func SetRestartFrames(g *GroupCommitter, frames int64) (restarts, cleared func() int64) {
	g.ckpt.restartAt = frames
	return g.ckpt.restarts.Load, g.ckpt.cleared.Load
}
