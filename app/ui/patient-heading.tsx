import { ageOn, formatBirthDate, type Locale, type Messages } from "@/app/i18n";

/** The patient a referral or a summary is about: name with kana, birth date and age, sex, regional ID. */
export function PatientHeading({
  patient,
  t,
  locale,
  regionalIdLabel,
}: {
  patient: {
    familyName: string;
    givenName: string;
    familyNameKana: string;
    givenNameKana: string;
    birthDate: string;
    sex: keyof Messages["common"]["sex"];
    regionalId: string;
  };
  t: Messages;
  locale: Locale;
  /** written before the ID on the detail pages; the editors show the ID alone */
  regionalIdLabel?: string;
}) {
  return (
    <>
      <h1 className="text-xl font-bold">
        {patient.familyName} {patient.givenName}
        <span className="ml-2 text-sm font-normal text-slate-600">
          {patient.familyNameKana} {patient.givenNameKana}
        </span>
      </h1>
      <p className="text-sm text-slate-600">
        {formatBirthDate(patient.birthDate, locale)}（{t.patients.age(ageOn(patient.birthDate))}）・
        {t.common.sex[patient.sex]} ・ {regionalIdLabel !== undefined && `${regionalIdLabel} `}
        <span className="font-mono">{patient.regionalId}</span>
      </p>
    </>
  );
}
