import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'speaker' })
export class SpeakerEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'agenda_item_id', type: 'uuid' })
  agendaItemId: string;

  @Column('int')
  position: number;

  @Column('text')
  name: string;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'text', nullable: true })
  country: string | null;
}
