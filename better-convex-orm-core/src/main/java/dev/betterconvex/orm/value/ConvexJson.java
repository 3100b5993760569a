package dev.betterconvex.orm.value;

import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Convex JSON form of values, as convex-backend and the {@code convex} npm package write it.
 *
 * <p>null, booleans, strings and arrays are themselves; a Float64 is a JSON number, except NaN,
 * the infinities and {@code -0.0}, which are {@code {"$float": base64}} of the 8 little-endian
 * IEEE 754 bytes; an Int64 is {@code {"$integer": base64}} of its 8 little-endian bytes; Bytes are
 * {@code {"$bytes": base64}}; objects are JSON objects whose field names never start with
 * {@code $}. Every JSON number reads as a Float64. Reading then writing, or writing then reading,
 * is exact, NaN payloads included.
 */
public final class ConvexJson {

  /**
   * Parsers and generators come straight from the factory, with empty read and write contexts:
   * the codec binds nothing, so a mapper's per-call (de)serialization context would be waste.
   * Their buffers are recycled per thread: every stored body read is parsed by a parser of its
   * own, and the default pool (a concurrent deque) costs a fifth of parsing a short body.
   */
  private static final TokenStreamFactory FACTORY = JsonMapper.builder(JsonFactory.builder()
      .recyclerPool(JsonRecyclerPools.threadLocalPool()).build()).build().tokenStreamFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Base64.Encoder BASE64 = Base64.getEncoder();
  private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

  static final String INTEGER = "$integer";
  static final String FLOAT = "$float";
  static final String BYTES = "$bytes";

  private ConvexJson() {
  }

  /** Returns the Convex JSON text of {@code value}. */
  public static String write(ConvexValue value) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      write(generator, value);
    }
    return out.toString();
  }

  /** Writes the Convex JSON form of {@code value} to a Jackson generator (for streaming). */
  public static void write(JsonGenerator generator, ConvexValue value) {
    if (value instanceof ConvexString s) {
      generator.writeString(s.value());
    } else if (value instanceof ConvexFloat64 f) {
      double d = f.value();
      if (isSpecial(d)) {
        generator.writeStartObject();
        generator.writeName(FLOAT);
        generator.writeString(BASE64.encodeToString(littleEndian(Double.doubleToRawLongBits(d))));
        generator.writeEndObject();
      } else {
        generator.writeNumber(d);
      }
    } else if (value instanceof ConvexInt64 i) {
      generator.writeStartObject();
      generator.writeName(INTEGER);
      generator.writeString(BASE64.encodeToString(littleEndian(i.value())));
      generator.writeEndObject();
    } else if (value instanceof ConvexBoolean b) {
      generator.writeBoolean(b.value());
    } else if (value instanceof ConvexNull) {
      generator.writeNull();
    } else if (value instanceof ConvexBytes b) {
      generator.writeStartObject();
      generator.writeName(BYTES);
      generator.writeString(BASE64.encodeToString(b.raw()));
      generator.writeEndObject();
    } else if (value instanceof ConvexArray a) {
      List<ConvexValue> elements = a.values();
      generator.writeStartArray(a, elements.size());
      for (int i = 0, n = elements.size(); i < n; i++) {
        write(generator, elements.get(i));
      }
      generator.writeEndArray();
    } else {
      ConvexObject o = (ConvexObject) value;
      generator.writeStartObject(o, o.fields().size());
      for (Map.Entry<String, ConvexValue> field : o.fields().entrySet()) {
        // ConvexObject guarantees valid names, so none starts with '$'.
        generator.writeName(field.getKey());
        write(generator, field.getValue());
      }
      generator.writeEndObject();
    }
  }

  /**
   * Parses Convex JSON text.
   *
   * @throws IllegalArgumentException naming the position and the reason when {@code json} is not
   *     valid JSON or not a valid Convex JSON value
   */
  public static ConvexValue read(String json) {
    try (JsonParser parser = parser(json)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IllegalArgumentException("Invalid Convex JSON: the input is empty");
      }
      ConvexValue value = readTop(parser, token);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(
            "Invalid Convex JSON: unexpected content after the value at " + location(parser));
      }
      return value;
    } catch (JacksonException e) {
      TokenStreamLocation where = e.getLocation();
      throw new IllegalArgumentException("Invalid JSON: " + e.getOriginalMessage()
          + (where != null ? " at " + describe(where) : ""), e);
    }
  }

  /**
   * Reads one Convex JSON value from a Jackson parser positioned on the value's first token (or
   * just before it), leaving the parser on the value's last token.
   *
   * @throws IllegalArgumentException if the value is not valid Convex JSON
   */
  public static ConvexValue read(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == null || token == JsonToken.PROPERTY_NAME) {
      token = parser.nextToken();
    }
    if (token == null) {
      throw new IllegalArgumentException("Invalid Convex JSON: no value to read");
    }
    return readTop(parser, token);
  }

  /**
   * Returns a Jackson parser of {@code json}, configured as {@link #read(String)} parses, for a
   * reader that streams a value instead of building it (then {@link #read(JsonParser)} reads the
   * parts it does not stream). The caller closes it.
   */
  public static JsonParser parser(String json) {
    return FACTORY.createParser(ObjectReadContext.empty(), json);
  }

  /** Returns the Convex JSON form of {@code value} as a Jackson tree. */
  public static JsonNode toJsonNode(ConvexValue value) {
    if (value instanceof ConvexString s) {
      return NODES.stringNode(s.value());
    } else if (value instanceof ConvexFloat64 f) {
      double d = f.value();
      if (isSpecial(d)) {
        return special(FLOAT, littleEndian(Double.doubleToRawLongBits(d)));
      }
      return NODES.numberNode(d);
    } else if (value instanceof ConvexInt64 i) {
      return special(INTEGER, littleEndian(i.value()));
    } else if (value instanceof ConvexBoolean b) {
      return NODES.booleanNode(b.value());
    } else if (value instanceof ConvexNull) {
      return NODES.nullNode();
    } else if (value instanceof ConvexBytes b) {
      return special(BYTES, b.raw());
    } else if (value instanceof ConvexArray a) {
      ArrayNode array = NODES.arrayNode(a.values().size());
      for (ConvexValue element : a.values()) {
        array.add(toJsonNode(element));
      }
      return array;
    } else {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<String, ConvexValue> field : ((ConvexObject) value).fields().entrySet()) {
        object.set(field.getKey(), toJsonNode(field.getValue()));
      }
      return object;
    }
  }

  /**
   * Converts a Jackson tree in Convex JSON form to a value.
   *
   * @throws IllegalArgumentException naming the path and the reason when {@code node} is not a
   *     valid Convex JSON value
   */
  public static ConvexValue fromJsonNode(JsonNode node) {
    try {
      return fromNode(node);
    } catch (BadJson e) {
      throw e.toIllegalArgument("");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static ConvexValue readTop(JsonParser parser, JsonToken token) {
    try {
      return readValue(parser, token);
    } catch (BadJson e) {
      throw e.toIllegalArgument(" near " + location(parser));
    }
  }

  private static ConvexValue readValue(JsonParser parser, JsonToken token) {
    switch (token) {
      case VALUE_STRING:
        return string(parser.getString());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(parser);
      case VALUE_TRUE:
        return ConvexBoolean.TRUE;
      case VALUE_FALSE:
        return ConvexBoolean.FALSE;
      case VALUE_NULL:
        return ConvexNull.INSTANCE;
      case START_ARRAY:
        return readArray(parser);
      case START_OBJECT:
        return readObject(parser);
      default:
        throw new BadJson("unexpected JSON token " + token);
    }
  }

  private static ConvexValue number(JsonParser parser) {
    double d;
    try {
      d = parser.getDoubleValue();
    } catch (JacksonException e) {
      throw new BadJson("the number " + parser.getText() + " does not fit a Float64");
    }
    if (Double.isInfinite(d) || Double.isNaN(d)) {
      throw new BadJson("the number " + parser.getText() + " does not fit a Float64");
    }
    if (d == 0.0 && parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        && parser.getText().startsWith("-")) {
      d = -0.0; // "-0" is an integer token to Jackson, but -0.0 to JavaScript and convex-backend
    }
    return new ConvexFloat64(d);
  }

  private static ConvexArray readArray(JsonParser parser) {
    List<ConvexValue> elements = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new BadJson("the input ends inside an array");
      }
      try {
        elements.add(readValue(parser, token));
      } catch (BadJson e) {
        throw e.at("[" + elements.size() + "]");
      }
    }
    return new ConvexArray(elements);
  }

  private static ConvexValue readObject(JsonParser parser) {
    String name = parser.nextName();
    if (name == null) {
      return ConvexObject.EMPTY; // "{}"
    }
    if (name.startsWith("$")) {
      ConvexValue special = readSpecial(name, parser.nextToken(), parser);
      if (parser.nextToken() != JsonToken.END_OBJECT) {
        throw new BadJson("an object with a \"" + FieldNames.abbreviate(name)
            + "\" field must have no other field");
      }
      return special;
    }
    ConvexObject.Checked fields = new ConvexObject.Checked();
    while (name != null) {
      JsonToken token = parser.nextToken();
      try {
        checkFieldName(name);
        if (fields.put(name, readValue(parser, token)) != null) {
          throw new BadJson("the field appears twice");
        }
      } catch (BadJson e) {
        throw e.at("." + name);
      }
      name = parser.nextName();
    }
    return newObject(fields);
  }

  private static ConvexValue readSpecial(String name, JsonToken token, JsonParser parser) {
    if (!name.equals(INTEGER) && !name.equals(FLOAT) && !name.equals(BYTES)) {
      checkFieldName(name); // fails with the reason
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new BadJson("malformed " + name + " value: expected a base64 string, found " + token);
    }
    return special(name, parser.getString());
  }

  private static ConvexValue special(String name, String base64) {
    byte[] bytes;
    try {
      bytes = BASE64_DECODER.decode(base64);
    } catch (IllegalArgumentException e) {
      throw new BadJson("malformed " + name + " value: " + e.getMessage());
    }
    if (name.equals(BYTES)) {
      return ConvexBytes.wrap(bytes);
    }
    if (bytes.length != 8) {
      throw new BadJson("malformed " + name + " value: expected 8 bytes, found " + bytes.length);
    }
    long bits = fromLittleEndian(bytes);
    if (name.equals(INTEGER)) {
      return new ConvexInt64(bits);
    }
    double d = Double.longBitsToDouble(bits);
    // As convex-backend: a $float must not be a normal or subnormal number (those are numbers).
    if (!isSpecial(d) && d != 0.0) {
      throw new BadJson("Float64 " + d + " should be encoded as a number, not as " + FLOAT);
    }
    return new ConvexFloat64(d);
  }

  private static ConvexValue fromNode(JsonNode node) {
    if (node.isString()) {
      return string(node.stringValue());
    }
    if (node.isNumber()) {
      double d;
      try {
        d = node.doubleValue();
      } catch (JacksonException e) {
        throw new BadJson("the number " + node + " does not fit a Float64");
      }
      if (Double.isInfinite(d) || Double.isNaN(d)) {
        throw new BadJson("the number " + node + " does not fit a Float64");
      }
      return new ConvexFloat64(d);
    }
    if (node.isBoolean()) {
      return ConvexBoolean.of(node.booleanValue());
    }
    if (node.isNull()) {
      return ConvexNull.INSTANCE;
    }
    if (node.isArray()) {
      List<ConvexValue> elements = new ArrayList<>(node.size());
      for (JsonNode element : node.values()) {
        try {
          elements.add(fromNode(element));
        } catch (BadJson e) {
          throw e.at("[" + elements.size() + "]");
        }
      }
      return new ConvexArray(elements);
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      if (node.size() == 1) {
        Map.Entry<String, JsonNode> only = fields.next();
        String name = only.getKey();
        if (name.startsWith("$")) {
          if (!name.equals(INTEGER) && !name.equals(FLOAT) && !name.equals(BYTES)) {
            checkFieldName(name);
          }
          JsonNode value = only.getValue();
          if (!value.isString()) {
            throw new BadJson(
                "malformed " + name + " value: expected a base64 string, found " + value);
          }
          return special(name, value.stringValue());
        }
        fields = node.properties().iterator();
      }
      ConvexObject.Checked out = new ConvexObject.Checked();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        try {
          checkFieldName(field.getKey());
          out.put(field.getKey(), fromNode(field.getValue()));
        } catch (BadJson e) {
          throw e.at("." + field.getKey());
        }
      }
      return newObject(out);
    }
    throw new BadJson("a " + node.getNodeType() + " node is not a Convex JSON value");
  }

  private static ConvexString string(String s) {
    try {
      return new ConvexString(s);
    } catch (IllegalArgumentException e) {
      throw new BadJson(e.getMessage());
    }
  }

  private static ConvexObject newObject(SortedMap<String, ConvexValue> fields) {
    try {
      return new ConvexObject(fields);
    } catch (IllegalArgumentException e) {
      throw new BadJson(e.getMessage());
    }
  }

  private static void checkFieldName(String name) {
    String problem = FieldNames.problem(name);
    if (problem != null) {
      throw new BadJson("invalid field name \"" + FieldNames.abbreviate(name) + "\": " + problem);
    }
  }

  private static ObjectNode special(String name, byte[] bytes) {
    ObjectNode node = NODES.objectNode();
    node.put(name, BASE64.encodeToString(bytes));
    return node;
  }

  /** Whether a Float64 needs the {@code $float} form: NaN, an infinity or {@code -0.0}. */
  static boolean isSpecial(double d) {
    return Double.isNaN(d) || Double.isInfinite(d)
        || Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
  }

  static byte[] littleEndian(long n) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (n >>> (8 * i));
    }
    return bytes;
  }

  private static long fromLittleEndian(byte[] bytes) {
    long n = 0;
    for (int i = 7; i >= 0; i--) {
      n = (n << 8) | (bytes[i] & 0xFF);
    }
    return n;
  }

  private static String location(JsonParser parser) {
    return describe(parser.currentLocation());
  }

  private static String describe(TokenStreamLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** A reason a value is not Convex JSON, collecting the path while the recursion unwinds. */
  private static final class BadJson extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Deque<String> path = new ArrayDeque<>();

    BadJson(@Nullable String reason) {
      super(reason, null, false, false);
    }

    BadJson at(String segment) {
      path.addFirst(segment);
      return this;
    }

    IllegalArgumentException toIllegalArgument(String where) {
      String at = path.isEmpty() ? "" : " at " + String.join("", path).replaceFirst("^\\.", "");
      return new IllegalArgumentException("Invalid Convex JSON" + at + where + ": " + getMessage());
    }
  }
}
