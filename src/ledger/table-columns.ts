/**
 * How a column of a big table (elt, elt_net, ylt) is stored in Parquet: text (UTF-8), a 32-bit
 * integer, or a float64 (money in currency units: the very number a reader of the CSV gets).
 */
export type ColumnType = 'STRING' | 'INT32' | 'DOUBLE';

/**
 * The columns of a big table, in order, each with its type: the CSV header is their names, the
 * Parquet schema their types, and the table's writer builds each row's cells in this order.
 */
export type TableColumns = Readonly<Record<string, ColumnType>>;
