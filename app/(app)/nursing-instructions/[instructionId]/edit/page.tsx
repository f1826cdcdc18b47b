import { notFound, redirect } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getInstruction, type InstructionView } from "@/server/domain/nursing-instructions/get-instruction";
import { listInstructionStations } from "@/server/domain/nursing-instructions/instruction-station";
import { BEDRIDDEN_LEVELS, PRESSURE_ULCER_DEPTHS } from "@/server/model/nursing-instruction";
import { getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { InstructionEditor } from "./instruction-editor";

export const generateMetadata = titled("titles.newNursingInstruction");

/** The physician's draft: the form, the station inside consent, save and send. */
export default async function EditNursingInstructionPage({
  params,
}: {
  params: Promise<{ instructionId: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.nursingInstructions;
  const { instructionId } = await params;
  let view: InstructionView;
  try {
    view = await call(getInstruction, me, instructionId);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === "NOT_FOUND") notFound();
    return <RefusedCard testId="instruction-refused">{tr(err)}</RefusedCard>;
  }
  if (!view.can.edit) redirect(`/nursing-instructions/${view.id}`);
  const stations = await call(listInstructionStations, me, view.patient.id);
  return (
    <div className="space-y-4">
      <header className="card space-y-2">
        <p className="text-sm font-semibold text-brand-700">{m.kinds[view.kind]}</p>
        <PatientHeading patient={view.patient} t={t} locale={locale} />
      </header>
      <InstructionEditor
        instructionId={view.id}
        revision={view.revision}
        stationFacilityId={view.station?.facilityId ?? null}
        content={view.content}
        stations={stations.map((s) => ({ id: s.id, name: s.name }))}
        options={{ bedridden: BEDRIDDEN_LEVELS, depths: PRESSURE_ULCER_DEPTHS }}
        labels={{
          ...m.editor,
          kinds: m.kinds,
          kindHelp: m.kindHelp,
          careLevels: m.careLevels,
          deviceNames: m.devices,
          dementiaLevels: m.dementiaLevels,
          station: m.station,
          chooseStation: m.chooseStation,
          noStationInConsent: m.noStationInConsent,
        }}
      />
    </div>
  );
}
