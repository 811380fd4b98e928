import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Viewer counts for the organizer's analytics: each instance writes how many viewer sockets it
 * holds per part, once a minute (the minute is the key, so instances line up and a cluster's
 * audience is the sum over instances). Counts only: no viewer is identified.
 */
export class ViewerSamples1732900000000 implements MigrationInterface {
  name = 'ViewerSamples1732900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE viewer_sample (
        part_id uuid NOT NULL REFERENCES part(id) ON DELETE CASCADE,
        instance text NOT NULL,
        at timestamptz NOT NULL,
        viewers int NOT NULL CHECK (viewers >= 0),
        PRIMARY KEY (part_id, at, instance)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE viewer_sample`);
  }
}
