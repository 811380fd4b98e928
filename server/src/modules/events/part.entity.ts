import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One streamed afternoon of an event. */
@Entity({ name: 'part' })
export class PartEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column('int')
  position: number;

  @Column('text')
  title: string;

  /** Local date in the event's zone, `YYYY-MM-DD`; text so no driver shifts it by a zone. */
  @Column({ name: 'local_date', type: 'varchar', length: 10 })
  localDate: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'stream_url', type: 'text', nullable: true })
  streamUrl: string | null;

  @Column({ name: 'stream_note', type: 'text' })
  streamNote: string;

  @Column('text')
  about: string;

  @Column('jsonb')
  objectives: string[];

  /** How far the stream runs behind the programme clock, in seconds (0 to 600). */
  @Column({ name: 'stream_delay_seconds', type: 'int', default: 20 })
  streamDelaySeconds: number;
}
