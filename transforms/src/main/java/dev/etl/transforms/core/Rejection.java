package dev.etl.transforms.core;

/**
 * Thrown by a {@link RowMapper} when a line cannot become a clean record. Carries the reason code
 * that ends up in the dead letter. No stack trace: rejections are data, not bugs, and are frequent.
 */
public final class Rejection extends Exception {
  private final String reason;

  public Rejection(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
