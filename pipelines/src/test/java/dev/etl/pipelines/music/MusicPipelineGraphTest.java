package dev.etl.pipelines.music;

import static org.junit.Assert.assertEquals;

import dev.etl.pipelines.common.StagedOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.View;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The music job's graph, built without running it. */
public class MusicPipelineGraphTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theCatalogIsBroadcastOnceForTheJoinAndEveryLookup() throws Exception {
    MusicOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + MusicPipelineEndToEndTest.FIXTURE,
                "--output=" + tmp.getRoot(),
                "--runner=DirectRunner")
            .as(MusicOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    MusicPipeline.build(
        pipeline,
        MusicPipeline.inputs(options),
        StagedOutput.under(tmp.getRoot().toString(), "graph"),
        options);
    List<String> keyedViews = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof View.AsMap
                || node.getTransform() instanceof View.AsMultimap) {
              keyedViews.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    assertEquals(List.of("CatalogById"), keyedViews);
  }
}
