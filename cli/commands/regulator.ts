import type { Command } from "commander";
import { BusinessScale, Role, nameOf } from "../../lib/enums";
import { formatBps, formatDuration, formatTokenAmount } from "../../lib/format";
import { fields } from "../format";
import { parseAmount } from "../format";
import { chainNow, hashOf, label, parseExpiry, parseKinds, parseLoanId, parseRatePercent, parseRole, parseScale, parseSubject, resolveAddress } from "../resolve";
import { AttestationKind } from "../../lib/enums";
import { kindName, kindsOfMask } from "../../lib/attestations";
import { prepareAttestation } from "../../lib/actions/attestation";
import { attestationRegistryAbi } from "../../lib/generated/abis";
import { eventOf, printTx, type CliOf } from "./shared";

export function registerRegulator(program: Command, cli: CliOf): void {
  const reg = program.command("regulator").description("admit and supervise participants, set policy, freeze, pause, publish notices");

  reg
    .command("admit")
    .description("admit an account in a role, until an expiry, with the hash of its credential dossier")
    .argument("<address>", "account to admit")
    .requiredOption("--role <role>", "regulator | operator | custodian | agency | investor | enterprise")
    .requiredOption("--credential <text|hash>", "the credential dossier (unified social credit code, KYC file) or its 32-byte hash")
    .option("--expires <date|Nd>", "expiry date (YYYY-MM-DD) or days from now", "365d")
    .option("--kinds <list>", "agencies: accredited kinds, e.g. identity,credit-rating")
    .option("--scale <scale>", "enterprises: micro | small | medium")
    .action(async (who: string, o: { role: string; credential: string; expires: string; kinds?: string; scale?: string }) => {
      const c = cli();
      const account = resolveAddress(c, who);
      const role = parseRole(o.role);
      const kinds = o.kinds ? parseKinds(o.kinds) : 0;
      const scale = o.scale ? parseScale(o.scale) : BusinessScale.None;
      const expiresAt = parseExpiry(o.expires, await chainNow(c));
      const { contracts } = await c.signer();
      const receipt = await c.send("admit", () => contracts.registry.write.admit([account, role, kinds, scale, expiresAt, hashOf(o.credential)]));
      printTx(c, receipt, `admitted ${label(c, account)} as ${nameOf(Role, role)} until ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`, { account, role: nameOf(Role, role), expiresAt });
    });

  for (const [name, description] of [
    ["suspend", "suspend an active participant (reversible)"],
    ["revoke", "revoke an admission for good"],
  ] as const) {
    reg
      .command(name)
      .description(description)
      .argument("<address>", "the participant")
      .requiredOption("--reason <text|hash>", "why: recorded as a hash")
      .action(async (who: string, o: { reason: string }) => {
        const c = cli();
        const account = resolveAddress(c, who);
        const { contracts } = await c.signer();
        const receipt = await c.send(name, () => contracts.registry.write[name]([account, hashOf(o.reason)]));
        printTx(c, receipt, `${name === "suspend" ? "suspended" : "revoked"} ${label(c, account)}`, { account });
      });
  }

  reg
    .command("reinstate")
    .description("lift a suspension")
    .argument("<address>", "the participant")
    .action(async (who: string) => {
      const c = cli();
      const account = resolveAddress(c, who);
      const { contracts } = await c.signer();
      const receipt = await c.send("reinstate", () => contracts.registry.write.reinstate([account]));
      printTx(c, receipt, `reinstated ${label(c, account)}`, { account });
    });

  reg
    .command("renew")
    .description("extend an admission and record the renewed credential")
    .argument("<address>", "the participant")
    .requiredOption("--credential <text|hash>", "the renewed credential dossier or its hash")
    .option("--expires <date|Nd>", "new expiry", "365d")
    .action(async (who: string, o: { credential: string; expires: string }) => {
      const c = cli();
      const account = resolveAddress(c, who);
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

  const policy = reg.command("policy").description("show or change the policy");
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
  policy
    .command("set")
    .description("change some fields of the policy; the others keep their value")
    .option("--lpr <percent>", "loan prime rate, % a year")
    .option("--rate-cap <percent>", "highest loan rate, % a year (at most 4 x LPR)")
    .option("--fee-cap <percent>", "highest platform fee, % of the principal")
    .option("--enterprise-cap <amount>", "highest outstanding principal per enterprise, in tokens")
    .option("--grace-days <n>", "days after a due date before a loan may be declared late")
    .option("--default-days <n>", "days after a due date before a loan may be declared in default")
    .option("--required <kinds>", "attestation kinds required before listing, e.g. identity,credit-rating")
    .option("--drawdown-days <n>", "days after the funding deadline to draw a funded loan; then anyone may cancel it")
    .option("--min-contribution <amount>", "smallest contribution to a raise, in tokens (unless it fills what remains)")
    .action(async (o: Record<string, string | undefined>) => {
      const c = cli();
      const p = { ...(await c.contracts.registry.read.policy()) };
      if (o.lpr) p.lprBps = parseRatePercent(o.lpr);
      if (o.rateCap) p.rateCapBps = parseRatePercent(o.rateCap);
      if (o.feeCap) p.feeCapBps = parseRatePercent(o.feeCap);
      if (o.enterpriseCap) p.enterpriseCap = parseAmount(o.enterpriseCap);
      if (o.graceDays) p.gracePeriod = Number(o.graceDays) * 86_400;
      if (o.defaultDays) p.defaultPeriod = Number(o.defaultDays) * 86_400;
      if (o.required) p.requiredKinds = parseKinds(o.required);
      if (o.drawdownDays) p.drawdownPeriod = Number(o.drawdownDays) * 86_400;
      if (o.minContribution) p.minContribution = parseAmount(o.minContribution);
      const { contracts } = await c.signer();
      const receipt = await c.send("set policy", () => contracts.registry.write.setPolicy([p]));
      printTx(c, receipt, "policy updated", { policy: p });
    });

  reg
    .command("sweep-surplus")
    .description("send the tokens the loan book holds beyond what it owes (sent to it directly) to an account")
    .argument("<to>", "address or development account name")
    .action(async (who: string) => {
      const c = cli();
      const to = resolveAddress(c, who);
      const amount = await c.contracts.loanBook.read.surplus();
      const { contracts } = await c.signer();
      const receipt = await c.send("sweep surplus", () => contracts.loanBook.write.sweepSurplus([to]));
      printTx(c, receipt, `swept ${formatTokenAmount(amount)} of surplus to ${label(c, to)}`, { to, amount });
    });

  reg
    .command("move-claims")
    .description("move a revoked participant's positions, guarantor roles and fees to an account you name")
    .argument("<from>", "the revoked participant")
    .argument("<to>", "the account that takes them over")
    .option("--loans <ids>", "comma-separated loan ids", "")
    .action(async (fromText: string, toText: string, o: { loans: string }) => {
      const c = cli();
      const from = resolveAddress(c, fromText);
      const to = resolveAddress(c, toText);
      const ids = o.loans.split(",").map((x) => x.trim()).filter(Boolean).map(parseLoanId);
      const { contracts } = await c.signer();
      const receipt = await c.send("move claims", () => contracts.loanBook.write.moveClaims([ids, from, to]));
      printTx(c, receipt, `moved the claims of ${label(c, from)} on ${ids.length} loan(s) to ${label(c, to)}`, { from, to, loans: ids });
    });

  for (const [name, write, verb] of [
    ["freeze", "freeze", "frozen"],
    ["unfreeze", "unfreeze", "unfrozen"],
  ] as const) {
    reg
      .command(name)
      .description(name === "freeze" ? "freeze a loan: no funding, no payout; repayment still accepted" : "lift a loan's freeze")
      .argument("<loan>", "loan id")
      .option("--reason <text|hash>", "why (freeze only)", "supervisory examination")
      .action(async (idText: string, o: { reason: string }) => {
        const c = cli();
        const id = parseLoanId(idText);
        const { contracts } = await c.signer();
        const receipt = await c.send(name, () =>
          write === "freeze" ? contracts.loanBook.write.freeze([id, hashOf(o.reason)]) : contracts.loanBook.write.unfreeze([id]),
        );
        printTx(c, receipt, `loan ${id} ${verb}`, { loan: id });
      });
  }

  for (const [name, paused] of [["pause", true], ["unpause", false]] as const) {
    reg
      .command(name)
      .description(paused ? "stop every platform operation except repayment" : "resume the platform")
      .action(async () => {
        const c = cli();
        const { contracts } = await c.signer();
        const receipt = await c.send(name, () => contracts.registry.write.setPaused([paused]));
        printTx(c, receipt, paused ? "platform paused (repayments still accepted)" : "platform resumed", { paused });
      });
  }

  reg
    .command("notice")
    .description("publish a supervision notice about a loan, a participant or an attestation")
    .argument("<subject>", "loan:ID | account:ADDRESS | attestation uid")
    .requiredOption("--text <text|hash>", "the notice (recorded as a hash)")
    .option("--severity <n>", "1 (information) .. 3 (action required)", "1")
    .action(async (subjectText: string, o: { text: string; severity: string }) => {
      const c = cli();
      const request = await prepareAttestation(c.publicClient, {
        kind: AttestationKind.SupervisionNotice,
        about: { subject: parseSubject(c, subjectText) },
        value: o.severity,
        dataHash: hashOf(o.text),
      });
      const { contracts } = await c.signer();
      const receipt = await c.send("notice", () => contracts.attestations.write.attest([request]));
      const uid = eventOf(attestationRegistryAbi, receipt, "Attested").args.uid;
      printTx(c, receipt, `supervision notice ${uid} published`, { uid });
    });
}
