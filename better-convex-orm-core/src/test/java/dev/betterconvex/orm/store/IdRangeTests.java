package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.value.DocumentId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link IdRange}: a by_id key range selects exactly the ids whose keys lie in it. */
class IdRangeTests {

  @Test
  void idRangesSelectExactlyTheIdsWhoseKeysLieInTheKeyRange() {
    Random random = new Random(12);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(DocumentId.generate(10001 + random.nextInt(3) * 5000, 1_700_000_000_000L
          + random.nextInt(1_000_000_000), new java.util.SplittableRandom(random.nextLong()))
          .encode());
    }
    for (int round = 0; round < 3000; round++) {
      byte[] start = bound(random, ids);
      byte[] end = random.nextInt(5) == 0 ? null : bound(random, ids);
      IdRange range = IdRange.of(start, end);
      for (String id : ids) {
        byte[] key = IdRange.key(id);
        boolean inKeys = Arrays.compareUnsigned(key, start) >= 0
            && (end == null || Arrays.compareUnsigned(key, end) < 0);
        boolean inIds = range != null && id.compareTo(range.lower()) >= 0
            && (range.upper() == null || id.compareTo(range.upper()) < 0);
        assertThat(inIds).as("id %s, start %s, end %s", id, Arrays.toString(start),
            Arrays.toString(end)).isEqualTo(inKeys);
      }
    }
  }

  /** A key bound near the ids: a key, a prefix of one, a changed or extended key, or noise. */
  private static byte[] bound(Random random, List<String> ids) {
    byte[] key = IdRange.key(ids.get(random.nextInt(ids.size())));
    switch (random.nextInt(6)) {
      case 0:
        return key;
      case 1:
        return Arrays.copyOf(key, 1 + random.nextInt(key.length));
      case 2: {
        byte[] changed = key.clone();
        changed[1 + random.nextInt(key.length - 1)] = (byte) random.nextInt(256);
        return changed;
      }
      case 3: {
        byte[] longer = Arrays.copyOf(key, key.length + 1 + random.nextInt(2));
        longer[longer.length - 1] = (byte) random.nextInt(256);
        return longer;
      }
      case 4:
        return new byte[] {(byte) random.nextInt(0x20)};
      default: {
        byte[] noise = new byte[1 + random.nextInt(6)];
        random.nextBytes(noise);
        noise[0] = 0x10;
        return noise;
      }
    }
  }
}
