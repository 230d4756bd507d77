package dev.etl.transforms.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One row of {@code customer_segments/}: RFM figures and scores, the named segment and the profile
 * bands.
 */
public record CustomerSegment(
    String customerId,
    int recencyDays,
    long frequency,
    double monetary,
    int rScore,
    int fScore,
    int mScore,
    String segment,
    String ageBand,
    String gender,
    String location,
    String balanceBand) {

  /** {@code customer_segments/}: one row per customer (column names are a contract). */
  public static final Schema SCHEMA =
      SchemaBuilder.record("customer_segment")
          .namespace("dev.etl.bank")
          .fields()
          .requiredString("customer_id")
          .requiredInt("recency_days")
          .requiredLong("frequency")
          .requiredDouble("monetary")
          .requiredInt("r_score")
          .requiredInt("f_score")
          .requiredInt("m_score")
          .requiredString("segment")
          .requiredString("age_band")
          .optionalString("gender")
          .optionalString("location")
          .requiredString("balance_band")
          .endRecord();

  public GenericRecord toRecord() {
    GenericData.Record r = new GenericData.Record(SCHEMA);
    r.put(0, customerId);
    r.put(1, recencyDays);
    r.put(2, frequency);
    r.put(3, monetary);
    r.put(4, rScore);
    r.put(5, fScore);
    r.put(6, mScore);
    r.put(7, segment);
    r.put(8, ageBand);
    r.put(9, gender);
    r.put(10, location);
    r.put(11, balanceBand);
    return r;
  }

  public static final class CustomerSegmentCoder extends AtomicCoder<CustomerSegment> {
    private static final CustomerSegmentCoder INSTANCE = new CustomerSegmentCoder();
    private static final Coder<String> STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final Coder<Integer> INT = VarIntCoder.of();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<Double> DOUBLE = DoubleCoder.of();

    public static CustomerSegmentCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CustomerSegment s, OutputStream out) throws IOException {
      STRING.encode(s.customerId, out);
      INT.encode(s.recencyDays, out);
      LONG.encode(s.frequency, out);
      DOUBLE.encode(s.monetary, out);
      // the three scores (1..5) in one byte-sized int
      INT.encode(s.rScore * 100 + s.fScore * 10 + s.mScore, out);
      STRING.encode(s.segment, out);
      STRING.encode(s.ageBand, out);
      NULLABLE_STRING.encode(s.gender, out);
      NULLABLE_STRING.encode(s.location, out);
      STRING.encode(s.balanceBand, out);
    }

    @Override
    public CustomerSegment decode(InputStream in) throws IOException {
      String id = STRING.decode(in);
      int recency = INT.decode(in);
      long frequency = LONG.decode(in);
      double monetary = DOUBLE.decode(in);
      int scores = INT.decode(in);
      return new CustomerSegment(
          id,
          recency,
          frequency,
          monetary,
          scores / 100,
          scores / 10 % 10,
          scores % 10,
          STRING.decode(in),
          STRING.decode(in),
          NULLABLE_STRING.decode(in),
          NULLABLE_STRING.decode(in),
          STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
