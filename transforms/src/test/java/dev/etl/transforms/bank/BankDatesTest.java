package dev.etl.transforms.bank;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.Test;

public class BankDatesTest {
  private static final LocalDate TX = LocalDate.of(2016, 8, 2);

  // parseTransactionDate

  @Test
  public void transactionDateTwoDigitYearIsThisCentury() {
    assertEquals(LocalDate.of(2016, 8, 2), BankDates.parseTransactionDate("2/8/16"));
    assertEquals(LocalDate.of(2016, 12, 31), BankDates.parseTransactionDate("31/12/16"));
    assertEquals(LocalDate.of(2016, 9, 1), BankDates.parseTransactionDate("01/09/16"));
  }

  @Test
  public void transactionDateFourDigitYear() {
    assertEquals(LocalDate.of(2016, 8, 2), BankDates.parseTransactionDate("2/8/2016"));
    assertEquals(LocalDate.of(1999, 1, 5), BankDates.parseTransactionDate("5/1/1999"));
  }

  @Test
  public void transactionDateSurroundingBlanksAreTolerated() {
    assertEquals(LocalDate.of(2016, 8, 2), BankDates.parseTransactionDate(" 2/8/16 "));
  }

  @Test
  public void transactionDateLeapDay() {
    assertEquals(LocalDate.of(2016, 2, 29), BankDates.parseTransactionDate("29/2/16"));
    assertNull(BankDates.parseTransactionDate("29/2/17"));
  }

  @Test
  public void impossibleOrMalformedTransactionDatesAreNull() {
    for (String bad :
        new String[] {
          "31/2/16",
          "32/8/16",
          "0/9/16",
          "1/13/16",
          "1/0/16",
          "abc",
          "",
          "  ",
          "2/8",
          "2/8/16/1",
          "2-8-16",
          "2/8/216",
          "2/8/6",
          "a/8/16",
          "2/b/16",
          "123/8/16",
          "2/8/1x",
          "-2/8/16",
          "2//16"
        }) {
      assertNull("'" + bad + "' should not parse", BankDates.parseTransactionDate(bad));
    }
  }

  // resolveBirthDate

  @Test
  public void birthDateInLastCentury() {
    assertEquals(LocalDate.of(1994, 1, 10), BankDates.resolveBirthDate("10/1/94", TX));
  }

  @Test
  public void birthDateIsNeverPushedIntoTheFuture() {
    assertEquals(LocalDate.of(1968, 7, 25), BankDates.resolveBirthDate("25/7/68", TX));
  }

  @Test
  public void birthDateThisCenturyWhenNotAfterTheTransaction() {
    assertEquals(LocalDate.of(2016, 1, 1), BankDates.resolveBirthDate("1/1/16", TX));
    assertEquals(LocalDate.of(2016, 8, 2), BankDates.resolveBirthDate("2/8/16", TX)); // same day
  }

  @Test
  public void birthDateAfterTheTransactionGoesBackOneCentury() {
    assertEquals(LocalDate.of(1916, 9, 5), BankDates.resolveBirthDate("5/9/16", TX));
    assertEquals(
        LocalDate.of(1916, 8, 3), BankDates.resolveBirthDate("3/8/16", TX)); // one day after
  }

  @Test
  public void birthDatePlaceholderYearIsUnknown() {
    assertNull(BankDates.resolveBirthDate("1/1/1800", TX));
    assertNull(BankDates.resolveBirthDate("15/6/1899", TX));
  }

  @Test
  public void birthDateFourDigitYear() {
    assertEquals(LocalDate.of(1900, 1, 1), BankDates.resolveBirthDate("1/1/1900", TX));
    assertEquals(LocalDate.of(1985, 3, 4), BankDates.resolveBirthDate("4/3/1985", TX));
    assertNull("after the transaction", BankDates.resolveBirthDate("4/3/2020", TX));
  }

  @Test
  public void blankOrGarbageBirthDateIsUnknown() {
    assertNull(BankDates.resolveBirthDate("", TX));
    assertNull(BankDates.resolveBirthDate("   ", TX));
    assertNull(BankDates.resolveBirthDate("nan", TX));
    assertNull(BankDates.resolveBirthDate("10/1", TX));
    assertNull(BankDates.resolveBirthDate("32/1/94", TX));
    assertNull(BankDates.resolveBirthDate("10/1/994", TX));
  }

  @Test
  public void leapDayBirthDates() {
    assertEquals(LocalDate.of(2000, 2, 29), BankDates.resolveBirthDate("29/2/00", TX));
    assertEquals(LocalDate.of(1996, 2, 29), BankDates.resolveBirthDate("29/2/96", TX));
    // 2001 and 1901 are not leap years: impossible in every century
    assertNull(BankDates.resolveBirthDate("29/2/01", TX));
  }

  // parseTime

  @Test
  public void timesWithoutLeadingZeros() {
    assertEquals(LocalTime.of(14, 32, 7), BankDates.parseTime("143207"));
    assertEquals(LocalTime.of(0, 12, 34), BankDates.parseTime("1234"));
    assertEquals(LocalTime.of(0, 0, 5), BankDates.parseTime("5"));
    assertEquals(LocalTime.of(0, 0, 0), BankDates.parseTime("0"));
    assertEquals(LocalTime.of(23, 59, 59), BankDates.parseTime("235959"));
    assertEquals(LocalTime.of(1, 0, 0), BankDates.parseTime("10000"));
    assertEquals(LocalTime.of(0, 12, 34), BankDates.parseTime("001234"));
    assertEquals(LocalTime.of(14, 32, 7), BankDates.parseTime(" 143207 "));
  }

  @Test
  public void invalidTimesAreNull() {
    for (String bad :
        new String[] {
          "240000", "250000", "126000", "1260", "60", "", "  ", "1234567", "12a4", "-5", "+5",
          "12:34", "1.5"
        }) {
      assertNull("'" + bad + "' should not parse", BankDates.parseTime(bad));
    }
  }

  @Test
  public void onlyAsciiDigitsCount() {
    assertNull(BankDates.parseTransactionDate("+2/8/16"));
    assertNull(BankDates.parseTransactionDate("\u0662/8/16"));
    assertNull(BankDates.parseTime("\u0661\u0662\u0663\u0664"));
    assertNull(BankDates.resolveBirthDate("1/+1/90", TX));
  }
}
