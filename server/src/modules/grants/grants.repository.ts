import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GrantRole } from '../../../../shared/moderation.js';
import { col, defineTable, nullable, queryFirst, queryRows, type RowOf } from '../../database/typed-sql.js';

/** Every column of `access_grant`, as the migrations leave it (checked by schema-rows.test.ts). */
export const accessGrantTable = defineTable('access_grant', {
  id: col.uuid(),
  event_id: col.uuid(),
  role: col.varchar<GrantRole>(),
  speaker_name: nullable(col.text()),
  label: col.text(),
  /** SHA-256 of the link's secret, hex: the secret itself is never stored. */
  secret_hash: col.char(),
  created_at: col.timestamptz(),
  expires_at: col.timestamptz(),
  revoked_at: nullable(col.timestamptz()),
});

/** A grant as read: never its secret's hash, with its event's slug. */
export type GrantRow = Omit<RowOf<typeof accessGrantTable>, 'secret_hash'> & { event_slug: string };

const GRANT_COLUMNS = Object.keys(accessGrantTable.columns).filter((name) => name !== 'secret_hash');

const SELECT = `SELECT ${GRANT_COLUMNS.map((name) => `g.${name}`).join(', ')}, e.slug AS event_slug
  FROM access_grant g JOIN event e ON e.id = g.event_id`;

/** Every statement on `access_grant`. */
@Injectable()
export class GrantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(grant: {
    id: string;
    eventId: string;
    role: GrantRole;
    speakerName: string | null;
    label: string;
    secretHash: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO access_grant (id, event_id, role, speaker_name, label, secret_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        grant.id,
        grant.eventId,
        grant.role,
        grant.speakerName,
        grant.label,
        grant.secretHash,
        grant.createdAt,
        grant.expiresAt,
      ],
    );
  }

  findBySecretHash(secretHash: string): Promise<GrantRow | null> {
    return queryFirst<GrantRow>(this.dataSource, `${SELECT} WHERE g.secret_hash = $1`, [secretHash]);
  }

  findById(id: string): Promise<GrantRow | null> {
    return queryFirst<GrantRow>(this.dataSource, `${SELECT} WHERE g.id = $1`, [id]);
  }

  listForEvent(eventId: string): Promise<GrantRow[]> {
    return queryRows<GrantRow>(
      this.dataSource,
      `${SELECT} WHERE g.event_id = $1 ORDER BY g.created_at, g.id`,
      [eventId],
    );
  }

  /** Marks the grant revoked; false when it does not exist for this event. */
  async revoke(eventId: string, id: string, at: Date): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE access_grant SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND event_id = $2 RETURNING id`,
      [id, eventId, at],
    );
    return rows.length > 0;
  }
}
