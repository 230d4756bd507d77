package dev.etl.transforms.segment;

import dev.etl.transforms.core.BlockCoder;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

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

  public static final class CustomerSegmentCoder extends BlockCoder<CustomerSegment> {
    private static final CustomerSegmentCoder INSTANCE = new CustomerSegmentCoder();

    public static CustomerSegmentCoder of() {
      return INSTANCE;
    }

    @Override
    protected void write(CustomerSegment s, Encoder out) throws IOException {
      out.writeString(s.customerId);
      out.writeInt(s.recencyDays);
      out.writeLong(s.frequency);
      out.writeDouble(s.monetary);
      // the three scores (1..5) in one byte-sized int
      out.writeInt(s.rScore * 100 + s.fScore * 10 + s.mScore);
      out.writeString(s.segment);
      out.writeString(s.ageBand);
      writeNullableString(out, s.gender);
      writeNullableString(out, s.location);
      out.writeString(s.balanceBand);
    }

    @Override
    protected CustomerSegment read(Decoder in) throws IOException {
      String id = in.readString();
      int recency = in.readInt();
      long frequency = in.readLong();
      double monetary = in.readDouble();
      int scores = in.readInt();
      return new CustomerSegment(
          id,
          recency,
          frequency,
          monetary,
          scores / 100,
          scores / 10 % 10,
          scores % 10,
          in.readString(),
          in.readString(),
          readNullableString(in),
          readNullableString(in),
          in.readString());
    }
  }
}
