package dev.etl.pipelines.music;

import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.launch.OptionNames;
import dev.etl.pipelines.launch.RunnerChoice;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code ./etl music ...}: parses the options, picks the runner, runs and prints the summary. */
public final class MusicCommand {
  private MusicCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(
          "Usage: ./etl music --input=DIR --output=DIR [options]\n"
              + "       ./etl music --tracks=PATH --listens=PATH --output=DIR [options]\n");
      PipelineOptionsFactory.printHelp(System.out, MusicOptions.class);
      RunnerChoice.printRunnerHelp(System.out);
      return 0;
    }
    OptionNames.check(args, MusicOptions.class);
    if (RunnerProfiles.valueOf(args, "output") == null) {
      throw new UserError("music needs --output=DIR (see ./etl music --help)");
    }
    MusicPipeline.Inputs inputs =
        MusicPipeline.inputs(
            RunnerProfiles.valueOf(args, "input"),
            RunnerProfiles.valueOf(args, "tracks"),
            RunnerProfiles.valueOf(args, "listens"));
    List<String> resolved = RunnerChoice.resolve(args, inputs.all());
    MusicOptions options =
        PipelineOptionsFactory.fromArgs(resolved.toArray(String[]::new))
            .withValidation()
            .as(MusicOptions.class);
    return MusicPipeline.run(options).print();
  }
}
