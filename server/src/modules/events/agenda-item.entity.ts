import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgendaItemKind } from '../../../../shared/programme.js';

@Entity({ name: 'agenda_item' })
export class AgendaItemEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'part_id', type: 'uuid' })
  partId: string;

  @Column('int')
  position: number;

  @Column({ type: 'varchar', length: 8 })
  kind: AgendaItemKind;

  @Column('text')
  title: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** For a talk: the Q&A block that takes questions about it (the next `qa` in its part). */
  @Column({ name: 'qa_item_id', type: 'uuid', nullable: true })
  qaItemId: string | null;

  /** For a `qa` item: a moderator's hand override of the clock's open/closed. */
  @Column({ name: 'submissions_override', type: 'varchar', length: 6, nullable: true })
  submissionsOverride: 'open' | 'closed' | null;
}
