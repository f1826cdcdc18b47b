import type { PathwayDefinition } from "../../../model/pathway-template";
import { hipFractureV1 } from "./hip-fracture-v1";
import { strokeV1 } from "./stroke-v1";

/**
 * Every published template version, in code. ensurePathwayTemplates writes
 * them to the database; a new version is added here beside the old one, which
 * stays for the enrolments that use it.
 */
export const PATHWAY_TEMPLATES: readonly PathwayDefinition[] = [strokeV1, hipFractureV1];
