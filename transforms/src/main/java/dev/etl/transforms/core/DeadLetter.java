package dev.etl.transforms.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * A rejected input line: the original line with its source and position, a stable reason code (part
 * of the output contract) and a human-readable detail.
 */
public record DeadLetter(SourceLine source, String reason, String detail) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The dead-letter record as written ({@code rejected/*.jsonl}): the JSON keys come from this
   * schema, and the table catalog (./etl catalog) declares its columns from it.
   */
  public static final Schema SCHEMA =
      SchemaBuilder.record("dead_letter")
          .namespace("dev.etl.core")
          .fields()
          .requiredString("file")
          .requiredLong("position")
          .requiredString("raw")
          .requiredString("reason")
          .requiredString("detail")
          .endRecord();

  public static DeadLetter of(SourceLine source, String reason, String detail) {
    return new DeadLetter(source, reason, detail == null ? "" : detail);
  }

  /** One JSON object per line: {file, position, raw, reason, detail}. */
  public String toJson() {
    Object[] values = {source.file(), source.offset(), source.raw(), reason, detail};
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Schema.Field field : SCHEMA.getFields()) {
      fields.put(field.name(), values[field.pos()]);
    }
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a dead letter as JSON", e);
    }
  }

  public static final class Coder extends AtomicCoder<DeadLetter> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      SourceLine.Coder.of().encode(value.source, out);
      STRING.encode(value.reason, out);
      STRING.encode(value.detail, out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(SourceLine.Coder.of().decode(in), STRING.decode(in), STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
