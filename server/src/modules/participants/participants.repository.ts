import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { col, defineTable, queryFirst, queryRows, type RowOf } from '../../database/typed-sql.js';

/** A viewer's anonymous identity (checked by schema-rows.test.ts). */
export const participantTable = defineTable('participant', {
  id: col.uuid(),
  created_at: col.timestamptz(),
});

/** Secrets the server makes for itself, by name. */
export const serverSecretTable = defineTable('server_secret', {
  name: col.varchar(),
  value: col.text(),
  created_at: col.timestamptz(),
});

/** Every statement on `participant` and `server_secret`. */
@Injectable()
export class ParticipantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(id: string): Promise<void> {
    await queryRows(this.dataSource, 'INSERT INTO participant (id) VALUES ($1)', [id]);
  }

  /**
   * The secret that signs participant tokens, created on first use and kept in the database,
   * so every instance (and every restart) shares it without one more setting.
   */
  async tokenSecret(): Promise<string> {
    await queryRows(
      this.dataSource,
      `INSERT INTO server_secret (name, value) VALUES ('participant_token', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const row = await queryFirst<Pick<RowOf<typeof serverSecretTable>, 'value'>>(
      this.dataSource,
      `SELECT value FROM server_secret WHERE name = 'participant_token'`,
    );
    if (!row) throw new Error('The participant token secret vanished right after it was stored');
    return row.value;
  }
}
