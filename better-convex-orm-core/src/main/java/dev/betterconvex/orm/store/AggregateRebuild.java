package dev.betterconvex.orm.store;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.LogFactory;

/**
 * What {@link ConvexEngine#rebuildAggregateIndex} (or {@link ConvexEngine#rebuildRankIndex})
 * found: the buckets of the aggregate index (the partitions of the rank index) as they were
 * before it, compared with those recomputed from the rows. All zero but
 * {@code documents}, {@code buckets} and the entry counts means the index was exact.
 *
 * @param table the table
 * @param index the aggregate index
 * @param documents the documents the rebuild read
 * @param buckets the buckets after the rebuild
 * @param bucketsChanged buckets whose row count or sums differed
 * @param bucketsAdded buckets that were missing
 * @param bucketsRemoved buckets that counted rows that do not exist
 * @param entriesBefore the min/max entries before the rebuild
 * @param entriesAfter the min/max entries after it (one per row and min/max field with a value)
 */
public record AggregateRebuild(String table, String index, long documents, long buckets,
    long bucketsChanged, long bucketsAdded, long bucketsRemoved, long entriesBefore,
    long entriesAfter) {

  /** Returns the number of buckets the rebuild corrected: changed, added and removed. */
  public long bucketsFixed() {
    return bucketsChanged + bucketsAdded + bucketsRemoved;
  }

  /** Compares the buckets before and after a rebuild, and logs the result. */
  static AggregateRebuild of(String table, String index, long documents,
      AggregateStore.Snapshot before, AggregateStore.Snapshot after) {
    long changed = 0;
    long added = 0;
    Map<String, AggregateStore.Bucket> old = new HashMap<>(before.buckets());
    for (Map.Entry<String, AggregateStore.Bucket> e : after.buckets().entrySet()) {
      AggregateStore.Bucket was = old.remove(e.getKey());
      if (was == null) {
        added++;
      } else if (!was.sameAs(e.getValue())) {
        changed++;
      }
    }
    AggregateRebuild result = new AggregateRebuild(table, index, documents,
        after.buckets().size(), changed, added, old.size(), before.entries(), after.entries());
    LogFactory.getLog(AggregateStore.class).info("Rebuilt index " + table + "."
        + index + ": " + result);
    return result;
  }
}
