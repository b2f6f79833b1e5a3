import type { Command } from "commander";
import { encodeFunctionData, parseAbi, type Hex } from "viem";
import { BusinessScale, Role } from "../../lib/enums";
import { formatDuration, formatTimestamp } from "../../lib/format";
import { CONTRACT_NAMES, type ContractName } from "../../lib/deployments";
import { supervisoryCommitteeAbi } from "../../lib/generated/abis";
import {
  PROPOSAL_KINDS,
  callRequiresNotice,
  decodeProposalCall,
  describeCall,
  proposalCall,
  readProposal,
  type ProposalCall,
  type ProposalKind,
  type ProposalView,
} from "../../lib/governance";
import { fields, parseAmount, table } from "../format";
import { requireReason } from "../../lib/reasons";
import { chainNow, hashOf, label, parseExpiry, parseKinds, parseLoanId, parsePositiveInt, parseRatePercent, resolveAddress } from "../resolve";
import type { Cli } from "../context";
import { eventOf, printTx, type CliOf } from "./shared";

/**
 * The supervisory committee on the command line: `regulator propose <kind>` (one subcommand per kind of
 * lib/governance.ts PROPOSAL_KINDS), `approve`, `cancel`, `execute` and `proposals`. The regulator commands
 * whose effect is now the committee's (revoke, reinstate, policy set, unfreeze, unpause, ...) are the same
 * proposals under their old names: they create the proposal and say how many approvals it needs.
 */

type Options = Record<string, string | boolean | undefined>;

/** How one kind of proposal is asked for on the command line, and how its call is built. */
interface KindCommand {
  /** Adds the kind's arguments and options to its command. */
  configure(cmd: Command): Command;
  build(c: Cli, args: string[], o: Options): Promise<ProposalCall>;
}

const str = (o: Options, key: string) => o[key] as string | undefined;

const withMember = (cmd: Command) => cmd.argument("<address>", "the member (a Regulator)");

/** The policy in force with the fields the options name changed (the others keep their value). */
async function changedPolicy(c: Cli, o: Options) {
  const p = { ...(await c.contracts.registry.read.policy()) };
  if (str(o, "lpr")) p.lprBps = parseRatePercent(str(o, "lpr")!);
  if (str(o, "rateCap")) p.rateCapBps = parseRatePercent(str(o, "rateCap")!);
  if (str(o, "feeCap")) p.feeCapBps = parseRatePercent(str(o, "feeCap")!);
  if (str(o, "enterpriseCap")) p.enterpriseCap = parseAmount(str(o, "enterpriseCap")!);
  if (str(o, "graceDays")) p.gracePeriod = parsePositiveInt("--grace-days", str(o, "graceDays")!) * 86_400;
  if (str(o, "defaultDays")) p.defaultPeriod = parsePositiveInt("--default-days", str(o, "defaultDays")!) * 86_400;
  if (str(o, "required")) p.requiredKinds = parseKinds(str(o, "required")!);
  if (str(o, "drawdownDays")) p.drawdownPeriod = parsePositiveInt("--drawdown-days", str(o, "drawdownDays")!) * 86_400;
  if (str(o, "minContribution")) p.minContribution = parseAmount(str(o, "minContribution")!);
  return p;
}

/** A duration: `3d`, `12h`, `90m` or seconds. */
function parseDuration(text: string): number {
  const m = /^(\d+)([dhm]?)$/.exec(text);
  if (!m) throw new Error(`not a duration (3d, 12h, 90m or seconds): "${text}"`);
  return Number(m[1]) * { d: 86_400, h: 3_600, m: 60, "": 1 }[m[2] as "d" | "h" | "m" | ""];
}

/** The deployment's contract named in any case ("loanbook", "LoanBook", "registry"). */
function parseContract(text: string): ContractName {
  const aliases: Record<string, ContractName> = { registry: "ParticipantRegistry", attestations: "AttestationRegistry", token: "DepositToken", committee: "SupervisoryCommittee" };
  const found = aliases[text.toLowerCase()] ?? CONTRACT_NAMES.find((n) => n.toLowerCase() === text.toLowerCase());
  if (!found) throw new Error(`unknown contract "${text}"; one of: ${CONTRACT_NAMES.join(", ")}`);
  return found;
}

const UPGRADE_ABI = parseAbi(["function upgradeToAndCall(address newImplementation, bytes data)"]);

/** Every kind of proposal: `tsc` fails when PROPOSAL_KINDS gains one this table lacks. */
export const KIND_COMMANDS: Record<ProposalKind, KindCommand> = {
  "admit-member": {
    configure: (cmd) =>
      cmd
        .argument("<address>", "the account of the supervising body to admit as a Regulator")
        .requiredOption("--credential <text|hash>", "its mandate or its 32-byte hash")
        .option("--expires <date|Nd>", "expiry date (YYYY-MM-DD) or days from now", "365d"),
    build: async (c, [who], o) =>
      proposalCall(c.deployment, "ParticipantRegistry", "admit", [resolveAddress(c, who), Role.Regulator, 0, BusinessScale.None, parseExpiry(str(o, "expires")!, await chainNow(c)), hashOf(str(o, "credential")!)]),
  },
  "renew-member": {
    configure: (cmd) =>
      withMember(cmd)
        .requiredOption("--credential <text|hash>", "the renewed mandate or its hash")
        .option("--expires <date|Nd>", "new expiry", "365d"),
    build: async (c, [who], o) => proposalCall(c.deployment, "ParticipantRegistry", "renew", [resolveAddress(c, who), parseExpiry(str(o, "expires")!, await chainNow(c)), hashOf(str(o, "credential")!)]),
  },
  "suspend-member": {
    configure: (cmd) => withMember(cmd).requiredOption("--reason <text>", "why, in words: recorded on the ledger with its hash"),
    build: async (c, [who], o) => proposalCall(c.deployment, "ParticipantRegistry", "suspend", [resolveAddress(c, who), requireReason(str(o, "reason"))]),
  },
  reinstate: {
    configure: (cmd) => cmd.argument("<address>", "the participant"),
    build: async (c, [who]) => proposalCall(c.deployment, "ParticipantRegistry", "reinstate", [resolveAddress(c, who)]),
  },
  revoke: {
    configure: (cmd) => cmd.argument("<address>", "the participant").requiredOption("--reason <text>", "why, in words: recorded on the ledger with its hash"),
    build: async (c, [who], o) => proposalCall(c.deployment, "ParticipantRegistry", "revoke", [resolveAddress(c, who), requireReason(str(o, "reason"))]),
  },
  policy: {
    configure: (cmd) =>
      cmd
        .option("--lpr <percent>", "loan prime rate, % a year")
        .option("--rate-cap <percent>", "highest loan rate, % a year (at most 4 x LPR)")
        .option("--fee-cap <percent>", "highest platform fee, % of the principal")
        .option("--enterprise-cap <amount>", "highest outstanding principal per enterprise, in tokens")
        .option("--grace-days <n>", "days after a due date before a loan may be declared late")
        .option("--default-days <n>", "days after a due date before a loan may be declared in default")
        .option("--required <kinds>", "attestation kinds required before listing, e.g. identity,credit-rating")
        .option("--drawdown-days <n>", "days after the funding deadline to draw a funded loan; then anyone may cancel it")
        .option("--min-contribution <amount>", "smallest contribution to a raise, in tokens (unless it fills what remains)"),
    build: async (c, _args, o) => proposalCall(c.deployment, "ParticipantRegistry", "setPolicy", [await changedPolicy(c, o)]),
  },
  "platform-contract": {
    configure: (cmd) => cmd.argument("<address>", "the contract").option("--remove", "stop it holding the deposit token"),
    build: async (c, [who], o) => proposalCall(c.deployment, "ParticipantRegistry", "setPlatformContract", [resolveAddress(c, who), !o.remove]),
  },
  unpause: {
    configure: (cmd) => cmd,
    build: async (c) => proposalCall(c.deployment, "ParticipantRegistry", "setPaused", [false]),
  },
  unfreeze: {
    configure: (cmd) => cmd.argument("<loan>", "loan id"),
    build: async (c, [id]) => proposalCall(c.deployment, "LoanBook", "unfreeze", [parseLoanId(id)]),
  },
  "sweep-surplus": {
    configure: (cmd) => cmd.argument("<to>", "address or development account name"),
    build: async (c, [to]) => proposalCall(c.deployment, "LoanBook", "sweepSurplus", [resolveAddress(c, to)]),
  },
  "move-claims": {
    configure: (cmd) =>
      cmd.argument("<from>", "the revoked participant").argument("<to>", "the account that takes them over").option("--loans <ids>", "comma-separated loan ids", ""),
    build: async (c, [from, to], o) => {
      const ids = str(o, "loans")!.split(",").map((x) => x.trim()).filter(Boolean).map(parseLoanId);
      return proposalCall(c.deployment, "LoanBook", "moveClaims", [ids, resolveAddress(c, from), resolveAddress(c, to)]);
    },
  },
  threshold: {
    configure: (cmd) => cmd.argument("<approvals>", "approvals a proposal needs (1 .. members in office)"),
    build: async (c, [n]) => proposalCall(c.deployment, "SupervisoryCommittee", "setThreshold", [parsePositiveInt("the threshold", n)]),
  },
  "notice-period": {
    configure: (cmd) => cmd.argument("<duration>", "e.g. 3d, 36h (1 to 30 days)"),
    build: async (c, [d]) => proposalCall(c.deployment, "SupervisoryCommittee", "setNoticePeriod", [parseDuration(d)]),
  },
  upgrade: {
    configure: (cmd) =>
      cmd
        .argument("<contract>", "registry | attestations | token | LoanBook | committee")
        .argument("<implementation>", "address of the new implementation")
        .option("--call <hex>", "data of a call to make on the upgraded contract (a reinitializer)", "0x"),
    build: async (c, [contract, implementation], o) => ({
      target: c.deployment.contracts[parseContract(contract)].address,
      data: encodeFunctionData({ abi: UPGRADE_ABI, functionName: "upgradeToAndCall", args: [resolveAddress(c, implementation), str(o, "call") as Hex] }),
    }),
  },
};

/** A name for addresses in sentences: the development account's name on the local chain, else the address. */
const namer = (c: Cli) => (address: string) => label(c, address);

/** Proposes `call`, then says what it is, how many approvals it has and needs, and when it may be executed. */
async function submit(c: Cli, call: ProposalCall, description: string | undefined): Promise<void> {
  const decoded = decodeProposalCall(c.deployment, call.target, call.data);
  const sentence = describeCall(decoded, namer(c));
  const { contracts } = await c.signer();
  const receipt = await c.send("propose", () => contracts.committee.write.propose([call.target, call.data, description ?? sentence]));
  const id = eventOf(supervisoryCommitteeAbi, receipt, "ProposalCreated").args.id as bigint;
  const p = await readProposal(c.contracts.committee as never, id);
  const threshold = await c.contracts.committee.read.threshold();
  const notice = callRequiresNotice(c.deployment, call.target, call.data);
  printTx(c, receipt, `proposal ${id} created: ${sentence}\n${standing(p, threshold, notice)}`, { ...proposalJson(p, threshold, description ?? sentence, sentence, decoded?.kind), notice });
}

/** Where a proposal stands, in words: approvals against the threshold, and the notice or the deadline. */
function standing(p: ProposalView, threshold: number, requiresNotice: boolean): string {
  const approvals = `${p.approvers.length} of ${threshold} approval${threshold === 1 ? "" : "s"}`;
  switch (p.state) {
    case "Pending":
      return `needs ${threshold} approvals (${approvals.split(" of ")[0]} so far); open to approval until ${formatTimestamp(p.deadline)}`;
    case "Queued":
      return `approved (${approvals}); notice period runs until ${formatTimestamp(p.eta)}, then any member may execute it until ${formatTimestamp(p.deadline)}`;
    case "Ready":
      return `approved (${approvals})${requiresNotice ? ", notice over" : ""}; any member may execute it until ${formatTimestamp(p.deadline)}`;
    default:
      return `${p.state.toLowerCase()} (${approvals})`;
  }
}

/** A proposal as `proposals --json` and the write commands print it. */
function proposalJson(p: ProposalView, threshold: number, description: string | undefined, sentence: string, kind: ProposalKind | undefined) {
  return {
    id: Number(p.id),
    kind: kind ?? null,
    description: description ?? null,
    sentence,
    state: p.state,
    approvals: p.approvers.length,
    approvers: p.approvers,
    threshold,
    proposer: p.proposer,
    target: p.target,
    data: p.data,
    createdAt: p.createdAt,
    queuedAt: p.queuedAt === 0 ? null : p.queuedAt,
    eta: p.queuedAt === 0 ? null : p.eta,
    deadline: p.deadline,
  };
}

/** The descriptions of the proposals, from their ProposalCreated events (the chain stores only their hash). */
async function descriptions(c: Cli): Promise<Map<bigint, string>> {
  const logs = await c.publicClient.getContractEvents({
    address: c.deployment.contracts.SupervisoryCommittee.address,
    abi: supervisoryCommitteeAbi,
    eventName: "ProposalCreated",
    fromBlock: BigInt(c.deployment.contracts.SupervisoryCommittee.blockNumber),
  });
  return new Map(logs.map((l) => [l.args.id!, l.args.description!]));
}

async function proposalCommand(c: Cli, idText: string, action: "approve" | "cancel" | "execute"): Promise<void> {
  const id = BigInt(parsePositiveInt("the proposal number", idText));
  if (action === "execute") {
    // Said before anything is sent: when the notice period ends, not only that the proposal is not ready.
    const before = await readProposal(c.contracts.committee as never, id).catch(() => undefined);
    if (before?.state === "Queued") throw new Error(`proposal ${id} waits its notice period until ${formatTimestamp(before.eta)}; any member may execute it from then`);
  }
  const { contracts } = await c.signer();
  const receipt = await c.send(`${action} proposal ${id}`, () => contracts.committee.write[action]([id]));
  const p = await readProposal(c.contracts.committee as never, id);
  const threshold = await c.contracts.committee.read.threshold();
  const decoded = decodeProposalCall(c.deployment, p.target, p.data);
  const sentence = describeCall(decoded, namer(c));
  const done = { approve: "approved", cancel: "cancelled", execute: "executed" }[action];
  printTx(c, receipt, `${done} proposal ${id}: ${sentence}\n${standing(p, threshold, callRequiresNotice(c.deployment, p.target, p.data))}`, proposalJson(p, threshold, undefined, sentence, decoded?.kind));
}

/** Adds `name` under `parent` as a proposal of `kind`: same arguments as `propose <kind>`. */
export function registerProposalCommand(parent: Command, name: string, kind: ProposalKind, description: string, cli: CliOf): Command {
  const k = KIND_COMMANDS[kind];
  return k
    .configure(parent.command(name).description(description))
    .option("--description <text>", "what and why, in words, for the other members (default: what the call does)")
    .action(async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const args = params.slice(0, -2) as string[];
      const o = cmd.opts<Options>();
      const c = cli();
      await submit(c, await k.build(c, args, o), str(o, "description"));
    });
}

/** Proposes the committee-only call `kind` from a command that takes its options already parsed. */
export async function proposeFrom(c: Cli, kind: ProposalKind, args: string[], o: Options): Promise<void> {
  await submit(c, await KIND_COMMANDS[kind].build(c, args, o), str(o, "description"));
}

export function registerCommittee(reg: Command, cli: CliOf): void {
  const propose = reg.command("propose").description("propose a committee-only change; it takes effect once enough members approve it (and, for policy and upgrades, after the notice period)");
  for (const [kind, k] of Object.entries(PROPOSAL_KINDS) as [ProposalKind, (typeof PROPOSAL_KINDS)[ProposalKind]][]) {
    registerProposalCommand(propose, kind, kind, k.summary, cli);
  }

  for (const [action, description] of [
    ["approve", "approve a proposal (it is queued once enough members approved it)"],
    ["cancel", "cancel a proposal during its notice period, or withdraw your own before it is approved"],
    ["execute", "carry out an approved proposal once its notice period is over"],
  ] as const) {
    reg
      .command(action)
      .description(description)
      .argument("<proposal>", "proposal number")
      .action(async (id: string) => proposalCommand(cli(), id, action));
  }

  reg
    .command("proposals")
    .description("the committee's proposals, newest first, with their approvals and state")
    .action(async () => {
      const c = cli();
      const [count, threshold, notice, texts] = await Promise.all([
        c.contracts.committee.read.proposalCount(),
        c.contracts.committee.read.threshold(),
        c.contracts.committee.read.noticePeriod(),
        descriptions(c),
      ]);
      const ids = Array.from({ length: Number(count) }, (_, i) => count - BigInt(i));
      const proposals = await Promise.all(ids.map((id) => readProposal(c.contracts.committee as never, id)));
      const rows = proposals.map((p) => {
        const decoded = decodeProposalCall(c.deployment, p.target, p.data);
        return proposalJson(p, threshold, texts.get(p.id) ?? "", describeCall(decoded, namer(c)), decoded?.kind);
      });
      c.print(rows, () =>
        [
          fields([
            ["threshold", `${threshold} approvals`],
            ["notice period", formatDuration(notice)],
          ]),
          rows.length === 0
            ? "no proposals"
            : table(
                ["#", "state", "approvals", "until", "what"],
                rows.map((r) => [String(r.id), r.state, `${r.approvals}/${r.threshold}`, formatTimestamp(r.state === "Queued" ? r.eta! : r.deadline).slice(0, 16), `${r.sentence}${r.description && r.description !== r.sentence ? ` — ${r.description}` : ""}`]),
              ),
        ].join("\n"),
      );
    });
}
