package dev.etl.transforms.music;

import dev.etl.transforms.core.SideInputCache;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The {@code listens} table: one row per (user, track) of the merged users, with the track's
 * columns looked up in the broadcast catalog (carrying them through the merge's shuffle would
 * triple its size).
 */
public final class EnrichListens
    extends PTransform<PCollection<UserListens>, PCollection<GenericRecord>> {
  private final PCollectionView<Map<String, Track>> catalog;

  private EnrichListens(PCollectionView<Map<String, Track>> catalog) {
    this.catalog = catalog;
  }

  /** {@code catalog}: tracks by id; every track of the users must be in it. */
  public static EnrichListens withCatalog(PCollectionView<Map<String, Track>> catalog) {
    return new EnrichListens(catalog);
  }

  @Override
  public PCollection<GenericRecord> expand(PCollection<UserListens> users) {
    return users
        .apply("ToListenRows", ParDo.of(new EnrichListensFn(catalog)).withSideInputs(catalog))
        .setCoder(AvroCoder.of(MusicTables.LISTEN));
  }

  static final class EnrichListensFn extends DoFn<UserListens, GenericRecord> {
    private final PCollectionView<Map<String, Track>> catalog;
    private transient SideInputCache<Map<String, Track>> cache;

    EnrichListensFn(PCollectionView<Map<String, Track>> catalog) {
      this.catalog = catalog;
    }

    @Setup
    public void setup() {
      cache = new SideInputCache<>(catalog);
    }

    @ProcessElement
    public void process(@Element UserListens user, ProcessContext c, BoundedWindow window) {
      Map<String, Track> tracks = cache.get(c, window);
      for (int i = 0; i < user.trackCount(); i++) {
        String trackId = user.trackId(i);
        c.output(MusicTables.listen(trackId, user.userId(), user.plays(i), tracks.get(trackId)));
      }
    }
  }
}
