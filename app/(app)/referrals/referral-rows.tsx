"use client";

import Link from "next/link";
import type { ReferralStatus } from "@/server/domain/referrals/referral-status";
import { statusBadgeClass } from "./status-badge";

/** One line of a worklist: what it shows, already in the reader's words and dates. */
export interface ReferralRow {
  id: string;
  href: string;
  status: ReferralStatus;
  urgent: boolean;
  overdue: boolean;
  /** null outside the patient's consent */
  patientName: string | null;
  patientRegionalId: string | null;
  /** the other facility: the referrer's in the inbox, the destination in the outbox */
  counterpartFacility: string;
  departmentName: string;
  /** the referring doctor, shown in the inbox */
  referrerName: string | null;
  sentAt: string | null;
  requestedBy: string | null;
  appointmentAt: string | null;
  documentNumber: string | null;
}

export interface ReferralRowLabels {
  statuses: Record<ReferralStatus, string>;
  urgent: string;
  overdue: string;
  redactedPatient: string;
  /** 紹介元 in the inbox, 紹介先 in the outbox */
  counterpart: string;
  referrer: string;
  sentAt: string;
  requestedBy: string;
  appointment: string;
  documentNumber: string;
}

/**
 * The worklist's lines. Given as data with the labels once, not as a server-rendered
 * tree: fifty lines of elements made the page's RSC payload 75 KB, each line a stream
 * chunk and a segment of its own (issue 16).
 */
export function ReferralRows({ rows, labels }: { rows: ReferralRow[]; labels: ReferralRowLabels }) {
  return (
    <ul
      className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
      data-testid="referral-list"
    >
      {rows.map((row) => (
        <li key={row.id} data-testid="referral-row" data-status={row.status}>
          <Link href={row.href} className="flex flex-col gap-1 px-4 py-3 hover:bg-brand-50">
            <span className="flex flex-wrap items-center gap-2">
              {row.urgent && (
                <span className="badge bg-red-600 text-white" data-testid="urgent-badge">
                  {labels.urgent}
                </span>
              )}
              {row.overdue && (
                <span className="badge bg-amber-500 text-white" data-testid="overdue-badge">
                  {labels.overdue}
                </span>
              )}
              <span className={statusBadgeClass(row.status)} data-testid="status-badge">
                {labels.statuses[row.status]}
              </span>
              <span className="font-semibold" data-testid="referral-patient">
                {row.patientName ?? <span className="text-slate-500">{labels.redactedPatient}</span>}
              </span>
              {row.patientRegionalId && (
                <span className="font-mono text-xs text-slate-500">{row.patientRegionalId}</span>
              )}
            </span>
            <span className="text-sm text-slate-700">
              {labels.counterpart}: {row.counterpartFacility}
              {" ・ "}
              {row.departmentName}
              {row.referrerName && ` ・ ${labels.referrer}: ${row.referrerName}`}
            </span>
            <span className="flex flex-wrap gap-x-4 text-xs text-slate-500">
              {row.sentAt && (
                <span>
                  {labels.sentAt}: {row.sentAt}
                </span>
              )}
              {row.requestedBy && (
                <span>
                  {labels.requestedBy}: {row.requestedBy}
                </span>
              )}
              {row.appointmentAt && (
                <span>
                  {labels.appointment}: {row.appointmentAt}
                </span>
              )}
              {row.documentNumber && (
                <span>
                  {labels.documentNumber}: {row.documentNumber}
                </span>
              )}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
