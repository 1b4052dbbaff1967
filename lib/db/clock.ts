let lastIssued = 0;

/**
 * Timestamps only move forward, even for writes in the same millisecond, so "newest first" and
 * "last write wins" are never ties, and a write is always newer than the version it replaces
 * (`previous`), even when that came from a device whose clock runs ahead.
 */
export function nextTimestamp(previous = 0): number {
  lastIssued = Math.max(Date.now(), previous + 1, lastIssued + 1);
  return lastIssued;
}
