package dev.etl.transforms.join;

import dev.etl.transforms.core.SideInputCache;
import dev.etl.transforms.core.DeadLetter;
import dev.etl.transforms.core.Outcome;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import dev.etl.transforms.core.Parsed;
import dev.etl.transforms.core.SourceLine;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Many-to-one enrichment: pairs every fact with the one dimension row of its key.
 *
 * <p>Facts whose key is null, blank or not in the dimension never disappear: each becomes a dead
 * letter on {@link Result#unknown()} with the reason {@code unknown_<keyName>} (or the one given to
 * {@link #withUnknownReason}). Dimension rows without facts produce nothing; dimension rows with a
 * null or blank key are ignored, since no fact can match them.
 *
 * <p>The dimension must have unique keys (dedup it first, e.g. with {@code DedupByKey}): two rows
 * with the same key fail the pipeline with an {@link IllegalStateException} naming the key, with
 * either strategy and whether or not a fact has that key. Picking one of them silently would make
 * the output depend on the runner.
 *
 * <p>Both strategies give the same output; they differ in cost. {@link Strategy#SIDE_INPUT} (the
 * default) broadcasts the dimension to every worker and moves no fact; {@link Strategy#CO_GROUP}
 * shuffles facts and dimension by key, for dimensions that do not fit in memory, and pays per key
 * group (on the direct runner every group is its own bundle, see {@code DedupByKey}).
 */
public class EnrichByKey<F, D> extends PTransform<PCollection<Parsed<F>>, EnrichByKey.Result<F, D>> {

  /** How facts meet their dimension row. */
  public enum Strategy {
    /** The dimension as an in-memory side input, looked up per fact. */
    SIDE_INPUT,
    /** CoGroupByKey of facts and dimension, for dimensions that do not fit in memory. */
    CO_GROUP
  }

  private final String keyName;
  private final SerializableFunction<F, String> factKey;
  // a PCollection is not serializable, and only expand needs it
  private final transient PCollection<D> dimension;
  private final SerializableFunction<D, String> dimensionKey;
  private final Strategy strategy;
  private final String unknownReason;

  private EnrichByKey(
      String keyName,
      SerializableFunction<F, String> factKey,
      PCollection<D> dimension,
      SerializableFunction<D, String> dimensionKey,
      Strategy strategy,
      String unknownReason) {
    this.keyName = keyName;
    this.factKey = factKey;
    this.dimension = dimension;
    this.dimensionKey = dimensionKey;
    this.strategy = strategy;
    this.unknownReason = unknownReason;
  }

  /** {@code keyName} names the key in the default reason code and in dead-letter details. */
  public static <F, D> EnrichByKey<F, D> of(
      String keyName,
      SerializableFunction<F, String> factKey,
      PCollection<D> dimension,
      SerializableFunction<D, String> dimensionKey) {
    requireText(keyName, "keyName");
    if (factKey == null || dimension == null || dimensionKey == null) {
      throw new IllegalArgumentException("factKey, dimension and dimensionKey are required");
    }
    return new EnrichByKey<>(
        keyName, factKey, dimension, dimensionKey, Strategy.SIDE_INPUT, "unknown_" + keyName);
  }

  public EnrichByKey<F, D> withStrategy(Strategy strategy) {
    if (strategy == null) {
      throw new IllegalArgumentException("strategy is required");
    }
    return new EnrichByKey<>(keyName, factKey, dimension, dimensionKey, strategy, unknownReason);
  }

  /** The reason code of facts without a dimension row; part of the dead-letter contract. */
  public EnrichByKey<F, D> withUnknownReason(String reason) {
    requireText(reason, "reason");
    return new EnrichByKey<>(keyName, factKey, dimension, dimensionKey, strategy, reason);
  }

  public Strategy strategy() {
    return strategy;
  }

  /**
   * The side-input lookup as one outcome per fact: a fact of a good outcome becomes its pair with
   * the dimension row, or a dead letter if its key is unknown; rejected outcomes pass through. For
   * large fact collections that are split only at the end of a chain (see {@link Outcome}).
   */
  public PTransform<PCollection<Outcome<Parsed<F>>>, PCollection<Outcome<KV<F, D>>>> onOutcomes() {
    EnrichByKey<F, D> join = this;
    return new PTransform<>() {
      @Override
      public PCollection<Outcome<KV<F, D>>> expand(PCollection<Outcome<Parsed<F>>> outcomes) {
        Outcome.OutcomeCoder<Parsed<F>> coder = (Outcome.OutcomeCoder<Parsed<F>>) outcomes.getCoder();
        Parsed.ParsedCoder<F> factCoder = (Parsed.ParsedCoder<F>) coder.valueCoder();
        Coder<D> rowCoder = dimension.getCoder();
        PCollection<KV<String, D>> keyedDimension =
            dimension
                .apply("KeyDimension", ParDo.of(new KeyDimensionFn<>(dimensionKey)))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), rowCoder));
        PCollectionView<Map<String, Iterable<D>>> rows = join.viewChecked(keyedDimension);
        return outcomes
            .apply(
                "LookUpDimension",
                ParDo.of(new LookUpOutcomeFn<>(factKey, new Unknowns(keyName, unknownReason), rows)).withSideInputs(rows))
            .setCoder(Outcome.coder(KvCoder.of(factCoder.valueCoder(), rowCoder)));
      }
    };
  }

  /** The dimension as a multimap view, with the check that its keys are unique. */
  private PCollectionView<Map<String, Iterable<D>>> viewChecked(PCollection<KV<String, D>> keyedDimension) {
    // a multimap, not View.asMap: duplicates then reach us and fail with a clear message on every
    // runner, instead of Beam's own error, which some runners raise only when the key is read
    PCollectionView<Map<String, Iterable<D>>> rows = keyedDimension.apply("ViewDimension", View.asMultimap());
    // checked apart from the lookup so that a duplicate fails even when no fact has its key;
    // without defaults an empty dimension has no count, and nothing to check
    keyedDimension
        .apply("CountDimensionRows", Combine.globally(Count.<KV<String, D>>combineFn()).withoutDefaults())
        .apply("CheckDimensionKeys", ParDo.of(new CheckUniqueKeysFn<D>(keyName, rows)).withSideInputs(rows));
    return rows;
  }

  public String unknownReason() {
    return unknownReason;
  }

  /** Facts (without their source) paired with their dimension row, and facts with no row. */
  public record Result<F, D>(PCollection<KV<F, D>> matched, PCollection<DeadLetter> unknown)
      implements POutput {
    @Override
    public Pipeline getPipeline() {
      return matched.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(new TupleTag<>("matched"), matched, new TupleTag<>("unknown"), unknown);
    }

    @Override
    public void finishSpecifyingOutput(String name, PInput input, PTransform<?, ?> transform) {}
  }

  @Override
  public Result<F, D> expand(PCollection<Parsed<F>> facts) {
    if (!(facts.getCoder() instanceof Parsed.ParsedCoder<?>)) {
      throw new IllegalArgumentException(
          "facts must be coded with Parsed.coder(...), got " + facts.getCoder());
    }
    Parsed.ParsedCoder<F> factCoder = (Parsed.ParsedCoder<F>) facts.getCoder();
    Coder<D> rowCoder = dimension.getCoder();
    KvCoder<F, D> matchedCoder = KvCoder.of(factCoder.valueCoder(), rowCoder);
    PCollection<KV<String, D>> keyedDimension =
        dimension
            .apply("KeyDimension", ParDo.of(new KeyDimensionFn<>(dimensionKey)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), rowCoder));
    Unknowns unknowns = new Unknowns(keyName, unknownReason);
    return strategy == Strategy.SIDE_INPUT
        ? lookUp(facts, keyedDimension, unknowns, matchedCoder)
        : coGroup(facts, keyedDimension, unknowns, factCoder, matchedCoder);
  }

  private Result<F, D> lookUp(
      PCollection<Parsed<F>> facts,
      PCollection<KV<String, D>> keyedDimension,
      Unknowns unknowns,
      KvCoder<F, D> matchedCoder) {
    PCollectionView<Map<String, Iterable<D>>> rows = viewChecked(keyedDimension);
    TupleTag<KV<F, D>> matchedTag = new TupleTag<>() {};
    TupleTag<DeadLetter> unknownTag = new TupleTag<>() {};
    PCollectionTuple out =
        facts.apply(
            "LookUpDimension",
            ParDo.of(new LookUpFn<>(factKey, unknowns, rows, matchedTag, unknownTag))
                .withSideInputs(rows)
                .withOutputTags(matchedTag, TupleTagList.of(unknownTag)));
    return new Result<>(
        out.get(matchedTag).setCoder(matchedCoder), out.get(unknownTag).setCoder(DeadLetter.Coder.of()));
  }

  private Result<F, D> coGroup(
      PCollection<Parsed<F>> facts,
      PCollection<KV<String, D>> keyedDimension,
      Unknowns unknowns,
      Parsed.ParsedCoder<F> factCoder,
      KvCoder<F, D> matchedCoder) {
    // facts without a key cannot be grouped (and match nothing): dead-letter them before the shuffle
    TupleTag<KV<String, Parsed<F>>> keyedTag = new TupleTag<>() {};
    TupleTag<DeadLetter> keylessTag = new TupleTag<>() {};
    PCollectionTuple keyed =
        facts.apply(
            "KeyFacts",
            ParDo.of(new KeyFactsFn<>(factKey, unknowns, keyedTag, keylessTag))
                .withOutputTags(keyedTag, TupleTagList.of(keylessTag)));
    TupleTag<Parsed<F>> factTag = new TupleTag<>() {};
    TupleTag<D> rowTag = new TupleTag<>() {};
    TupleTag<KV<F, D>> matchedTag = new TupleTag<>() {};
    TupleTag<DeadLetter> unknownTag = new TupleTag<>() {};
    PCollectionTuple out =
        // facts last: a large CoGbkResult keeps the earlier collections of a key in memory and
        // streams only the last one, and a key has one dimension row but any number of facts
        KeyedPCollectionTuple.of(rowTag, keyedDimension)
            .and(factTag, keyed.get(keyedTag).setCoder(KvCoder.of(StringUtf8Coder.of(), factCoder)))
            .apply("CoGroupByKey", CoGroupByKey.create())
            .apply(
                "JoinFacts",
                ParDo.of(new JoinFn<>(keyName, unknowns, factTag, rowTag, matchedTag, unknownTag))
                    .withOutputTags(matchedTag, TupleTagList.of(unknownTag)));
    PCollection<DeadLetter> unknown =
        PCollectionList.of(keyed.get(keylessTag).setCoder(DeadLetter.Coder.of()))
            .and(out.get(unknownTag).setCoder(DeadLetter.Coder.of()))
            .apply("FlattenUnknown", Flatten.pCollections());
    return new Result<>(out.get(matchedTag).setCoder(matchedCoder), unknown);
  }

  static boolean isBlank(String key) {
    return key == null || key.isBlank();
  }

  static IllegalStateException duplicateKey(String keyName, String key, int rows) {
    return new IllegalStateException(
        "the dimension has "
            + rows
            + " rows with "
            + keyName
            + " "
            + key
            + ": dimension keys must be unique, dedup the dimension before enriching by "
            + keyName);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** Builds the dead letter of a fact without a dimension row. */
  static final class Unknowns implements java.io.Serializable {
    private final String keyName;
    private final String reason;

    Unknowns(String keyName, String reason) {
      this.keyName = keyName;
      this.reason = reason;
    }

    DeadLetter of(SourceLine source, String key) {
      // quoted when blank, or the detail would show nothing where the key is
      String shown = key == null ? "null" : key.isBlank() ? "\"" + key + "\"" : key;
      return DeadLetter.of(source, reason, keyName + " " + shown + " is not in the dimension");
    }
  }

  static final class KeyDimensionFn<D> extends DoFn<D, KV<String, D>> {
    private final SerializableFunction<D, String> dimensionKey;

    KeyDimensionFn(SerializableFunction<D, String> dimensionKey) {
      this.dimensionKey = dimensionKey;
    }

    @ProcessElement
    public void process(@Element D row, OutputReceiver<KV<String, D>> out) {
      String key = dimensionKey.apply(row);
      if (!isBlank(key)) {
        out.output(KV.of(key, row));
      }
    }
  }

  static final class CheckUniqueKeysFn<D> extends DoFn<Long, Void> {
    private final String keyName;
    private final PCollectionView<Map<String, Iterable<D>>> rows;

    CheckUniqueKeysFn(String keyName, PCollectionView<Map<String, Iterable<D>>> rows) {
      this.keyName = keyName;
      this.rows = rows;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, Iterable<D>> byKey = c.sideInput(rows);
      // as many keys as rows: all unique, without counting the rows of each key
      if (byKey.size() == c.element()) {
        return;
      }
      // the smallest duplicated key, so that the message does not depend on the runner
      TreeMap<String, Integer> duplicated = new TreeMap<>();
      for (Map.Entry<String, Iterable<D>> entry : byKey.entrySet()) {
        int count = size(entry.getValue());
        if (count > 1) {
          duplicated.put(entry.getKey(), count);
        }
      }
      if (duplicated.isEmpty()) {
        throw new IllegalStateException(
            "the dimension has " + c.element() + " rows but " + byKey.size() + " keys " + keyName);
      }
      Map.Entry<String, Integer> first = duplicated.firstEntry();
      throw duplicateKey(keyName, first.getKey(), first.getValue());
    }
  }

  static int size(Iterable<?> values) {
    int count = 0;
    for (Iterator<?> it = values.iterator(); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }

  static final class LookUpFn<F, D> extends DoFn<Parsed<F>, KV<F, D>> {
    private final SerializableFunction<F, String> factKey;
    private final Unknowns unknowns;
    private final PCollectionView<Map<String, Iterable<D>>> rows;
    private final TupleTag<KV<F, D>> matchedTag;
    private final TupleTag<DeadLetter> unknownTag;

    LookUpFn(
        SerializableFunction<F, String> factKey,
        Unknowns unknowns,
        PCollectionView<Map<String, Iterable<D>>> rows,
        TupleTag<KV<F, D>> matchedTag,
        TupleTag<DeadLetter> unknownTag) {
      this.factKey = factKey;
      this.unknowns = unknowns;
      this.rows = rows;
      this.matchedTag = matchedTag;
      this.unknownTag = unknownTag;
    }

    private transient SideInputCache<Map<String, Iterable<D>>> cache;

    @Setup
    public void setup() {
      cache = new SideInputCache<>(rows);
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      Parsed<F> fact = c.element();
      String key = factKey.apply(fact.value());
      // runners differ: a missing key may read as null or as no rows
      Iterable<D> found = isBlank(key) ? null : cache.get(c, window).get(key);
      Iterator<D> it = found == null ? null : found.iterator();
      if (it == null || !it.hasNext()) {
        c.output(unknownTag, unknowns.of(fact.source(), key));
        return;
      }
      D row = it.next();
      if (it.hasNext()) {
        throw duplicateKey(unknowns.keyName, key, size(found));
      }
      c.output(matchedTag, KV.of(fact.value(), row));
    }
  }

  /**
   * Looks facts up in a plain HashMap copy of the side input, made once per window and DoFn
   * instance: a multimap view's own lookup builds an iterable per call, which showed up in profiles
   * at ten million facts.
   */
  static final class LookUpOutcomeFn<F, D> extends DoFn<Outcome<Parsed<F>>, Outcome<KV<F, D>>> {
    private final SerializableFunction<F, String> factKey;
    private final Unknowns unknowns;
    private final PCollectionView<Map<String, Iterable<D>>> rows;
    private transient BoundedWindow cachedWindow;
    private transient Map<String, D> cached;

    LookUpOutcomeFn(SerializableFunction<F, String> factKey, Unknowns unknowns, PCollectionView<Map<String, Iterable<D>>> rows) {
      this.factKey = factKey;
      this.unknowns = unknowns;
      this.rows = rows;
    }

    @ProcessElement
    public void process(ProcessContext c, BoundedWindow window) {
      Outcome<Parsed<F>> outcome = c.element();
      if (!outcome.isGood()) {
        c.output(outcome.castRejected());
        return;
      }
      if (cached == null || !window.equals(cachedWindow)) {
        cached = new java.util.HashMap<>();
        for (Map.Entry<String, Iterable<D>> entry : c.sideInput(rows).entrySet()) {
          Iterator<D> it = entry.getValue().iterator();
          D row = it.next();
          if (it.hasNext()) {
            throw duplicateKey(unknowns.keyName, entry.getKey(), size(entry.getValue()));
          }
          cached.put(entry.getKey(), row);
        }
        cachedWindow = window;
      }
      Parsed<F> fact = outcome.value();
      String key = factKey.apply(fact.value());
      D row = isBlank(key) ? null : cached.get(key);
      c.output(row == null ? Outcome.rejected(unknowns.of(fact.source(), key)) : Outcome.good(KV.of(fact.value(), row)));
    }
  }

  static final class KeyFactsFn<F> extends DoFn<Parsed<F>, KV<String, Parsed<F>>> {
    private final SerializableFunction<F, String> factKey;
    private final Unknowns unknowns;
    private final TupleTag<KV<String, Parsed<F>>> keyedTag;
    private final TupleTag<DeadLetter> keylessTag;

    KeyFactsFn(
        SerializableFunction<F, String> factKey,
        Unknowns unknowns,
        TupleTag<KV<String, Parsed<F>>> keyedTag,
        TupleTag<DeadLetter> keylessTag) {
      this.factKey = factKey;
      this.unknowns = unknowns;
      this.keyedTag = keyedTag;
      this.keylessTag = keylessTag;
    }

    @ProcessElement
    public void process(@Element Parsed<F> fact, MultiOutputReceiver out) {
      String key = factKey.apply(fact.value());
      if (isBlank(key)) {
        out.get(keylessTag).output(unknowns.of(fact.source(), key));
      } else {
        out.get(keyedTag).output(KV.of(key, fact));
      }
    }
  }

  static final class JoinFn<F, D> extends DoFn<KV<String, CoGbkResult>, KV<F, D>> {
    private final String keyName;
    private final Unknowns unknowns;
    private final TupleTag<Parsed<F>> factTag;
    private final TupleTag<D> rowTag;
    private final TupleTag<KV<F, D>> matchedTag;
    private final TupleTag<DeadLetter> unknownTag;

    JoinFn(
        String keyName,
        Unknowns unknowns,
        TupleTag<Parsed<F>> factTag,
        TupleTag<D> rowTag,
        TupleTag<KV<F, D>> matchedTag,
        TupleTag<DeadLetter> unknownTag) {
      this.keyName = keyName;
      this.unknowns = unknowns;
      this.factTag = factTag;
      this.rowTag = rowTag;
      this.matchedTag = matchedTag;
      this.unknownTag = unknownTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      String key = group.getKey();
      Iterable<D> rows = group.getValue().getAll(rowTag);
      Iterator<D> it = rows.iterator();
      boolean found = it.hasNext();
      D row = found ? it.next() : null;
      // checked before the facts, so that a duplicate fails even when no fact has its key
      if (it.hasNext()) {
        throw duplicateKey(keyName, key, size(rows));
      }
      for (Parsed<F> fact : group.getValue().getAll(factTag)) {
        if (!found) {
          out.get(unknownTag).output(unknowns.of(fact.source(), key));
        } else {
          out.get(matchedTag).output(KV.of(fact.value(), row));
        }
      }
    }
  }
}
