package dev.etl.pipelines.bank;

import dev.etl.pipelines.common.InputPatterns;
import dev.etl.pipelines.common.RunnerProfiles;
import dev.etl.pipelines.common.UserError;
import dev.etl.pipelines.launch.OptionNames;
import dev.etl.pipelines.launch.RunnerChoice;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code ./etl bank ...}: parses the options, picks the runner, runs and prints the summary. */
public final class BankCommand {
  private BankCommand() {}

  public static int run(List<String> args) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println("Usage: ./etl bank --input=PATH --output=DIR [options]\n");
      PipelineOptionsFactory.printHelp(System.out, BankOptions.class);
      RunnerChoice.printRunnerHelp(System.out);
      return 0;
    }
    OptionNames.check(args, BankOptions.class);
    String input = RunnerProfiles.valueOf(args, "input");
    if (input == null || RunnerProfiles.valueOf(args, "output") == null) {
      throw new UserError("bank needs --input=PATH and --output=DIR (see ./etl bank --help)");
    }
    List<String> resolved = RunnerChoice.resolve(args, InputPatterns.split(input));
    BankOptions options =
        PipelineOptionsFactory.fromArgs(resolved.toArray(String[]::new))
            .withValidation()
            .as(BankOptions.class);
    return BankPipeline.run(options).print();
  }
}
