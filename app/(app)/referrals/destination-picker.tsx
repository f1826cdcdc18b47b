"use client";

import { useEffect, useState } from "react";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import { destinationDoctorsAction, type DoctorOption } from "./actions";

export interface DestinationValue {
  destinationFacilityId: string;
  destinationDepartmentId: string;
  destinationPractitionerId: string | null;
}

export interface DestinationLabels {
  facility: string;
  department: string;
  doctor: string;
  anyDoctor: string;
  choose: string;
  notes: string;
  loadingDoctors: string;
}

export const NO_DESTINATION: DestinationValue = {
  destinationFacilityId: "",
  destinationDepartmentId: "",
  destinationPractitionerId: null,
};

/**
 * Facility, then one of its departments that take referrals (with what the
 * department asks of a referrer), then optionally a named doctor.
 */
export function DestinationPicker({
  idPrefix,
  destinations,
  value,
  onChange,
  labels,
  kindLabels,
  withDoctor = true,
  errors = {},
}: {
  idPrefix: string;
  destinations: ReferralDestinationOption[];
  value: DestinationValue;
  onChange: (value: DestinationValue) => void;
  labels: DestinationLabels;
  kindLabels: Record<string, string>;
  withDoctor?: boolean;
  errors?: Partial<Record<keyof DestinationValue, string>>;
}) {
  const facility = destinations.find((f) => f.id === value.destinationFacilityId);
  const department = facility?.departments.find((d) => d.id === value.destinationDepartmentId);
  const [doctors, setDoctors] = useState<{ facilityId: string; list: DoctorOption[] } | null>(null);

  useEffect(() => {
    if (!withDoctor || !value.destinationFacilityId) return;
    let current = true;
    void destinationDoctorsAction(value.destinationFacilityId).then((r) => {
      if (current && r.ok) setDoctors({ facilityId: value.destinationFacilityId, list: r.data });
    });
    return () => {
      current = false;
    };
  }, [withDoctor, value.destinationFacilityId]);
  // the chosen department's doctors (and those with no department recorded)
  const doctorList =
    doctors?.facilityId === value.destinationFacilityId
      ? doctors.list.filter((d) => !d.departmentId || d.departmentId === value.destinationDepartmentId)
      : null;

  return (
    <div className="grid gap-4" data-testid={`${idPrefix}-destination`}>
      <div>
        <label className="label" htmlFor={`${idPrefix}-facility`}>
          {labels.facility}
        </label>
        <select
          className="input"
          id={`${idPrefix}-facility`}
          value={value.destinationFacilityId}
          onChange={(e) =>
            onChange({
              destinationFacilityId: e.target.value,
              destinationDepartmentId: "",
              destinationPractitionerId: null,
            })
          }
        >
          <option value="">{labels.choose}</option>
          {destinations.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}（{kindLabels[f.kind] ?? f.kind}）
            </option>
          ))}
        </select>
        {errors.destinationFacilityId && <p className="field-error">{errors.destinationFacilityId}</p>}
      </div>
      <div>
        <label className="label" htmlFor={`${idPrefix}-department`}>
          {labels.department}
        </label>
        <select
          className="input"
          id={`${idPrefix}-department`}
          value={value.destinationDepartmentId}
          disabled={!facility}
          onChange={(e) => {
            const departmentId = e.target.value;
            const named = doctors?.list.find((d) => d.id === value.destinationPractitionerId);
            // a named doctor of another department is let go with the department
            const keep = !named || !named.departmentId || named.departmentId === departmentId;
            onChange({
              ...value,
              destinationDepartmentId: departmentId,
              destinationPractitionerId: keep ? value.destinationPractitionerId : null,
            });
          }}
        >
          <option value="">{labels.choose}</option>
          {facility?.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {errors.destinationDepartmentId && <p className="field-error">{errors.destinationDepartmentId}</p>}
        {department?.referralNotes && (
          <div
            className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950"
            data-testid="department-notes"
          >
            <p className="font-medium">{labels.notes}</p>
            <p className="whitespace-pre-wrap">{department.referralNotes}</p>
          </div>
        )}
      </div>
      {withDoctor && (
        <div>
          <label className="label" htmlFor={`${idPrefix}-doctor`}>
            {labels.doctor}
          </label>
          <select
            className="input"
            id={`${idPrefix}-doctor`}
            value={value.destinationPractitionerId ?? ""}
            disabled={!facility}
            onChange={(e) => onChange({ ...value, destinationPractitionerId: e.target.value || null })}
          >
            <option value="">{facility && !doctorList ? labels.loadingDoctors : labels.anyDoctor}</option>
            {doctorList?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
            {/* a named doctor keeps showing while the list loads */}
            {value.destinationPractitionerId &&
              !doctorList?.some((d) => d.id === value.destinationPractitionerId) && (
                <option value={value.destinationPractitionerId}>…</option>
              )}
          </select>
          {errors.destinationPractitionerId && (
            <p className="field-error">{errors.destinationPractitionerId}</p>
          )}
        </div>
      )}
    </div>
  );
}
