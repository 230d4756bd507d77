package dev.etl.transforms.core;

import java.io.Serializable;

/**
 * Turns the fields of one CSV record (already checked for the column count) into a typed record.
 */
@FunctionalInterface
public interface RowMapper<T> extends Serializable {
  T map(String[] fields) throws Rejection;
}
