import { ProgrammeSchema1732780000000 } from './migrations/1732780000000-programme-schema.js';
import { LiveQaSchema1732790000000 } from './migrations/1732790000000-live-qa-schema.js';
import { ModerationSchema1732800000000 } from './migrations/1732800000000-moderation-schema.js';
import { OrganizerConsole1732810000000 } from './migrations/1732810000000-organizer-console.js';
import { CourseDay1732820000000 } from './migrations/1732820000000-course-day.js';
import { AttendanceSchema1732840000000 } from './migrations/1732840000000-attendance-schema.js';
import { AttendanceReferences1732860000000 } from './migrations/1732860000000-attendance-references.js';
import { QuestionHolds1732870000000 } from './migrations/1732870000000-question-holds.js';
import { ViewerSamples1732900000000 } from './migrations/1732900000000-viewer-samples.js';
import { AnswersInText1732920000000 } from './migrations/1732920000000-answers-in-text.js';
import { Labels1732930000000 } from './migrations/1732930000000-labels.js';

// Listed by hand rather than by glob: ESM and the compiled/dist layouts then need no path tricks.
// No entities: TypeORM runs the migrations and transactions, and the repositories speak typed SQL
// (typed-sql.ts).
export const MIGRATIONS = [
  ProgrammeSchema1732780000000,
  LiveQaSchema1732790000000,
  ModerationSchema1732800000000,
  OrganizerConsole1732810000000,
  CourseDay1732820000000,
  AttendanceSchema1732840000000,
  AttendanceReferences1732860000000,
  QuestionHolds1732870000000,
  ViewerSamples1732900000000,
  AnswersInText1732920000000,
  Labels1732930000000,
];
