package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.EtlOptions;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of the bank job: {@code ./etl bank --input=PATH --output=DIR}. */
public interface BankOptions extends EtlOptions, FraudRuleOptions, BankParseOptions {
  @Description(
      "Input bank_transactions.csv: a file, a glob (data/bank_*.csv) or a comma-separated list of them, local or "
          + "s3://bucket/key. "
          + "Every file must start with the bank header.")
  @Validation.Required
  String getInput();

  void setInput(String value);
}
