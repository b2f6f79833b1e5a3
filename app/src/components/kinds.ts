import { AttestationKind } from "@lib/enums";

/** The six agency kinds in order, with their labels. */
export const AGENCY_KINDS = [
  { kind: AttestationKind.Identity, label: "Identity" },
  { kind: AttestationKind.CreditRating, label: "Credit rating" },
  { kind: AttestationKind.Guarantee, label: "Guarantee" },
  { kind: AttestationKind.Insurance, label: "Insurance" },
  { kind: AttestationKind.IPValuation, label: "IP valuation" },
  { kind: AttestationKind.Audit, label: "Audit" },
] as const;

/** Labels of the kinds set in a bitmask: "Identity, Audit". */
export const kindsText = (mask: number) => AGENCY_KINDS.filter((k) => mask & (1 << k.kind)).map((k) => k.label).join(", ") || "none";
