import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A course. Its parts, items and speakers refer to it by id (no ORM relations: see README). */
@Entity({ name: 'event' })
export class EventEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80, unique: true })
  slug: string;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  @Column('text')
  notes: string;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** This event's "Q&A opens before" in minutes; null: QA_OPENS_BEFORE_MINUTES. */
  @Column({ name: 'qa_opens_before_minutes', type: 'int', nullable: true })
  qaOpensBeforeMinutes: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
