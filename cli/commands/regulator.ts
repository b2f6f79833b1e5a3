import type { Command } from "commander";
import type { Address } from "viem";
import type { Cli } from "../context";
import { BusinessScale, Role, nameOf } from "../../lib/enums";
import { formatBps, formatDuration, formatTokenAmount } from "../../lib/format";
import { fields, table } from "../format";
import { readReasons, reasonHash, requireReason } from "../../lib/reasons";
import { chainNow, hashOf, label, parseExpiry, parseKinds, parseLoanId, parseRole, parseScale, parseSubject, resolveAddress } from "../resolve";
import { AttestationKind } from "../../lib/enums";
import { kindName, kindsOfMask } from "../../lib/attestations";
import { prepareAttestation } from "../../lib/actions/attestation";
import { attestationRegistryAbi } from "../../lib/generated/abis";
import { eventOf, printTx, type CliOf } from "./shared";
import { proposeFrom, registerCommittee, registerProposalCommand } from "./committee";

export function registerRegulator(program: Command, cli: CliOf): void {
  const reg = program
    .command("regulator")
    .description("admit and supervise participants, freeze, pause, publish notices; propose, approve and execute the committee's changes");

  reg
    .command("admit")
    .description("admit an account in a role, until an expiry, with the hash of its credential dossier (a regulator: proposed to the committee)")
    .argument("<address>", "account to admit")
    .requiredOption("--role <role>", "regulator | operator | custodian | agency | investor | enterprise")
    .requiredOption("--credential <text|hash>", "the credential dossier (unified social credit code, KYC file) or its 32-byte hash")
    .option("--expires <date|Nd>", "expiry date (YYYY-MM-DD) or days from now", "365d")
    .option("--kinds <list>", "agencies: accredited kinds, e.g. identity,credit-rating")
    .option("--scale <scale>", "enterprises: micro | small | medium")
    .option("--description <text>", "regulators only: what and why, for the committee members who approve the admission")
    .action(async (who: string, o: { role: string; credential: string; expires: string; kinds?: string; scale?: string; description?: string }) => {
      const c = cli();
      const account = resolveAddress(c, who);
      const role = parseRole(o.role);
      // A new committee member is the committee's decision.
      if (role === Role.Regulator) return proposeFrom(c, "admit-member", [who], o);
      const kinds = o.kinds ? parseKinds(o.kinds) : 0;
      const scale = o.scale ? parseScale(o.scale) : BusinessScale.None;
      const expiresAt = parseExpiry(o.expires, await chainNow(c));
      const { contracts } = await c.signer();
      const receipt = await c.send("admit", () => contracts.registry.write.admit([account, role, kinds, scale, expiresAt, hashOf(o.credential)]));
      printTx(c, receipt, `admitted ${label(c, account)} as ${nameOf(Role, role)} until ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`, { account, role: nameOf(Role, role), expiresAt });
    });

  reg
    .command("suspend")
    .description("suspend an active participant at once (reversible by the committee); a regulator: proposed to the committee")
    .argument("<address>", "the participant")
    .requiredOption("--reason <text>", "why, in words: recorded on the ledger with its hash")
    .option("--description <text>", "regulators only: what and why, for the committee members")
    .action(async (who: string, o: { reason: string; description?: string }) => {
      const c = cli();
      const account = resolveAddress(c, who);
      if (await isRegulator(c, account)) return proposeFrom(c, "suspend-member", [who], o);
      const reason = requireReason(o.reason);
      const { contracts } = await c.signer();
      const receipt = await c.send("suspend", () => contracts.registry.write.suspend([account, reason]));
      printTx(c, receipt, `suspended ${label(c, account)}`, { account });
    });

  registerProposalCommand(reg, "revoke", "revoke", "propose to revoke an admission for good (the committee decides)", cli);
  registerProposalCommand(reg, "reinstate", "reinstate", "propose to lift a suspension (the committee decides)", cli);

  reg
    .command("renew")
    .description("extend an admission and record the renewed credential (a regulator's: proposed to the committee)")
    .argument("<address>", "the participant")
    .requiredOption("--credential <text|hash>", "the renewed credential dossier or its hash")
    .option("--expires <date|Nd>", "new expiry", "365d")
    .option("--description <text>", "regulators only: what and why, for the committee members")
    .action(async (who: string, o: { credential: string; expires: string; description?: string }) => {
      const c = cli();
      const account = resolveAddress(c, who);
      if (await isRegulator(c, account)) return proposeFrom(c, "renew-member", [who], o);
      const expiresAt = parseExpiry(o.expires, await chainNow(c));
      const { contracts } = await c.signer();
      const receipt = await c.send("renew", () => contracts.registry.write.renew([account, expiresAt, hashOf(o.credential)]));
      printTx(c, receipt, `renewed ${label(c, account)} until ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`, { account, expiresAt });
    });

  reg
    .command("kinds")
    .description("change the attestation kinds an agency is accredited for")
    .argument("<agency>", "the agency")
    .requiredOption("--kinds <list>", "e.g. identity,credit-rating")
    .action(async (who: string, o: { kinds: string }) => {
      const c = cli();
      const agency = resolveAddress(c, who);
      const { contracts } = await c.signer();
      const receipt = await c.send("set agency kinds", () => contracts.registry.write.setAgencyKinds([agency, parseKinds(o.kinds)]));
      printTx(c, receipt, `accreditation of ${label(c, agency)} set to ${o.kinds}`, { agency });
    });

  const policy = reg.command("policy").description("show the policy, or propose a change");
  policy
    .command("show")
    .description("the policy in force")
    .action(async () => {
      const c = cli();
      const p = await c.contracts.registry.read.policy();
      c.print(p, () =>
        fields([
          ["loan prime rate", formatBps(p.lprBps)],
          ["rate cap", formatBps(p.rateCapBps)],
          ["platform fee cap", formatBps(p.feeCapBps)],
          ["enterprise cap", formatTokenAmount(p.enterpriseCap)],
          ["grace period", formatDuration(p.gracePeriod)],
          ["default period", formatDuration(p.defaultPeriod)],
          ["drawdown period", formatDuration(p.drawdownPeriod)],
          ["minimum contribution", formatTokenAmount(p.minContribution)],
          ["required kinds", kindsOfMask(p.requiredKinds).map(kindName).join(", ") || "none"],
        ]),
      );
    });
  registerProposalCommand(policy, "set", "policy", "propose a policy change (some fields; the others keep their value): in force after approval and the notice period", cli);

  registerProposalCommand(reg, "sweep-surplus", "sweep-surplus", "propose to send the tokens the loan book holds beyond what it owes (sent to it directly) to an account", cli);
  registerProposalCommand(reg, "move-claims", "move-claims", "propose to move a revoked participant's positions, guarantor roles and fees to an account you name", cli);

  reg
    .command("freeze")
    .description("freeze a loan at once: no funding, no payout; repayment still accepted")
    .argument("<loan>", "loan id")
    .requiredOption("--reason <text>", "why, in words: recorded on the ledger with its hash")
    .action(async (idText: string, o: { reason: string }) => {
      const c = cli();
      const id = parseLoanId(idText);
      const reason = requireReason(o.reason);
      const { contracts } = await c.signer();
      const receipt = await c.send("freeze", () => contracts.loanBook.write.freeze([id, reason]));
      printTx(c, receipt, `loan ${id} frozen`, { loan: id });
    });
  registerProposalCommand(reg, "unfreeze", "unfreeze", "propose to lift a loan's freeze (the committee decides)", cli);

  reg
    .command("pause")
    .description("stop every platform operation except repayment, at once")
    .action(async () => {
      const c = cli();
      const { contracts } = await c.signer();
      const receipt = await c.send("pause", () => contracts.registry.write.setPaused([true]));
      printTx(c, receipt, "platform paused (repayments still accepted)", { paused: true });
    });
  registerProposalCommand(reg, "unpause", "unpause", "propose to resume the platform (the committee decides)", cli);

  reg
    .command("notice")
    .description("publish a supervision notice about a loan, a participant or an attestation")
    .argument("<subject>", "loan:ID | account:ADDRESS | attestation uid")
    .requiredOption("--text <text>", "the notice in words: recorded on the ledger, its hash as the attestation's data hash")
    .option("--severity <n>", "1 (information) .. 3 (action required)", "1")
    .action(async (subjectText: string, o: { text: string; severity: string }) => {
      const c = cli();
      const text = requireReason(o.text, "notice");
      const request = await prepareAttestation(c.publicClient, {
        kind: AttestationKind.SupervisionNotice,
        about: { subject: parseSubject(c, subjectText) },
        value: o.severity,
        dataHash: reasonHash(text),
      });
      const { contracts } = await c.signer();
      const receipt = await c.send("notice", () => contracts.attestations.write.publishNotice([request.subject, request.value, request.refUID, text]));
      const uid = eventOf(attestationRegistryAbi, receipt, "Attested").args.uid;
      printTx(c, receipt, `supervision notice ${uid} published`, { uid });
    });

  reg
    .command("reasons")
    .description("every reason and supervision notice on the ledger, in words, each checked against the hash recorded beside it")
    .option("--loan <id>", "only this loan's freezes")
    .option("--account <address>", "only this participant's suspensions and revocations")
    .action(async (o: { loan?: string; account?: string }) => {
      const c = cli();
      const loanId = o.loan === undefined ? undefined : parseLoanId(o.loan);
      const account = o.account === undefined ? undefined : resolveAddress(c, o.account).toLowerCase();
      const d = c.deployment.contracts;
      const all = await readReasons(c.publicClient, {
        registry: d.ParticipantRegistry.address,
        attestations: d.AttestationRegistry.address,
        loanBook: d.LoanBook.address,
        fromBlock: BigInt(Math.min(...Object.values(d).map((x) => x.blockNumber))),
      });
      const rows = all.filter((r) => (loanId === undefined || r.loanId === loanId) && (account === undefined || r.account?.toLowerCase() === account));
      const about = (r: (typeof rows)[number]) => (r.loanId !== undefined ? `loan ${r.loanId}` : r.account ? label(c, r.account) : r.uid!.slice(0, 10));
      c.print(rows, () =>
        rows.length === 0
          ? "no reasons recorded"
          : table(["block", "action", "about", "reason", "hash", "check"], rows.map((r) => [String(r.blockNumber), r.action, about(r), r.text, r.hash, r.matches ? "matches" : "DOES NOT MATCH"])),
      );
    });

  registerCommittee(reg, cli);
}

/** Whether `account` is a Regulator, that is a committee member: its admission and removal are the committee's. */
async function isRegulator(c: Cli, account: Address): Promise<boolean> {
  return (await c.contracts.registry.read.participant([account])).role === Role.Regulator;
}
