import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../server/src/database/data-source.js';
import { queryRows, type Columns, type SqlType, type Table } from '../../server/src/database/typed-sql.js';
import {
  agendaItemTable,
  eventTable,
  partTable,
  speakerTable,
} from '../../server/src/modules/events/events.repository.js';
import { viewerSampleTable } from '../../server/src/modules/analytics/analytics.repository.js';
import {
  attendanceBeatTable,
  attendanceCorrectionTable,
  attendanceCreditTable,
  attendanceProgressTable,
  attendanceSettingsTable,
  attendeeTable,
  certificateTable,
  presencePromptTable,
} from '../../server/src/modules/attendance/attendance.repository.js';
import { accessGrantTable } from '../../server/src/modules/grants/grants.repository.js';
import { labelTable, questionLabelTable } from '../../server/src/modules/labels/label.repository.js';
import {
  participantTable,
  serverSecretTable,
} from '../../server/src/modules/participants/participants.repository.js';
import {
  auditEntryTable,
  questionTable,
  voteTable,
} from '../../server/src/modules/questions/question.repository.js';
import { createTestDatabase, type TestDatabase } from '../utils/test-database.js';

/**
 * Each repository declares its table's columns once; its row type is derived from that
 * declaration. This test holds every declaration against the schema the migrations build, on
 * this run's engine, so a row type cannot drift from its table: a column added, dropped,
 * retyped or made nullable by a migration fails here until the declaration follows it.
 */
const DECLARED: Table<Columns>[] = [
  questionTable,
  voteTable,
  auditEntryTable,
  accessGrantTable,
  eventTable,
  partTable,
  agendaItemTable,
  speakerTable,
  attendanceSettingsTable,
  attendeeTable,
  attendanceProgressTable,
  attendanceBeatTable,
  attendanceCreditTable,
  presencePromptTable,
  attendanceCorrectionTable,
  certificateTable,
  participantTable,
  serverSecretTable,
  viewerSampleTable,
  labelTable,
  questionLabelTable,
];

interface SchemaColumn {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
}

describe('row types match the migrated schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(
      database.env.DATABASE_URL
        ? { engine: 'postgres', url: database.env.DATABASE_URL }
        : { engine: 'embedded', dataDir: database.env.DATA_DIR },
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it.each(DECLARED.map((table) => [table.name, table] as const))(
    '%s: every column declared, with its type and nullability',
    async (name, table) => {
      const schema = await queryRows<SchemaColumn>(
        dataSource,
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name`,
        [name],
      );
      expect(schema.length, `the migrations create no table "${name}"`).toBeGreaterThan(0);
      const declared = Object.entries(table.columns)
        .map(([column, spec]) => ({
          column_name: column,
          data_type: spec.sqlType,
          is_nullable: spec.nullable ? 'YES' : 'NO',
        }))
        .sort((a, b) => a.column_name.localeCompare(b.column_name));
      expect(declared).toEqual(schema);
    },
  );

  it('every table the migrations create is declared by a repository', async () => {
    const tables = await queryRows<{ table_name: string }>(
      dataSource,
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
       ORDER BY table_name`,
    );
    expect(DECLARED.map((table) => table.name).sort()).toEqual(tables.map((row) => row.table_name));
  });

  it('each column type reads back as the JavaScript type its builder declares', async () => {
    // One value of every SQL type the builders name, as the driver returns it on this engine.
    const [row] = await queryRows<Record<SqlType, unknown>>(
      dataSource,
      `SELECT gen_random_uuid() AS "uuid", 'a'::text AS "text", 'a'::varchar(4) AS "character varying",
         'a'::char(4) AS "character", 1::int AS "integer", 1::bigint AS "bigint", 1.5::numeric AS "numeric", true AS "boolean",
         now() AS "timestamp with time zone", '[{"a": 1}]'::jsonb AS "jsonb"`,
    );
    const jsType = (value: unknown) =>
      value instanceof Date ? 'Date' : Array.isArray(value) ? 'array' : typeof value;
    // What the builders in typed-sql.ts promise (`col.bigint()`: string or number, read with Number()).
    expect({
      uuid: jsType(row.uuid),
      text: jsType(row.text),
      varchar: jsType(row['character varying']),
      char: jsType(row.character),
      integer: jsType(row.integer),
      bigint: ['string', 'number'].includes(jsType(row.bigint)),
      numeric: ['string', 'number'].includes(jsType(row.numeric)),
      boolean: jsType(row.boolean),
      timestamptz: jsType(row['timestamp with time zone']),
      jsonb: jsType(row.jsonb),
    }).toEqual({
      uuid: 'string',
      text: 'string',
      varchar: 'string',
      char: 'string',
      integer: 'number',
      bigint: true,
      numeric: true,
      boolean: 'boolean',
      timestamptz: 'Date',
      jsonb: 'array',
    });
  });
});
