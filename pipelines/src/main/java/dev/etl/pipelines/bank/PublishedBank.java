package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.InputRecord;
import dev.etl.transforms.bank.BankTables;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.bank.CustomerProfile;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import dev.etl.transforms.fraud.Suspicion;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * What an incremental bank run reads back from the published output instead of the old raw files:
 * the state of published transactions ({@code _STATE/transactions/}: every published row with the
 * source line it was kept from, so that a later duplicate is compared exactly and a conflict names
 * the kept line, as one run over all lines would), the customers table and the suspicious
 * transactions table.
 */
final class PublishedBank {
  /** Every published transaction with its source: one file set per run, never rewritten. */
  static final String STATE_TRANSACTIONS = InputRecord.STATE_DIR + "/transactions";

  static final Schema STATE_SCHEMA = stateSchema();

  private PublishedBank() {}

  private static Schema stateSchema() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : BankTables.TRANSACTION.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field(BankTables.TRANSACTION_PARTITION, BankTables.DATE));
    fields.add(new Schema.Field("source_file", Schema.create(Schema.Type.STRING)));
    fields.add(new Schema.Field("source_offset", Schema.create(Schema.Type.LONG)));
    return Schema.createRecord("published_transaction", null, "dev.etl.bank.state", false, fields);
  }

  static GenericRecord toStateRecord(Parsed<BankTransaction> p) {
    GenericRecord row = BankTables.toRecord(p.value());
    GenericData.Record r = new GenericData.Record(STATE_SCHEMA);
    for (Schema.Field f : BankTables.TRANSACTION.getFields()) {
      r.put(f.name(), row.get(f.pos()));
    }
    r.put(BankTables.TRANSACTION_PARTITION, (int) p.value().transactionDate().toEpochDay());
    r.put("source_file", p.source().file());
    r.put("source_offset", p.source().offset());
    return r;
  }

  /** The published transactions with their sources (the raw text is not kept: it is not needed). */
  static PTransform<PBegin, PCollection<Parsed<BankTransaction>>> stateTransactions(String root) {
    return parquet(
        root + "/" + STATE_TRANSACTIONS + "/*.parquet",
        PublishedBank::fromStateRecord,
        Parsed.coder(BankTransaction.TransactionCoder.of()));
  }

  static PTransform<PBegin, PCollection<CustomerProfile>> customers(String root) {
    return parquet(
        root + "/customers/*.parquet",
        PublishedBank::customerOf,
        CustomerProfile.ProfileCoder.of());
  }

  static PTransform<PBegin, PCollection<Suspicion>> suspicious(String root) {
    return parquet(
        root + "/suspicious_transactions/*.parquet",
        PublishedBank::suspicionOf,
        Suspicion.SuspicionCoder.of());
  }

  private static <T> PTransform<PBegin, PCollection<T>> parquet(
      String glob, SerializableFunction<GenericRecord, T> parse, Coder<T> coder) {
    return new PTransform<>() {
      @Override
      public PCollection<T> expand(PBegin begin) {
        return begin
            .apply(
                "MatchFiles",
                FileIO.match().filepattern(glob).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("OpenFiles", FileIO.readMatches())
            .apply("ParseRows", ParquetIO.parseFilesGenericRecords(parse).withCoder(coder))
            .setCoder(coder);
      }
    };
  }

  static Parsed<BankTransaction> fromStateRecord(GenericRecord r) {
    BankTransaction t =
        new BankTransaction(
            string(r, "transaction_id"),
            string(r, "customer_id"),
            date(r.get("customer_dob")),
            string(r, "gender"),
            string(r, "location"),
            (Double) r.get("account_balance"),
            date(r.get(BankTables.TRANSACTION_PARTITION)),
            LocalTime.parse(string(r, "transaction_time")),
            (Double) r.get("amount_inr"));
    return new Parsed<>(
        new SourceLine(string(r, "source_file"), (Long) r.get("source_offset"), ""), t);
  }

  static CustomerProfile customerOf(GenericRecord r) {
    return new CustomerProfile(
        string(r, "customer_id"),
        date(r.get("customer_dob")),
        string(r, "gender"),
        string(r, "location"),
        (Double) r.get("account_balance"),
        date(r.get("first_transaction_date")),
        date(r.get("last_transaction_date")),
        (Long) r.get("transaction_count"),
        (Double) r.get("total_amount_inr"),
        (Integer) r.get("age"));
  }

  static Suspicion suspicionOf(GenericRecord r) {
    return new Suspicion(
        string(r, "transaction_id"),
        string(r, "reason"),
        string(r, "customer_id"),
        date(r.get("transaction_date")),
        LocalTime.parse(string(r, "transaction_time")),
        (Double) r.get("amount_inr"),
        (Double) r.get("observed"),
        (Double) r.get("compared_to"),
        string(r, "detail"));
  }

  private static String string(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : v.toString();
  }

  /** DATE columns come back as epoch days (or as LocalDate with a data model that converts). */
  private static LocalDate date(Object v) {
    if (v == null) {
      return null;
    }
    return v instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) v).longValue());
  }
}
