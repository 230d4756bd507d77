package dev.etl.pipelines.common;

/** A problem the user can fix (bad option, missing input, wrong file): printed as one message. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
