import { PATHWAY_TEMPLATES } from "@/server/domain/pathways/templates";

/**
 * Whether a facility of this kind owns the first stage of some pathway, and so
 * enrols patients there (the acute hospital). The domain refuses the others on
 * the facility; the pages do not offer them the button.
 */
export function mayEnrolAt(facilityKind: string): boolean {
  return PATHWAY_TEMPLATES.some((d) => (d.stages[0]?.ownerKinds as readonly string[]).includes(facilityKind));
}
