import ParleySQLite

/// The retention window of the webhook journal (DESIGN.md §8): raw bodies stay long enough to replay and audit, then
/// go, so ingest.sqlite does not grow for ever. Only applied (`done`) and `unroutable` rows are removed; `pending` and
/// `failed` rows stay until processed or replayed. Freed pages are reused by new rows (the file does not shrink).
public enum InboundRetention {
    /// Deletes rows processed before `cutoffMillis`, in batches so the journal's writer is never held for long.
    /// Returns how many rows went.
    @discardableResult
    public static func prune(_ db: Database, processedBefore cutoffMillis: Int64, batch: Int = 2_000) throws -> Int {
        var total = 0
        while true {
            let n = try db.write { c in
                try c.run("""
                    DELETE FROM inbound WHERE id IN (SELECT id FROM inbound WHERE status IN ('done', 'unroutable') AND processed_at < ?
                                                     ORDER BY id LIMIT ?)
                    """, [cutoffMillis, Int64(batch)])
            }
            total += n
            if n < batch { return total }
        }
    }
}
