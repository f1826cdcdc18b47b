// npm run db:seed [-- --scale 2 --seed 7]: applies the migrations, then fills an
// empty database (PGlite in DATA_DIR, or DATABASE_URL) with the synthetic demo
// network. A database that already has facilities is left untouched.
import { parseArgs } from "node:util";
import { getDatabase, migrateDatabase } from "../server/db/client";
import { seedDemoData } from "../server/demo/seed/seed-demo-data";

const { values } = parseArgs({
  options: { scale: { type: "string" }, seed: { type: "string" } },
});
const scale = values.scale === undefined ? undefined : Number(values.scale);
const seed = values.seed === undefined ? undefined : Number(values.seed);
if ((scale !== undefined && !(scale > 0)) || (seed !== undefined && !Number.isInteger(seed))) {
  console.error("usage: db-seed [--scale <positive number>] [--seed <integer>]");
  process.exit(2);
}

const database = await getDatabase();
try {
  await migrateDatabase(database);
  const summary = await seedDemoData(database.db, { scale, seed });
  if (!summary) {
    console.log(`already seeded: the database has facilities, nothing was changed (${database.kind})`);
  } else {
    console.log(
      `demo network seeded in ${summary.ms} ms (${database.kind}): ${summary.facilities} facilities, ` +
        `${summary.departments} departments, ${summary.practitioners} practitioners, ${summary.patients} patients, ` +
        `${summary.consents} consents, ${summary.consentEvents} consent events, ${summary.localIds} local IDs`,
    );
  }
} finally {
  await database.close();
}
