package dev.etl.pipelines.catalog;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Column types of the writers' Avro schemas in each engine's SQL. Exact by design: Athena (like
 * Hive and Trino) rejects a declared type that does not match the Parquet physical type, so an Avro
 * int is {@code int}, never {@code bigint}. A type with no mapping here is a programming error.
 */
public enum SqlDialect {
  /** Athena DDL, Glue, Hive, Spark SQL. */
  HIVE("int", "bigint", "double", "float", "boolean", "string", "date", "array<%s>"),
  TRINO("integer", "bigint", "double", "real", "boolean", "varchar", "date", "array(%s)"),
  DUCKDB("INTEGER", "BIGINT", "DOUBLE", "FLOAT", "BOOLEAN", "VARCHAR", "DATE", "%s[]");

  private final String intType;
  private final String longType;
  private final String doubleType;
  private final String floatType;
  private final String booleanType;
  private final String stringType;
  private final String dateType;
  private final String arrayPattern;

  SqlDialect(
      String intType,
      String longType,
      String doubleType,
      String floatType,
      String booleanType,
      String stringType,
      String dateType,
      String arrayPattern) {
    this.intType = intType;
    this.longType = longType;
    this.doubleType = doubleType;
    this.floatType = floatType;
    this.booleanType = booleanType;
    this.stringType = stringType;
    this.dateType = dateType;
    this.arrayPattern = arrayPattern;
  }

  /** The SQL type of an Avro field schema; a nullable union is its non-null branch. */
  public String typeOf(Schema schema) {
    Schema s = nonNull(schema);
    if (s.getLogicalType() != null) {
      if (s.getLogicalType() instanceof LogicalTypes.Date) {
        return dateType;
      }
      throw new IllegalArgumentException(
          "no SQL type for the Avro logical type " + s.getLogicalType().getName());
    }
    return switch (s.getType()) {
      case INT -> intType;
      case LONG -> longType;
      case DOUBLE -> doubleType;
      case FLOAT -> floatType;
      case BOOLEAN -> booleanType;
      case STRING -> stringType;
      case ARRAY -> String.format(arrayPattern, typeOf(s.getElementType()));
      default -> throw new IllegalArgumentException("no SQL type for the Avro type " + s.getType());
    };
  }

  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    var branches = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException("no SQL type for the Avro union " + schema);
    }
    return branches.get(0);
  }
}
