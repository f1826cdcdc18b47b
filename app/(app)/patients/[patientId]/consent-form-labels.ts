import type { Messages } from "@/app/i18n";

/**
 * The labels of the consent and break-glass forms, for the patient page and the
 * referral editor's consent panel. Only plain strings cross into client components.
 */
export function consentFormLabels(t: Messages) {
  const p = t.patients;
  return {
    recordConsent: p.recordConsent,
    addFacility: p.addFacility,
    withdraw: p.withdraw,
    facilitiesToShare: p.facilitiesToShare,
    facilitiesLoading: p.facilitiesLoading,
    facilitiesFailed: p.facilitiesFailed,
    signedDocument: p.signedDocument,
    effectiveOn: p.effectiveOn,
    note: p.note,
    signedAt: p.signedAt,
    signedAtChoose: p.signedAtChoose,
    withdrawFacilities: p.withdrawFacilities,
    facilitiesToWithdraw: p.facilitiesToWithdraw,
    leaveNetwork: p.leaveNetwork,
    leaveNetworkHelp: p.leaveNetworkHelp,
    withdrawHelp: p.withdrawHelp,
    recorded: p.recorded,
    breakGlassReason: p.breakGlassReason,
    breakGlassOpen: p.breakGlassOpen,
    submit: t.common.actions.submit,
  };
}
