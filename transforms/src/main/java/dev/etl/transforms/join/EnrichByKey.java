package dev.etl.transforms.join;

import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Outcome;
import dev.etl.transforms.core.Parsed;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Many-to-one enrichment, one outcome per fact (see {@link Outcome}): the fact of a good outcome
 * becomes its pair with the one dimension row of its key, or a dead letter with the reason {@code
 * unknown_<keyName>} if its key is null, blank or not in the dimension; dead letters pass through.
 *
 * <p>The dimension is a map view ({@code View.asMap()}) that the caller builds once and may share
 * with other steps, so that it is broadcast once. Its keys must be unique (dedup it first, e.g.
 * with {@code DedupByKey}): the view is copied whole on the first fact of a window, and Beam's map
 * view then fails the pipeline on a duplicated key, naming it.
 *
 * <p>No shuffle join (CoGroupByKey) for dimensions too large to broadcast: the music job reads its
 * catalog as a side input in four more steps, so a shuffle here would not let a larger one fit.
 */
public class EnrichByKey<F, D>
    extends PTransform<PCollection<Outcome<Parsed<F>>>, PCollection<Outcome<KV<F, D>>>> {
  private final String keyName;
  private final SerializableFunction<F, String> factKey;
  private final PCollectionView<Map<String, D>> dimension;
  private final Coder<D> rowCoder;

  private EnrichByKey(
      String keyName,
      SerializableFunction<F, String> factKey,
      PCollectionView<Map<String, D>> dimension,
      Coder<D> rowCoder) {
    this.keyName = keyName;
    this.factKey = factKey;
    this.dimension = dimension;
    this.rowCoder = rowCoder;
  }

  /** {@code keyName} names the key in the reason code and in dead-letter details. */
  public static <F, D> EnrichByKey<F, D> of(
      String keyName,
      SerializableFunction<F, String> factKey,
      PCollectionView<Map<String, D>> dimension,
      Coder<D> rowCoder) {
    if (keyName == null || keyName.isBlank()) {
      throw new IllegalArgumentException("keyName must not be blank");
    }
    if (factKey == null || dimension == null || rowCoder == null) {
      throw new IllegalArgumentException("factKey, dimension and rowCoder are required");
    }
    return new EnrichByKey<>(keyName, factKey, dimension, rowCoder);
  }

  @Override
  public PCollection<Outcome<KV<F, D>>> expand(PCollection<Outcome<Parsed<F>>> outcomes) {
    Outcome.OutcomeCoder<Parsed<F>> coder = (Outcome.OutcomeCoder<Parsed<F>>) outcomes.getCoder();
    Parsed.ParsedCoder<F> factCoder = (Parsed.ParsedCoder<F>) coder.valueCoder();
    return outcomes
        .apply(
            "LookUpDimension",
            ParDo.of(new LookUpFn<>(keyName, factKey, dimension)).withSideInputs(dimension))
        .setCoder(Outcome.coder(KvCoder.of(factCoder.valueCoder(), rowCoder)));
  }

  /**
   * Looks facts up in a plain HashMap copy of the side input, made once per window and DoFn
   * instance: a map view's own lookup builds an iterable per call, which showed up in profiles at
   * ten million facts.
   */
  static final class LookUpFn<F, D> extends DoFn<Outcome<Parsed<F>>, Outcome<KV<F, D>>> {
    private final String keyName;
    private final SerializableFunction<F, String> factKey;
    private final PCollectionView<Map<String, D>> dimension;
    private transient BoundedWindow cachedWindow;
    private transient Map<String, D> cached;

    LookUpFn(
        String keyName,
        SerializableFunction<F, String> factKey,
        PCollectionView<Map<String, D>> dimension) {
      this.keyName = keyName;
      this.factKey = factKey;
      this.dimension = dimension;
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      Outcome<Parsed<F>> outcome = c.element();
      if (!outcome.isGood()) {
        c.output(outcome.castRejected());
        return;
      }
      if (cached == null || !window.equals(cachedWindow)) {
        cached = new HashMap<>(c.sideInput(dimension));
        cachedWindow = window;
      }
      Parsed<F> fact = outcome.value();
      String key = factKey.apply(fact.value());
      D row = key == null || key.isBlank() ? null : cached.get(key);
      if (row == null) {
        // quoted when blank, or the detail would show nothing where the key is
        String shown = key == null ? "null" : key.isBlank() ? "\"" + key + "\"" : key;
        c.output(
            Outcome.rejected(
                DeadLetter.of(
                    fact.source(),
                    "unknown_" + keyName,
                    keyName + " " + shown + " is not in the dimension")));
      } else {
        c.output(Outcome.good(KV.of(fact.value(), row)));
      }
    }
  }
}
