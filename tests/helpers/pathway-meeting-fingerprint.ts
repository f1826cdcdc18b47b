// Prints what the meeting schedules and the sample calendar come to (see
// pathway-meeting-fixtures.ts), for tests/unit/meeting-recurrence.test.ts to
// compare across TZ settings: run with `node --import tsx` in a child process.
import { fingerprint } from "./pathway-meeting-fixtures";

process.stdout.write(fingerprint());
