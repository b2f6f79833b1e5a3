import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { Hex } from "viem";
import { accountSubject, kindName, kindsOfMask } from "../../lib/attestations";
import { formatTokenAmount } from "../../lib/format";
import { attestationRegistryAbi } from "../../lib/generated/abis";
import { prepareAttestation, relayAttestation, signAttestation } from "../../lib/actions/attestation";
import { preparePostBond } from "../../lib/actions/bond";
import type { AttestTypedDataInput } from "../../lib/typedData";
import { parseAmount, table, toJson } from "../format";
import { requireReason } from "../../lib/reasons";
import { chainNow, hashOf, parseExpiry, parseKind, parseLoanId, parseSubject, resolveAddress } from "../resolve";
import type { Cli } from "../context";
import { eventOf, printTx, type CliOf } from "./shared";

interface AttestOptions {
  kind: string;
  value: string;
  report: string;
  ref?: string;
  expires?: string;
}

async function requestOf(c: Cli, subject: string, o: AttestOptions) {
  return prepareAttestation(c.publicClient, {
    kind: parseKind(o.kind),
    about: { subject: parseSubject(c, subject) },
    value: o.value,
    parseAmount,
    dataHash: hashOf(o.report),
    refUID: o.ref as Hex | undefined,
    expiresAt: o.expires ? parseExpiry(o.expires, await chainNow(c)) : 0,
  });
}

function attestOptions(cmd: Command): Command {
  return cmd
    .argument("<subject>", "loan:ID | account:ADDRESS | attestation uid")
    .requiredOption("--kind <kind>", "identity | credit-rating | guarantee | insurance | ip-valuation | audit")
    .option("--value <n>", "credit rating code 1 (AAA) .. 10 (D); tokens for guarantee coverage or IP valuation", "0")
    .requiredOption("--report <text|hash>", "the report (recorded as a hash)")
    .option("--ref <uid>", "a prior attestation this one refers to")
    .option("--expires <date|Nd>", "expiry of the statement");
}

export function registerAgency(program: Command, cli: CliOf): void {
  const ag = program.command("agency").description("attest (directly or by signature), revoke, post guarantee bonds, see requested services");

  attestOptions(ag.command("attest").description("record an attestation, sent by the agency itself")).action(async (subject: string, o: AttestOptions) => {
    const c = cli();
    const request = await requestOf(c, subject, o);
    const { contracts } = await c.signer();
    const receipt = await c.send("attest", () => contracts.attestations.write.attest([request]));
    const uid = eventOf(attestationRegistryAbi, receipt, "Attested").args.uid;
    printTx(c, receipt, `attestation ${uid} recorded`, { uid });
  });

  attestOptions(ag.command("sign").description("sign an attestation (EIP-712) for anyone to relay; prints or writes the signed request"))
    .option("--out <file>", "write the signed request here instead of stdout")
    .option("--valid-for <hours>", "how long the signature may be relayed", "24")
    .action(async (subject: string, o: AttestOptions & { out?: string; validFor: string }) => {
      const c = cli();
      const request = await requestOf(c, subject, o);
      const { account } = await c.signer();
      const { input, signature } = await signAttestation(c.publicClient, { signer: account, registry: c.contracts.attestations.address, request, validFor: Number(o.validFor) * 3600 });
      const signed = toJson({ ...input, signature });
      if (o.out) {
        writeFileSync(o.out, `${signed}\n`);
        c.progress(`signed request written to ${o.out}`);
      } else process.stdout.write(`${signed}\n`);
    });

  ag.command("relay")
    .description("submit an attestation signed by its agency (any account may relay)")
    .argument("<file>", "signed request from `agency sign`")
    .action(async (file: string) => {
      const c = cli();
      const raw = JSON.parse(readFileSync(file, "utf8"));
      const input: AttestTypedDataInput = {
        chainId: Number(raw.chainId),
        registry: raw.registry,
        attester: raw.attester,
        request: { ...raw.request, value: BigInt(raw.request.value), expiresAt: Number(raw.request.expiresAt) },
        nonce: BigInt(raw.nonce),
        deadline: BigInt(raw.deadline),
      };
      const { wallet } = await c.signer();
      const receipt = await c.send("relay", () => wallet.writeContract(relayAttestation(input, raw.signature)));
      const uid = eventOf(attestationRegistryAbi, receipt, "Attested").args.uid;
      printTx(c, receipt, `attestation ${uid} by ${input.attester} relayed`, { uid });
    });

  ag.command("revoke")
    .description("revoke one of your attestations (the regulator may revoke any)")
    .argument("<uid>", "attestation uid")
    .requiredOption("--reason <text>", "why, in words: recorded on the ledger with its hash")
    .action(async (uid: string, o: { reason: string }) => {
      const c = cli();
      const reason = requireReason(o.reason);
      const { contracts } = await c.signer();
      const receipt = await c.send("revoke", () => contracts.attestations.write.revoke([uid as Hex, reason]));
      printTx(c, receipt, `attestation ${uid} revoked`, { uid });
    });

  ag.command("cancel-nonce")
    .description("give up your next signature nonce, so a signed attestation nobody relayed yet can never be recorded")
    .action(async () => {
      const c = cli();
      const { account, contracts } = await c.signer();
      const nonce = await c.contracts.attestations.read.nonces([account.address]);
      const receipt = await c.send("cancel nonce", () => contracts.attestations.write.cancelNonce([nonce]));
      printTx(c, receipt, `signature nonce ${nonce} cancelled`, { nonce });
    });

  ag.command("bond")
    .description("guarantors: lock a guarantee bond on a demand before listing (permit-free: approves first)")
    .argument("<loan>", "loan id")
    .argument("<amount>", "tokens of coverage")
    .action(async (idText: string, amountText: string) => {
      const c = cli();
      const id = parseLoanId(idText);
      const amount = parseAmount(amountText);
      const receipt = await c.sendTokenPull("post bond", (client, at) => preparePostBond(client, { ...at, loanId: id, amount }));
      printTx(c, receipt, `bond of ${formatTokenAmount(amount)} locked on loan ${id}`, { loan: id, amount });
    });

  for (const [name, fn, message] of [
    ["release-bond", "releaseBond", "bond released on loan"],
    ["claim-recovery", "claimRecovery", "recoveries claimed on loan"],
  ] as const) {
    ag.command(name)
      .description(name === "release-bond" ? "take back a bond no longer needed" : "collect recoveries credited to the guarantor after a payout")
      .argument("<loan>", "loan id")
      .action(async (idText: string) => {
        const c = cli();
        const id = parseLoanId(idText);
        const { contracts } = await c.signer();
        const receipt = await c.send(name, () => contracts.loanBook.write[fn]([id]));
        printTx(c, receipt, `${message} ${id}`, { loan: id });
      });
  }

  ag.command("queue")
    .description("services the operator requested from an agency, and whether it has attested the loan since")
    .option("--agency <address>", "whose queue (default: the signing account)")
    .action(async (o: { agency?: string }) => {
      const c = cli();
      const agency = o.agency ? resolveAddress(c, o.agency) : (await c.signer()).account.address;
      const fromBlock = BigInt(c.deployment.contracts.LoanBook.blockNumber);
      const requests = await c.contracts.loanBook.getEvents.ServiceRequested({ agency }, { fromBlock, toBlock: "latest" });
      const attested = await c.contracts.attestations.getEvents.Attested({ attester: agency }, { fromBlock, toBlock: "latest" });
      const rows = await Promise.all(
        requests.map(async (r) => {
          const id = r.args.id!;
          const loan = await c.contracts.loanBook.read.getLoan([id]);
          const done = attested.some((a) => BigInt(a.args.subject!) === id || a.args.subject === accountSubject(loan.enterprise));
          const kinds = kindsOfMask(r.args.kinds!).map(kindName);
          return { loan: id, kinds, state: loan.state, attested: done, blockNumber: r.blockNumber };
        }),
      );
      c.print(rows, () =>
        rows.length === 0 ? "no services requested" : table(["loan", "kinds", "attested"], rows.map((r) => [String(r.loan), r.kinds.join(", "), r.attested ? "yes" : "pending"])),
      );
    });
}
