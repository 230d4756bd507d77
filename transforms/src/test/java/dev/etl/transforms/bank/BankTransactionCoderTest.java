package dev.etl.transforms.bank;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class BankTransactionCoderTest {
  @Test
  public void roundTripsWithAndWithoutOptionalFields() throws Exception {
    BankTransaction.TransactionCoder coder = BankTransaction.TransactionCoder.of();
    CoderProperties.coderDecodeEncodeEqual(
        coder,
        new BankTransaction(
            "T1",
            "C1",
            LocalDate.of(1968, 7, 25),
            "F",
            "Zoë 東京",
            -12.5,
            LocalDate.of(2016, 8, 2),
            LocalTime.of(14, 32, 7),
            25.0));
    CoderProperties.coderDecodeEncodeEqual(
        coder,
        new BankTransaction(
            "T2", "C2", null, null, null, null, LocalDate.of(2016, 8, 2), LocalTime.MIDNIGHT, 0.0));
    CoderProperties.coderDecodeEncodeEqual(
        coder,
        new BankTransaction(
            "T3",
            "C3",
            LocalDate.of(1800, 1, 1),
            "",
            "",
            0.0,
            LocalDate.of(2016, 12, 31),
            LocalTime.of(23, 59, 59),
            1e9));
  }
}
