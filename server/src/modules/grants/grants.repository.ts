import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GrantRole } from '../../../../shared/moderation.js';
import { returnedRows } from '../../database/returning.js';

export interface GrantRow {
  id: string;
  event_id: string;
  event_slug: string;
  role: GrantRole;
  speaker_name: string | null;
  label: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

const SELECT = `SELECT g.id, g.event_id, e.slug AS event_slug, g.role, g.speaker_name, g.label,
  g.created_at, g.expires_at, g.revoked_at FROM access_grant g JOIN event e ON e.id = g.event_id`;

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
    await this.dataSource.query(
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

  async findBySecretHash(secretHash: string): Promise<GrantRow | null> {
    const rows: GrantRow[] = await this.dataSource.query(`${SELECT} WHERE g.secret_hash = $1`, [secretHash]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<GrantRow | null> {
    const rows: GrantRow[] = await this.dataSource.query(`${SELECT} WHERE g.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async listForEvent(eventId: string): Promise<GrantRow[]> {
    return this.dataSource.query(`${SELECT} WHERE g.event_id = $1 ORDER BY g.created_at, g.id`, [eventId]);
  }

  /** Marks the grant revoked; false when it does not exist for this event. */
  async revoke(eventId: string, id: string, at: Date): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE access_grant SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND event_id = $2 RETURNING id`,
        [id, eventId, at],
      ),
    );
    return rows.length > 0;
  }
}
