package dev.etl.pipelines.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Applies the per-runner defaults shipped in {@code runner-profiles/<runner>.properties}: keys are
 * pipeline options ({@code sparkMaster=local[2]}) or, with a {@code system.} prefix, JVM system
 * properties set before the runner starts ({@code system.spark.ui.enabled=false}). Options given on
 * the command line always win. Under {@code spark-submit} (which sets {@code spark.master}) the
 * profile's Spark master and {@code spark.*} settings are skipped: the submission's configuration
 * rules.
 */
public final class RunnerProfiles {
  private static final String SYSTEM_PREFIX = "system.";

  private RunnerProfiles() {}

  /** "SparkRunner" → "spark-runner". */
  public static String profileName(String runner) {
    String simple = runner.substring(runner.lastIndexOf('.') + 1);
    String base =
        simple.endsWith("Runner")
            ? simple.substring(0, simple.length() - "Runner".length())
            : simple;
    return base.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + "-runner";
  }

  public static Properties load(String runner) throws IOException {
    Properties properties = new Properties();
    String resource = "/runner-profiles/" + profileName(runner) + ".properties";
    try (InputStream in = RunnerProfiles.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    }
    return properties;
  }

  /**
   * The arguments with the profile's pipeline options added where the user gave none; sets system
   * properties.
   */
  public static List<String> apply(String runner, List<String> args) throws IOException {
    Properties profile = load(runner);
    List<String> merged = new ArrayList<>(args);
    boolean underSparkSubmit = System.getProperty("spark.master") != null;
    for (String key : new TreeSet<>(profile.stringPropertyNames())) {
      String value = profile.getProperty(key).trim();
      if (underSparkSubmit
          && (key.equals("sparkMaster") || key.startsWith(SYSTEM_PREFIX + "spark."))) {
        // spark-submit set the master and the cluster's configuration: the laptop defaults must not
        // override them
        continue;
      }
      if (key.startsWith(SYSTEM_PREFIX)) {
        String property = key.substring(SYSTEM_PREFIX.length());
        if (System.getProperty(property) == null) {
          System.setProperty(property, value);
        }
      } else if (!given(args, key)) {
        merged.add("--" + key + "=" + value);
      }
    }
    return merged;
  }

  public static boolean given(List<String> args, String option) {
    String flag = "--" + option;
    return args.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
  }

  public static String valueOf(List<String> args, String option) {
    String prefix = "--" + option + "=";
    String found = null;
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        found = arg.substring(prefix.length());
      }
    }
    return found;
  }
}
