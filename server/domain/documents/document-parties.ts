import type { facilities, patients, practitioners } from "../../db/schema";
import type { DocumentFacility, DocumentPatient, DocumentPractitioner } from "../../model/documents";

/**
 * Database rows shaped as the document renderers want them: the parties of a
 * referral letter, a reply or a discharge summary. Renderers never read the
 * database; the use cases that load (and authorise) the rows call these.
 */
export function documentFacility(f: typeof facilities.$inferSelect): DocumentFacility {
  return { id: f.id, code: f.code, name: f.name, address: f.address, phone: f.phone };
}

export function documentPractitioner(p: typeof practitioners.$inferSelect): DocumentPractitioner {
  return {
    id: p.id,
    familyName: p.familyName,
    givenName: p.givenName,
    familyNameKana: p.familyNameKana,
    givenNameKana: p.givenNameKana,
    profession: p.profession,
  };
}

/** The patient, with the local ID at the facility that issues the document (null when it has none). */
export function documentPatient(p: typeof patients.$inferSelect, localId: string | null): DocumentPatient {
  return {
    id: p.id,
    regionalId: p.regionalId,
    localId,
    familyName: p.familyName,
    givenName: p.givenName,
    familyNameKana: p.familyNameKana,
    givenNameKana: p.givenNameKana,
    birthDate: p.birthDate,
    sex: p.sex,
    postalCode: p.postalCode,
    address: p.address,
    phone: p.phone,
  };
}
