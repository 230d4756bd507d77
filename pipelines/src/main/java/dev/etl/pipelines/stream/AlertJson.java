package dev.etl.pipelines.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etl.transforms.bank.BankTransaction;
import dev.etl.transforms.fraud.Suspicion;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * One alert as the JSON message of the alerts topic, keyed by customer: the suspicious_transactions
 * fields plus event_time and detected_at.
 */
final class AlertJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private AlertJson() {}

  static final class AlertJsonFn extends DoFn<Suspicion, KV<String, String>> {
    @ProcessElement
    public void process(@Element Suspicion s, OutputReceiver<KV<String, String>> out)
        throws JsonProcessingException {
      out.output(KV.of(s.customerId(), of(s, Instant.now())));
    }
  }

  static String of(Suspicion s, Instant detectedAt) throws JsonProcessingException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("transaction_id", s.transactionId());
    fields.put("reason", s.reason());
    fields.put("customer_id", s.customerId());
    fields.put("transaction_date", s.transactionDate().toString());
    fields.put("transaction_time", HH_MM_SS.format(s.transactionTime()));
    fields.put("amount_inr", s.amountInr());
    fields.put("observed", s.observed());
    fields.put("compared_to", s.comparedTo());
    fields.put("detail", s.detail());
    fields.put(
        "event_time",
        BankTransaction.eventTime(s.transactionDate(), s.transactionTime()).toString());
    fields.put("detected_at", detectedAt.toString());
    return JSON.writeValueAsString(fields);
  }
}
