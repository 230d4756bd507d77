package dev.etl.transforms.bank;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Parquet layout of the bank outputs (a user-facing contract). Dates are Parquet DATE. The
 * transaction time is an "HH:MM:SS" string, not a Parquet TIME: Spark 3.5 cannot read TIME columns,
 * and a string sorts and compares correctly in Athena, Spark and DuckDB alike. The partition column
 * {@code transaction_date} lives in the folder name (Hive style), not in the files.
 */
public final class BankTables {
  /** Parquet DATE, for every table's dates. */
  public static final Schema DATE = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));

  /** The partition column of {@code transactions/} (in the folder names) and its type. */
  public static final String TRANSACTION_PARTITION = "transaction_date";

  public static final Schema TRANSACTION_PARTITION_TYPE = DATE;
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  public static final Schema TRANSACTION =
      SchemaBuilder.record("transaction")
          .namespace("dev.etl.bank")
          .fields()
          .requiredString("transaction_id")
          .requiredString("customer_id")
          .name("customer_dob")
          .type(nullable(DATE))
          .withDefault(null)
          .optionalString("gender")
          .optionalString("location")
          .optionalDouble("account_balance")
          .requiredString("transaction_time")
          .requiredDouble("amount_inr")
          .endRecord();

  public static final Schema CUSTOMER =
      SchemaBuilder.record("customer")
          .namespace("dev.etl.bank")
          .fields()
          .requiredString("customer_id")
          .name("customer_dob")
          .type(nullable(DATE))
          .withDefault(null)
          .optionalString("gender")
          .optionalString("location")
          .optionalDouble("account_balance")
          .name("first_transaction_date")
          .type(DATE)
          .noDefault()
          .name("last_transaction_date")
          .type(DATE)
          .noDefault()
          .requiredLong("transaction_count")
          .requiredDouble("total_amount_inr")
          .optionalInt("age")
          .endRecord();

  private BankTables() {}

  private static Schema nullable(Schema schema) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
  }

  /** A time of day as every table writes it: "HH:MM:SS". */
  public static String timeOfDay(LocalTime time) {
    return HH_MM_SS.format(time);
  }

  /** The partition value, as it appears in {@code transaction_date=YYYY-MM-DD}. */
  public static String partitionOf(BankTransaction t) {
    return t.transactionDate().toString();
  }

  public static GenericRecord toRecord(BankTransaction t) {
    GenericData.Record r = new GenericData.Record(TRANSACTION);
    r.put(0, t.transactionId());
    r.put(1, t.customerId());
    r.put(2, t.customerDob() == null ? null : (int) t.customerDob().toEpochDay());
    r.put(3, t.gender());
    r.put(4, t.location());
    r.put(5, t.accountBalance());
    r.put(6, timeOfDay(t.transactionTime()));
    r.put(7, t.amountInr());
    return r;
  }

  public static GenericRecord toRecord(CustomerProfile c) {
    GenericData.Record r = new GenericData.Record(CUSTOMER);
    r.put(0, c.customerId());
    r.put(1, c.customerDob() == null ? null : (int) c.customerDob().toEpochDay());
    r.put(2, c.gender());
    r.put(3, c.location());
    r.put(4, c.accountBalance());
    r.put(5, (int) c.firstTransactionDate().toEpochDay());
    r.put(6, (int) c.lastTransactionDate().toEpochDay());
    r.put(7, c.transactionCount());
    r.put(8, c.totalAmountInr());
    r.put(9, c.ageAtLastTransaction());
    return r;
  }
}
