import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayTemplates } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { PathwayDefinition, type PathwayCode } from "../../model/pathway-template";
import { PATHWAY_TEMPLATES } from "./templates";

export interface PathwayTemplate {
  id: string;
  code: PathwayCode;
  version: number;
  definition: PathwayDefinition;
}

/**
 * Writes every template version defined in code that the database does not
 * have yet (start-up and seeding call it; it is idempotent). A published
 * version that differs from its definition in code is an error: a change to a
 * template is a new version, never an edit under an old number.
 */
export async function ensurePathwayTemplates(db: Db): Promise<PathwayTemplate[]> {
  const written: PathwayTemplate[] = [];
  for (const source of PATHWAY_TEMPLATES) {
    const definition = PathwayDefinition.parse(source);
    await db
      .insert(pathwayTemplates)
      .values({ code: definition.code, version: definition.version, definition })
      .onConflictDoNothing();
    const [stored] = await db
      .select()
      .from(pathwayTemplates)
      .where(
        and(eq(pathwayTemplates.code, definition.code), eq(pathwayTemplates.version, definition.version)),
      );
    if (!stored || canonical(stored.definition) !== canonical(definition)) {
      throw new Error(
        `pathway template ${definition.code} v${definition.version} differs from the published one: add a new version instead`,
      );
    }
    written.push(toTemplate(stored));
  }
  return written;
}

// Once per database and process, the versions defined in code are made sure of before the
// first enrolment reads them: a deployment that adds a version publishes it by starting.
const ensured = new WeakMap<Db, Promise<unknown>>();

/** The version new enrolments use: the highest published. */
export async function latestTemplate(db: Db, code: PathwayCode): Promise<PathwayTemplate> {
  let ready = ensured.get(db);
  if (!ready) {
    ready = ensurePathwayTemplates(db);
    ensured.set(db, ready);
    ready.catch(() => ensured.delete(db));
  }
  await ready;
  const [row] = await db
    .select()
    .from(pathwayTemplates)
    .where(eq(pathwayTemplates.code, code))
    .orderBy(desc(pathwayTemplates.version))
    .limit(1);
  if (!row) {
    throw new DomainError("NOT_FOUND", msg("pathways.pathwayNoPublishedTemplate"));
  }
  return toTemplate(row);
}

// Published versions never change (a trigger refuses it), so a definition read once is good for the process.
const byId = new Map<string, PathwayTemplate>();

export async function templateById(db: Db, templateId: string): Promise<PathwayTemplate> {
  const cached = byId.get(templateId);
  if (cached) return cached;
  const [row] = await db.select().from(pathwayTemplates).where(eq(pathwayTemplates.id, templateId));
  if (!row) throw new DomainError("NOT_FOUND", msg("pathways.templateNotFound"));
  const template = toTemplate(row);
  byId.set(templateId, template);
  return template;
}

function toTemplate(row: typeof pathwayTemplates.$inferSelect): PathwayTemplate {
  // read back through the schema: jsonb holds what was written, the schema fills defaults of older versions
  const definition = PathwayDefinition.parse(row.definition);
  return { id: row.id, code: definition.code, version: row.version, definition };
}

/** JSON with sorted keys: jsonb does not keep key order, so definitions are compared this way. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
