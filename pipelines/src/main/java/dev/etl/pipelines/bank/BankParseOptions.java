package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.UserError;
import dev.etl.transforms.bank.BankDates;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How a bank line is parsed, shared by {@code ./etl bank} and {@code ./etl bank-stream}. */
public interface BankParseOptions extends PipelineOptions {
  @Description(
      "The latest transaction date accepted, YYYY-MM-DD; a later one is rejected as future_transaction_date "
          + "(a two-digit year such as 10/8/99 reads as 2099). Default: today in the latest time zone "
          + "(UTC+14), taken when the batch run starts, and at each line for bank-stream.")
  String getLatestTransactionDate();

  void setLatestTransactionDate(String value);

  /** The bound as a date ({@code null}: the default), or a {@link UserError} naming the option. */
  static LocalDate latestTransactionDate(BankParseOptions options) {
    String text = options.getLatestTransactionDate();
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new UserError("--latestTransactionDate must be a date YYYY-MM-DD, got '" + text + "'");
    }
  }

  /** The batch bound: the option, or today when the run starts (one bound for every line). */
  static LocalDate batchBound(BankParseOptions options) {
    LocalDate bound = latestTransactionDate(options);
    return bound == null ? BankDates.today() : bound;
  }
}
