// npm run db:migrate: applies the committed SQL migrations in drizzle/ to the
// configured database (PGlite in DATA_DIR, or DATABASE_URL).
import { getDatabase, migrateDatabase } from "../server/db/client";

const database = await getDatabase();
await migrateDatabase(database);
console.log(`migrations applied (${database.kind})`);
await database.close();
