package dev.etl.transforms.bank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.Test;

public class BankTablesTest {
  private static final LocalDate DOB = LocalDate.of(1994, 1, 10);
  private static final LocalDate AUG_2 = LocalDate.of(2016, 8, 2);

  @Test
  public void transactionRecord() {
    GenericRecord r =
        BankTables.toRecord(
            new BankTransaction(
                "T1", "C1", DOB, "F", "MUMBAI", 17819.05, AUG_2, LocalTime.of(14, 32, 7), 25.0));
    assertTrue(GenericData.get().validate(BankTables.TRANSACTION, r));
    assertEquals("T1", r.get("transaction_id"));
    assertEquals("C1", r.get("customer_id"));
    assertEquals(8775, r.get("customer_dob")); // 1994-01-10 is day 8775 after 1970-01-01
    assertEquals((int) DOB.toEpochDay(), r.get("customer_dob"));
    assertEquals("F", r.get("gender"));
    assertEquals("MUMBAI", r.get("location"));
    assertEquals(17819.05, r.get("account_balance"));
    assertEquals("14:32:07", r.get("transaction_time"));
    assertEquals(25.0, r.get("amount_inr"));
    // the date is the partition, not a column
    assertNull(BankTables.TRANSACTION.getField("transaction_date"));
    assertEquals(
        "2016-08-02",
        BankTables.partitionOf(
            new BankTransaction("T1", "C1", null, null, null, null, AUG_2, LocalTime.NOON, 1.0)));
  }

  @Test
  public void transactionRecordKeepsNullsAndPadsTimes() {
    GenericRecord r =
        BankTables.toRecord(
            new BankTransaction(
                "T2", "C2", null, null, null, null, AUG_2, LocalTime.of(0, 0, 5), 0.0));
    assertTrue(GenericData.get().validate(BankTables.TRANSACTION, r));
    assertNull(r.get("customer_dob"));
    assertNull(r.get("gender"));
    assertNull(r.get("location"));
    assertNull(r.get("account_balance"));
    assertEquals("00:00:05", r.get("transaction_time"));
    assertEquals(
        "00:00:00",
        BankTables.toRecord(
                new BankTransaction(
                    "T3", "C3", null, null, null, null, AUG_2, LocalTime.MIDNIGHT, 0.0))
            .get("transaction_time"));
    assertEquals(
        "23:59:59",
        BankTables.toRecord(
                new BankTransaction(
                    "T3", "C3", null, null, null, null, AUG_2, LocalTime.of(23, 59, 59), 0.0))
            .get("transaction_time"));
  }

  @Test
  public void datesBeforeTheEpochAreNegativeDays() {
    GenericRecord r =
        BankTables.toRecord(
            new BankTransaction(
                "T4",
                "C4",
                LocalDate.of(1916, 9, 5),
                null,
                null,
                null,
                AUG_2,
                LocalTime.NOON,
                1.0));
    assertEquals((int) LocalDate.of(1916, 9, 5).toEpochDay(), r.get("customer_dob"));
    assertTrue((Integer) r.get("customer_dob") < 0);
  }

  @Test
  public void customerRecord() {
    GenericRecord r =
        BankTables.toRecord(
            new CustomerProfile(
                "C1", DOB, "M", "DELHI", -3.5, AUG_2, LocalDate.of(2016, 8, 7), 4, 123.25, 22));
    assertTrue(GenericData.get().validate(BankTables.CUSTOMER, r));
    assertEquals("C1", r.get("customer_id"));
    assertEquals((int) DOB.toEpochDay(), r.get("customer_dob"));
    assertEquals("M", r.get("gender"));
    assertEquals("DELHI", r.get("location"));
    assertEquals(-3.5, r.get("account_balance"));
    assertEquals(17015, r.get("first_transaction_date")); // 2016-08-02
    assertEquals(17020, r.get("last_transaction_date")); // 2016-08-07
    assertEquals(4L, r.get("transaction_count"));
    assertEquals(123.25, r.get("total_amount_inr"));
    assertEquals(22, r.get("age"));
  }

  @Test
  public void customerRecordKeepsNulls() {
    GenericRecord r =
        BankTables.toRecord(
            new CustomerProfile("C2", null, null, null, null, AUG_2, AUG_2, 1, 0.0, null));
    assertTrue(GenericData.get().validate(BankTables.CUSTOMER, r));
    assertNull(r.get("customer_dob"));
    assertNull(r.get("gender"));
    assertNull(r.get("location"));
    assertNull(r.get("account_balance"));
    assertNull(r.get("age"));
    assertEquals(17015, r.get("first_transaction_date"));
  }
}
