package dev.betterconvex.orm.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals cursor payloads into opaque, tamper-evident strings and opens them again: base64url of
 * the payload followed by an HMAC-SHA256 tag (16 bytes) under a secret the engine keeps in its
 * own tables, so every application instance on one database accepts the others' cursors. It also
 * says what binds a cursor to the index it reads ({@link #indexIdentity}). Only the ORM's query
 * layer reaches it, through {@link EngineInternals#cursors}; it is not for application code.
 */
public final class CursorCodec {

  private static final int TAG_BYTES = 16;

  private final SecretKeySpec key;
  private final java.util.function.Supplier<TableRegistry> registry;
  /** One keyed MAC per thread: looking the algorithm up and keying it costs more than a tag. */
  private final ThreadLocal<Mac> macs;

  CursorCodec(java.util.function.Supplier<TableRegistry> registry) {
    this.key = new SecretKeySpec(registry.get().cursorSecret(), "HmacSHA256");
    this.registry = registry;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * Returns the identity of an index that every cursor reading it must carry: its table, name,
   * the id the database gave it and its full key field list. The id changes when the index is
   * dropped and created again or its fields change, so a cursor taken before is refused.
   *
   * @throws InvalidIndexRangeException when the table has no such index
   */
  public String indexIdentity(String table, String index) {
    TableRegistry.IndexInfo info = registry.get().table(table).index(index);
    return table + "." + index + "#" + info.id() + info.schema().keyFields();
  }

  /**
   * Returns the identity of a search index that every cursor of a search on it must carry: its
   * table, name, the id the database gave it, its search field and filter fields.
   *
   * @throws InvalidIndexRangeException when the table has no such search index
   */
  public String searchIndexIdentity(String table, String index) {
    TableRegistry.SearchInfo info = registry.get().table(table).search(index);
    return table + "." + index + "#search" + info.id() + "(" + info.schema().searchField() + ", "
        + info.schema().filterFields() + ")";
  }

  /** Returns the opaque cursor for {@code payload}. */
  public String seal(byte[] payload) {
    byte[] tag = tag(payload);
    byte[] sealed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag, 0, sealed, payload.length, TAG_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  /**
   * Returns the payload of a cursor made by {@link #seal}.
   *
   * @throws InvalidCursorException when the cursor is not one this database's engines made
   */
  public byte[] open(String cursor) {
    byte[] sealed;
    try {
      sealed = Base64.getUrlDecoder().decode(cursor.getBytes(StandardCharsets.US_ASCII));
    }
    catch (IllegalArgumentException ex) {
      throw new InvalidCursorException("Invalid cursor: not a cursor this engine made");
    }
    if (sealed.length < TAG_BYTES) {
      throw new InvalidCursorException("Invalid cursor: truncated");
    }
    byte[] payload = Arrays.copyOf(sealed, sealed.length - TAG_BYTES);
    byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
    if (!MessageDigest.isEqual(tag, tag(payload))) {
      throw new InvalidCursorException("Invalid cursor: it was altered or made by another "
          + "deployment");
    }
    return payload;
  }

  private byte[] tag(byte[] payload) {
    // doFinal resets the MAC for the next payload, keeping its key
    return Arrays.copyOf(macs.get().doFinal(payload), TAG_BYTES);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    }
    catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is not available", ex);
    }
  }
}
