import type { Messages, Locale } from "@/app/i18n";
import { pathwayLabel } from "@/server/domain/pathways/pathway-statistics";
import { PATHWAY_CODES } from "@/server/model/pathway-template";

/** What the meeting form needs beside its values: the pathways to choose and the words for facility kinds. */
export function meetingFormProps(
  t: Messages,
  locale: Locale,
  facilities: { id: string; name: string; kind: keyof Messages["common"]["facilityKinds"] }[],
) {
  return {
    pathways: PATHWAY_CODES.map((code) => ({ value: code, label: pathwayLabel(code)[locale] })),
    facilities: facilities.map((f) => ({
      id: f.id,
      name: f.name,
      kindLabel: t.common.facilityKinds[f.kind],
    })),
    professions: t.common.professions as Record<string, string>,
    m: t.pathwayMeetings,
    locale,
  };
}
