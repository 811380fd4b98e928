import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class ParticipantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(id: string): Promise<void> {
    await this.dataSource.query('INSERT INTO participant (id) VALUES ($1)', [id]);
  }

  /**
   * The secret that signs participant tokens, created on first use and kept in the database,
   * so every instance (and every restart) shares it without one more setting.
   */
  async tokenSecret(): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO server_secret (name, value) VALUES ('participant_token', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM server_secret WHERE name = 'participant_token'`,
    );
    return rows[0].value;
  }
}
