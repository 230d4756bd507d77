package dev.etl.transforms.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * A rejected input line: the original line with its source and position, a stable reason code
 * (part of the output contract) and a human-readable detail.
 */
public record DeadLetter(SourceLine source, String reason, String detail) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static DeadLetter of(SourceLine source, String reason, String detail) {
    return new DeadLetter(source, reason, detail == null ? "" : detail);
  }

  /** One JSON object per line: {file, position, raw, reason, detail}. */
  public String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("file", source.file());
    fields.put("position", source.offset());
    fields.put("raw", source.raw());
    fields.put("reason", reason);
    fields.put("detail", detail);
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
