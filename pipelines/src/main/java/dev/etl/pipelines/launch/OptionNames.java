package dev.etl.pipelines.launch;

import dev.etl.pipelines.common.CommandArgs;
import dev.etl.pipelines.common.UserError;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The job commands' argument names and simple values, checked before anything else: an unknown
 * {@code --name} is named as unknown with the nearest known name (Beam's own message comes only
 * after our "needs --output" check, and names a Java interface), and a value that is not of the
 * option's type is one sentence with exit code 2 (Beam's is a Jackson exception, exit code 1).
 * Known names are every getter of the job's options and of every options interface Beam registered
 * (the runners' options are accepted by every command).
 */
public final class OptionNames {
  private OptionNames() {}

  public static void check(List<String> args, Class<? extends PipelineOptions> job) {
    Map<String, Class<?>> known = properties(job);
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.equals("--help")) {
        continue; // Beam reports arguments that are not options
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      if (!known.containsKey(name)) {
        throw new UserError(
            "unknown option --"
                + name
                + "; did you mean --"
                + CommandArgs.nearest(name, known.keySet())
                + "?");
      }
      if (eq >= 0) {
        checkValue(name, arg.substring(eq + 1), known.get(name));
      }
    }
  }

  private static void checkValue(String name, String value, Class<?> type) {
    String expected = null;
    try {
      if (type == int.class || type == Integer.class) {
        expected = "a whole number";
        Integer.parseInt(value.trim());
      } else if (type == long.class || type == Long.class) {
        expected = "a whole number";
        Long.parseLong(value.trim());
      } else if (type == double.class || type == Double.class) {
        expected = "a number";
        Double.parseDouble(value.trim());
      } else if (type == boolean.class || type == Boolean.class) {
        expected = "true or false";
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new NumberFormatException(value);
        }
      }
    } catch (NumberFormatException e) {
      throw new UserError("--" + name + " must be " + expected + ", got '" + value + "'");
    }
  }

  static Map<String, Class<?>> properties(Class<? extends PipelineOptions> job) {
    Map<String, Class<?>> names = new TreeMap<>();
    addGetters(job, names);
    for (Class<? extends PipelineOptions> registered :
        PipelineOptionsFactory.getRegisteredOptions()) {
      addGetters(registered, names);
    }
    return names;
  }

  private static void addGetters(Class<?> options, Map<String, Class<?>> names) {
    for (Method m : options.getMethods()) {
      String n = m.getName();
      if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
        continue;
      }
      String property =
          n.startsWith("get") && n.length() > 3
              ? n.substring(3)
              : n.startsWith("is") && n.length() > 2 ? n.substring(2) : null;
      if (property != null) {
        names.putIfAbsent(Introspector.decapitalize(property), m.getReturnType());
      }
    }
  }
}
