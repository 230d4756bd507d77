package dev.etl.transforms.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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

  public static final class Coder extends BlockCoder<DeadLetter> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    protected void write(DeadLetter value, Encoder out) throws IOException {
      SourceLine.Coder.of().write(value.source, out);
      out.writeString(value.reason);
      out.writeString(value.detail);
    }

    @Override
    protected DeadLetter read(Decoder in) throws IOException {
      return new DeadLetter(SourceLine.Coder.of().read(in), in.readString(), in.readString());
    }
  }
}
