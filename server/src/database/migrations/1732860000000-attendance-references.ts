import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The attendance tables named their part and agenda item without a foreign key, so nothing
 * guaranteed the row of a deleted event went with it (test/integration/event-deletion.test.ts
 * checks that every such column has one). Deleting a part or an item now deletes its attendance
 * rows too.
 */
const REFERENCES = [
  ['attendance_progress', 'part_id', 'part'],
  ['attendance_beat', 'part_id', 'part'],
  ['presence_prompt', 'part_id', 'part'],
  ['attendance_credit', 'item_id', 'agenda_item'],
  ['attendance_correction', 'item_id', 'agenda_item'],
] as const;

export class AttendanceReferences1732860000000 implements MigrationInterface {
  name = 'AttendanceReferences1732860000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, column, target] of REFERENCES) {
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey
           FOREIGN KEY (${column}) REFERENCES ${target}(id) ON DELETE CASCADE`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of REFERENCES) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey`);
    }
  }
}
