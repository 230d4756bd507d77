package dev.etl.transforms.music;

import dev.etl.transforms.core.KeyBuckets;
import dev.etl.transforms.core.SideInputCache;
import dev.etl.transforms.core.SumByKeyBuckets;
import dev.etl.transforms.rank.Ranked;
import dev.etl.transforms.rank.TopN;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The top lists from plays per track ({@link SumTrackPlays}): {@link #byTrack} gives the {@code
 * top_tracks} rows with the track's columns from the catalog; {@link #by} sums plays per artist (or
 * genre) first, leaving out tracks without one, for {@code top_artists} and {@code top_genres}.
 * Ranked by {@link TopN}: plays descending, then id.
 */
public final class RankTracks
    extends PTransform<PCollection<KV<String, Long>>, PCollection<GenericRecord>> {
  private final PCollectionView<Map<String, Track>> catalog;
  private final int topN;
  // null: rank the tracks themselves
  private final SerializableFunction<Track, String> attribute;
  private final Schema schema;
  private final int buckets;

  private RankTracks(
      PCollectionView<Map<String, Track>> catalog,
      int topN,
      SerializableFunction<Track, String> attribute,
      Schema schema,
      int buckets) {
    if (topN < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + topN);
    }
    this.catalog = catalog;
    this.topN = topN;
    this.attribute = attribute;
    this.schema = schema;
    this.buckets = buckets;
  }

  /** Buckets of attribute values for summing plays per value ({@link SumByKeyBuckets}). */
  public RankTracks withBuckets(int buckets) {
    return new RankTracks(catalog, topN, attribute, schema, buckets);
  }

  /** The {@code top_tracks} rows: the n most played tracks. */
  public static RankTracks byTrack(int topN, PCollectionView<Map<String, Track>> catalog) {
    return new RankTracks(catalog, topN, null, MusicTables.TOP_TRACK, KeyBuckets.DEFAULT_BUCKETS);
  }

  /**
   * Rows of {@code schema} ({@link MusicTables#ranked}): the n most played values of {@code
   * attribute}.
   */
  public static RankTracks by(
      SerializableFunction<Track, String> attribute,
      Schema schema,
      int topN,
      PCollectionView<Map<String, Track>> catalog) {
    return new RankTracks(catalog, topN, attribute, schema, KeyBuckets.DEFAULT_BUCKETS);
  }

  @Override
  public PCollection<GenericRecord> expand(PCollection<KV<String, Long>> trackPlays) {
    if (attribute == null) {
      return trackPlays
          .apply("Rank", TopN.globally(topN))
          .apply(
              "DescribeTracks", ParDo.of(new DescribeTopTracksFn(catalog)).withSideInputs(catalog))
          .setCoder(AvroCoder.of(schema));
    }
    return trackPlays
        .apply(
            "PlaysByTrackToAttribute",
            ParDo.of(new AttributePlaysFn(catalog, attribute)).withSideInputs(catalog))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("SumPlays", SumByKeyBuckets.of(buckets))
        .apply("Rank", TopN.globally(topN))
        .apply(
            "ToRows",
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via((Ranked r) -> MusicTables.ranked(schema, r.rank(), r.id(), r.weight())))
        .setCoder(AvroCoder.of(schema));
  }

  static final class AttributePlaysFn extends DoFn<KV<String, Long>, KV<String, Long>> {
    private final PCollectionView<Map<String, Track>> catalog;
    private final SerializableFunction<Track, String> attribute;
    private transient SideInputCache<Map<String, Track>> cache;

    AttributePlaysFn(
        PCollectionView<Map<String, Track>> catalog,
        SerializableFunction<Track, String> attribute) {
      this.catalog = catalog;
      this.attribute = attribute;
    }

    @Setup
    public void setup() {
      cache = new SideInputCache<>(catalog);
    }

    @ProcessElement
    public void process(
        @Element KV<String, Long> trackPlays, ProcessContext c, BoundedWindow window) {
      Track track = cache.get(c, window).get(trackPlays.getKey());
      String value = track == null ? null : attribute.apply(track);
      if (value != null) {
        c.output(KV.of(value, trackPlays.getValue()));
      }
    }
  }

  static final class DescribeTopTracksFn extends DoFn<Ranked, GenericRecord> {
    private final PCollectionView<Map<String, Track>> catalog;

    DescribeTopTracksFn(PCollectionView<Map<String, Track>> catalog) {
      this.catalog = catalog;
    }

    @ProcessElement
    public void process(@Element Ranked r, ProcessContext c) {
      c.output(
          MusicTables.topTrack(r.rank(), r.id(), r.weight(), c.sideInput(catalog).get(r.id())));
    }
  }
}
