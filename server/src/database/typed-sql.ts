import { DataSource, type EntityManager, type QueryResult } from 'typeorm';

/**
 * The project's one way to the database: typed SQL through TypeORM's connection, one repository
 * per table. Each repository declares its table's columns once with `defineTable`; the row type
 * is derived from that declaration (`RowOf`), its SELECT lists are generated from it
 * (`selectList`), and test/integration/schema-rows.test.ts compares every declaration with the
 * migrated schema on both engines. So a row type cannot drift from the table it reads: a
 * migration that adds, drops, retypes or un-nulls a column fails that test until the
 * declaration follows, and then the compiler shows every use that must change.
 */

/** Where a statement runs: the pool, or a transaction's manager (the embedded engine has one
 * session, so a statement inside a transaction must go through that transaction's manager). */
export type Db = DataSource | EntityManager;

/** `information_schema.columns.data_type` of the column types the migrations use. */
export type SqlType =
  | 'uuid'
  | 'text'
  | 'character varying'
  | 'character'
  | 'integer'
  | 'bigint'
  | 'numeric'
  | 'boolean'
  | 'timestamp with time zone'
  | 'jsonb';

/** One declared column: its SQL type and nullability, and (only for the compiler) its value type. */
export interface Column<T> {
  readonly sqlType: SqlType;
  readonly nullable: boolean;
  /** Never set: carries the TypeScript type of the value node-postgres returns. */
  readonly valueType: T;
}

function column<T>(sqlType: SqlType): Column<T> {
  return { sqlType, nullable: false } as Column<T>;
}

/** The column builders: each gives the value type the driver returns for that SQL type. */
export const col = {
  uuid: () => column<string>('uuid'),
  text: <T extends string = string>() => column<T>('text'),
  varchar: <T extends string = string>() => column<T>('character varying'),
  char: () => column<string>('character'),
  integer: () => column<number>('integer'),
  /** node-postgres returns int8 as a string (it may exceed 2^53): read it with Number(). */
  bigint: () => column<string | number>('bigint'),
  /** node-postgres returns numeric as a string (it is exact): read it with Number(). */
  numeric: () => column<string | number>('numeric'),
  boolean: () => column<boolean>('boolean'),
  timestamptz: () => column<Date>('timestamp with time zone'),
  /** Parsed by the driver on read; written as JSON text (see `toParams`). */
  jsonb: <T>() => column<T>('jsonb'),
};

/** The same column, allowing NULL. */
export function nullable<T>(declared: Column<T>): Column<T | null> {
  return { ...declared, nullable: true };
}

export type Columns = Record<string, Column<unknown>>;

export interface Table<C extends Columns> {
  readonly name: string;
  readonly columns: C;
}

/** Declares a table's columns, all of them: the schema test requires the exact set. */
export function defineTable<C extends Columns>(name: string, columns: C): Table<C> {
  return { name, columns };
}

/** The row a `SELECT` of every column returns. */
export type RowOf<T extends Table<Columns>> = {
  -readonly [K in keyof T['columns']]: T['columns'][K]['valueType'];
};

/** `snake_case` as `camelCase`, for the compiler. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** A row with its column names in camelCase: the spelling of the project's views and settings. */
export type CamelCased<R> = { [K in keyof R as K extends string ? CamelCase<K> : K]: R[K] };

/** The row's values under camelCase names (`pre_moderation` as `preModeration`), values unchanged. */
export function camelCased<R extends object>(row: R): CamelCased<R> {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [
      name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()),
      value,
    ]),
  ) as CamelCased<R>;
}

/** `alias.col1, alias.col2, …`: every declared column, in declaration order. */
export function selectList(table: Table<Columns>, alias: string): string {
  return Object.keys(table.columns)
    .map((name) => `${alias}.${name}`)
    .join(', ');
}

/** A value as a statement parameter: JSON columns as JSON text (node-postgres would send an array as a PostgreSQL array). */
export function toParam<C extends Columns>(table: Table<C>, name: keyof C, value: unknown): unknown {
  return table.columns[name].sqlType === 'jsonb' && value !== null && value !== undefined
    ? JSON.stringify(value)
    : value;
}

/** Columns and values of rows to insert: any subset of the declared columns (the rest take their defaults). */
export type NewRow<T extends Table<Columns>> = Partial<RowOf<T>>;

/**
 * Inserts rows into a declared table in one statement; every row must name the same columns
 * (those of the first row). JSON columns are sent as JSON text. Nothing happens for no rows.
 */
export async function insertRows<T extends Table<Columns>>(
  db: Db,
  table: T,
  rows: NewRow<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]) as (keyof T['columns'] & string)[];
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values = names.map((name) => {
      params.push(toParam(table, name, (row as Record<string, unknown>)[name]));
      return `$${params.length}`;
    });
    return `(${values.join(', ')})`;
  });
  await queryRows(db, `INSERT INTO ${table.name} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

/**
 * The rows a statement returns, whatever its command: TypeORM's plain `query()` hands back
 * `[rows, rowCount]` for UPDATE and DELETE but bare rows for the rest, so every statement runs
 * with the structured result and its `records` are read, the same on both engines.
 */
export async function queryRows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const inTransaction = db instanceof DataSource ? undefined : db.queryRunner;
  const runner = inTransaction ?? (db instanceof DataSource ? db : db.dataSource).createQueryRunner();
  try {
    const result = (await runner.query(sql, params, true)) as QueryResult<T>;
    return result.records;
  } finally {
    if (!inTransaction) await runner.release();
  }
}

/** The first row, or null. */
export async function queryFirst<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await queryRows<T>(db, sql, params))[0] ?? null;
}
