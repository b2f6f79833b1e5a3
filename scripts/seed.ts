/**
 * The demo seed of the local chain: participants of every role, operating disclosures over several months and
 * loans in every lifecycle state, built by playing the real financing flow with time travel between months.
 * Runs once per chain: a chain that already has the operator admitted is left as it is.
 */
import { ethers, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import { requireDeployment } from "../lib/deployments";
import { encodeFunctionData, type Address, type Hex } from "viem";
import type { ContractCall } from "../lib/actions/call";
import { preparePostBond } from "../lib/actions/bond";
import { prepareFund } from "../lib/actions/fund";
import { prepareRepay } from "../lib/actions/repay";
import type { PreparedTokenPull } from "../lib/actions/tokenPull";
import { prepareAttestation, signAttestation } from "../lib/actions/attestation";
import { attestBySignatureArgs } from "../lib/typedData";
import { hardhatPublicClient, hardhatSigner } from "./lib/viemOnHardhat";
import { DEV_ACCOUNTS, devAccount, devAccountByAddress } from "../lib/devAccounts";
import { LOCAL_CHAIN_ID } from "../lib/chain";
import { AttestationKind, BusinessScale, LoanState, RepaymentMethod, Role, kindBit, nameOf, ratingCode, type Rating } from "../lib/enums";
import { accountSubject, loanSubject } from "../lib/attestations";
import type { AttestationRegistry, DepositToken, LoanBook, ParticipantRegistry, SupervisoryCommittee } from "../typechain-types";

const DAY = 24 * 3600;
const MONTH = 30 * DAY;
const units = (n: number) => ethers.parseUnits(String(n), 6);

interface Ctx {
  registry: ParticipantRegistry;
  attestations: AttestationRegistry;
  token: DepositToken;
  loanBook: LoanBook;
  committee: SupervisoryCommittee;
  as: (name: string) => HardhatEthersSigner;
  identityUids: Map<string, string>;
  log: (line: string) => void;
}

interface DemandSpec {
  enterprise: string;
  amount: number;
  minRaise: number;
  rateBps: number;
  method: number;
  instalments: number;
  fundingDays?: number;
  purpose: string;
  rating: Rating;
  /** Further agency services (beyond identity and credit rating) attested before listing. */
  services?: ("guarantor" | "insurer" | "valuer" | "auditor")[];
  bond?: number;
}

const ENTERPRISE_SCALES: Record<string, number> = {
  enterprise1: BusinessScale.Micro,
  enterprise2: BusinessScale.Small,
  enterprise3: BusinessScale.Micro,
  enterprise4: BusinessScale.Medium,
  enterprise5: BusinessScale.Small,
  enterprise6: BusinessScale.Small,
};
const INDUSTRIES: Record<string, string> = {
  enterprise1: "agriculture (tea)",
  enterprise2: "precision manufacturing",
  enterprise3: "food services",
  enterprise4: "textiles",
  enterprise5: "logistics",
  enterprise6: "medical devices (biosensors)",
};
/** Suitability levels of investor1..investor12: retail savers to an angel fund. */
const SUITABILITY = [1, 2, 3, 4, 5, 2, 3, 4, 5, 3, 5, 4];
const SERVICE_KIND: Record<string, AttestationKind> = {
  guarantor: AttestationKind.Guarantee,
  insurer: AttestationKind.Insurance,
  valuer: AttestationKind.IPValuation,
  auditor: AttestationKind.Audit,
};
/** Monthly revenue base of each enterprise, in tokens. */
const REVENUE: Record<string, number> = {
  enterprise1: 42_000,
  enterprise2: 310_000,
  enterprise3: 65_000,
  enterprise4: 880_000,
  enterprise5: 240_000,
  enterprise6: 150_000,
};

async function send(tx: Promise<ContractTransactionResponse>) {
  return (await (await tx).wait())!;
}

async function admitEveryone(c: Ctx) {
  const expiry = BigInt((await time.latest()) + 2 * 365 * DAY);
  const cred = (name: string) => ethers.id(`credential dossier of ${devAccount(name).label}`);
  const regulator = c.registry.connect(c.as("regulator"));
  const agencyKinds: Record<string, number> = {
    identity: kindBit(AttestationKind.Identity),
    rating: kindBit(AttestationKind.CreditRating),
    guarantor: kindBit(AttestationKind.Guarantee),
    insurer: kindBit(AttestationKind.Insurance),
    valuer: kindBit(AttestationKind.IPValuation),
    auditor: kindBit(AttestationKind.Audit),
  };
  for (const account of DEV_ACCOUNTS) {
    if (account.role === "regulator") continue;
    const role = { operator: Role.Operator, custodian: Role.Custodian, agency: Role.Agency, enterprise: Role.Enterprise, investor: Role.Investor }[account.role];
    const kinds = account.role === "agency" ? agencyKinds[account.name] : 0;
    const scale = account.role === "enterprise" ? ENTERPRISE_SCALES[account.name] : BusinessScale.None;
    await send(regulator.admit(c.as(account.name), role, kinds, scale, expiry, cred(account.name)));
  }
  c.log(`admitted ${DEV_ACCOUNTS.length - 1} participants`);

  const operator = c.registry.connect(c.as("operator"));
  for (const [i, level] of SUITABILITY.entries()) await send(operator.setSuitability(c.as(`investor${i + 1}`), level));

  const custodian = c.token.connect(c.as("custodian"));
  const deposit = async (name: string, amount: number) =>
    send(custodian.mint(c.as(name), units(amount), ethers.id(`bank transfer in for ${name}`)));
  for (let i = 1; i <= 12; i++) await deposit(`investor${i}`, i >= 11 ? 2_000_000 : 100_000 + 40_000 * i);
  for (let i = 1; i <= 6; i++) await deposit(`enterprise${i}`, 150_000);
  await deposit("guarantor", 1_000_000);
  c.log("suitability levels set and deposit tokens minted against bank transfers");
}

/** Each enterprise's identity, attested once and reused for every demand. */
async function attestIdentities(c: Ctx) {
  for (let i = 1; i <= 6; i++) {
    const name = `enterprise${i}`;
    const uid = await attest(c, "identity", AttestationKind.Identity, accountSubject(c.as(name).address), 0n, `unified social credit code check of ${devAccount(name).label}`);
    c.identityUids.set(name, uid);
  }
}

/** An agency's attestation: sent by the agency, or signed by it (EIP-712) and relayed by the operator. */
async function attest(c: Ctx, agency: string, kind: AttestationKind, subject: Hex, value: bigint, report: string, relayed = false): Promise<string> {
  const request = await prepareAttestation(hardhatPublicClient(), { kind, about: { subject }, value, dataHash: ethers.id(report) as Hex });
  let tx: Promise<ContractTransactionResponse>;
  if (relayed) {
    const { input, signature } = await signAttestation(hardhatPublicClient(), { signer: hardhatSigner(c.as(agency).address), registry: (await c.attestations.getAddress()) as Address, request, validFor: DAY });
    tx = c.attestations.connect(c.as("operator")).attestBySignature(...attestBySignatureArgs(input, signature));
  } else {
    tx = c.attestations.connect(c.as(agency)).attest(request);
  }
  const receipt = await send(tx);
  for (const log of receipt.logs) {
    const parsed = c.attestations.interface.parseLog(log);
    if (parsed?.name === "Attested") return parsed.args.uid as string;
  }
  throw new Error("no Attested event");
}

/** A call that pulls tokens from `name` (lib/actions), checked first: its approval when needed, then the call. */
async function sendTokenPull(c: Ctx, name: string, prepare: (at: { account: Address; loanBook: Address; token: Address }) => Promise<PreparedTokenPull<ContractCall>>) {
  const from = c.as(name);
  const at = { account: from.address as Address, loanBook: (await c.loanBook.getAddress()) as Address, token: (await c.token.getAddress()) as Address };
  const { approval, call } = await prepare(at);
  if (approval) await send(c.token.connect(from).approve(...approval.args));
  await (await from.sendTransaction({ to: call.address, data: encodeFunctionData(call) })).wait();
}

async function disclose(c: Ctx, month: number) {
  const date = new Date((await time.latest()) * 1000);
  const period = date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
  for (let i = 1; i <= 6; i++) {
    const name = `enterprise${i}`;
    // A seasonal wave and slow growth, different for each enterprise.
    const revenue = Math.round(REVENUE[name] * (1 + 0.03 * month) * (1 + 0.12 * Math.sin((month + i) / 2)));
    await send(c.attestations.connect(c.as(name)).disclose(period, units(revenue), ethers.id(`management accounts ${name} ${period}`)));
  }
}

async function publish(c: Ctx, spec: DemandSpec): Promise<bigint> {
  const metadata = {
    purpose: spec.purpose,
    industry: INDUSTRIES[spec.enterprise],
    businessScale: nameOf(BusinessScale, ENTERPRISE_SCALES[spec.enterprise]),
    documents: ["business licence", "financial statements", "purchase orders"],
  };
  const id = (await c.loanBook.loanCount()) + 1n;
  await send(
    c.loanBook.connect(c.as(spec.enterprise)).publish(
      {
        amount: units(spec.amount),
        minRaise: units(spec.minRaise),
        rateBps: spec.rateBps,
        method: spec.method,
        instalments: spec.instalments,
        periodLength: MONTH,
        fundingPeriod: (spec.fundingDays ?? 14) * DAY,
      },
      ethers.id(JSON.stringify(metadata)),
      spec.purpose,
    ),
  );
  return id;
}

/** Review, service requests and the agencies' attestations; returns the uids to present at listing. */
async function review(c: Ctx, id: bigint, spec: DemandSpec): Promise<string[]> {
  const operator = c.loanBook.connect(c.as("operator"));
  await send(operator.openReview(id));
  await send(operator.requestService(id, c.as("identity"), kindBit(AttestationKind.Identity)));
  await send(operator.requestService(id, c.as("rating"), kindBit(AttestationKind.CreditRating)));
  for (const agency of spec.services ?? []) await send(operator.requestService(id, c.as(agency), kindBit(SERVICE_KIND[agency])));
  const uids = [c.identityUids.get(spec.enterprise)!];
  uids.push(await attest(c, "rating", AttestationKind.CreditRating, loanSubject(id), BigInt(ratingCode(spec.rating)), `rating report ${spec.rating} for demand ${id}`));
  for (const agency of spec.services ?? []) {
    const value = agency === "guarantor" ? units(spec.bond ?? 0) : agency === "valuer" ? units(spec.amount * 2) : 0n;
    // Insurers and valuers sign their reports off the platform; the operator relays them.
    const relayed = agency === "insurer" || agency === "valuer";
    uids.push(await attest(c, agency, SERVICE_KIND[agency], loanSubject(id), value, `${agency} report for demand ${id}`, relayed));
  }
  if (spec.bond) {
    await sendTokenPull(c, "guarantor", (at) => preparePostBond(hardhatPublicClient(), { ...at, loanId: id, amount: units(spec.bond!) }));
  }
  return uids;
}

async function list(c: Ctx, spec: DemandSpec): Promise<bigint> {
  const id = await publish(c, spec);
  const uids = await review(c, id, spec);
  await send(c.loanBook.connect(c.as("operator")).list(id, 100, uids));
  return id;
}

async function fund(c: Ctx, id: bigint, contributions: [string, number][]) {
  for (const [name, amount] of contributions) {
    await sendTokenPull(c, name, (at) => prepareFund(hardhatPublicClient(), { ...at, loanId: id, amount: units(amount) }));
  }
}

async function disburse(c: Ctx, id: bigint) {
  const loan = await c.loanBook.getLoan(id);
  const enterprise = devAccountByAddress(loan.enterprise)!.name;
  await send(c.loanBook.connect(c.as(enterprise)).disburse(id));
}

/** The enterprise pays what is due on its next instalment. */
async function payInstalment(c: Ctx, id: bigint, enterprise: string) {
  const [, , amount] = await c.loanBook.nextInstalment(id);
  if (amount === 0n) return;
  await sendTokenPull(c, enterprise, (at) => prepareRepay(hardhatPublicClient(), { ...at, loanId: id, amount }));
}

async function claimAll(c: Ctx, id: bigint, investors: string[]) {
  for (const name of investors) {
    if ((await c.loanBook.claimable(id, c.as(name))) > 0n) await send(c.loanBook.connect(c.as(name)).claim(id));
  }
}

export async function seed(log: (line: string) => void = console.log): Promise<boolean> {
  const { chainId } = await ethers.provider.getNetwork();
  if (Number(chainId) !== LOCAL_CHAIN_ID) throw new Error(`the demo seed is for the local chain (${LOCAL_CHAIN_ID}) only, not chain ${chainId}`);
  const deployment = requireDeployment(network.name);
  const signers = await ethers.getSigners();
  const c: Ctx = {
    registry: await ethers.getContractAt("ParticipantRegistry", deployment.contracts.ParticipantRegistry.address),
    attestations: await ethers.getContractAt("AttestationRegistry", deployment.contracts.AttestationRegistry.address),
    token: await ethers.getContractAt("DepositToken", deployment.contracts.DepositToken.address),
    loanBook: await ethers.getContractAt("LoanBook", deployment.contracts.LoanBook.address),
    committee: await ethers.getContractAt("SupervisoryCommittee", deployment.contracts.SupervisoryCommittee.address),
    as: (name) => signers[devAccount(name).index],
    identityUids: new Map(),
    log,
  };
  if ((await c.registry.participant(c.as("operator"))).role === BigInt(Role.Operator)) {
    log("already seeded; nothing changed");
    return false;
  }

  await admitEveryone(c);
  await attestIdentities(c);
  await disclose(c, 0);

  // Loans that need months of history start first.
  const repaid = await list(c, { enterprise: "enterprise1", amount: 60_000, minRaise: 40_000, rateBps: 720, method: RepaymentMethod.InterestFirst, instalments: 3, purpose: "Spring harvest: picking labour and packaging", rating: "A" });
  await fund(c, repaid, [["investor3", 20_000], ["investor4", 25_000], ["investor5", 15_000]]);
  const defaulted = await list(c, { enterprise: "enterprise3", amount: 80_000, minRaise: 60_000, rateBps: 1100, method: RepaymentMethod.EqualInstalment, instalments: 6, purpose: "Second central kitchen fit-out", rating: "BB", services: ["guarantor"], bond: 50_000 });
  await fund(c, defaulted, [["investor5", 30_000], ["investor9", 30_000], ["investor11", 20_000]]);
  const late = await list(c, { enterprise: "enterprise5", amount: 150_000, minRaise: 100_000, rateBps: 900, method: RepaymentMethod.EqualPrincipal, instalments: 12, purpose: "Two refrigerated trucks for the port shuttle", rating: "BBB", services: ["insurer"] });
  await fund(c, late, [["investor4", 50_000], ["investor8", 50_000], ["investor12", 50_000]]);
  const active1 = await list(c, { enterprise: "enterprise2", amount: 200_000, minRaise: 150_000, rateBps: 650, method: RepaymentMethod.InterestFirst, instalments: 12, purpose: "CNC machining centre for an automotive supplier contract", rating: "A", services: ["auditor"] });
  await fund(c, active1, [["investor2", 20_000], ["investor3", 40_000], ["investor7", 40_000], ["investor11", 100_000]]);
  const active2 = await list(c, { enterprise: "enterprise6", amount: 300_000, minRaise: 200_000, rateBps: 800, method: RepaymentMethod.EqualInstalment, instalments: 24, purpose: "Clinical validation batch of glucose biosensors", rating: "AA", services: ["valuer", "insurer"] });
  await fund(c, active2, [["investor1", 30_000], ["investor6", 50_000], ["investor10", 70_000], ["investor12", 150_000]]);
  for (const id of [repaid, defaulted, late, active1, active2]) await disburse(c, id);
  log("five loans disbursed: months of repayments follow");

  // Five months go by: instalments paid (or not), disclosures filed, claims made.
  for (let month = 1; month <= 5; month++) {
    await time.increase(MONTH - DAY);
    if (month <= 3) await payInstalment(c, repaid, "enterprise1");
    if (month === 1) await payInstalment(c, defaulted, "enterprise3");
    if (month <= 3) await payInstalment(c, late, "enterprise5");
    await payInstalment(c, active1, "enterprise2");
    await payInstalment(c, active2, "enterprise6");
    await time.increase(DAY);
    await disclose(c, month);
    if (month % 2 === 1) await claimAll(c, active1, ["investor3", "investor11"]);
  }
  await claimAll(c, repaid, ["investor3", "investor4", "investor5"]);

  // The committee raises the enterprise cap: proposed, approved by a second member, executed after the notice.
  const raiseCap = await proposePolicy(c, "regulator", "regulator2", { enterpriseCap: units(1_500_000) }, "Raise the enterprise cap to 1.5 million: medium enterprises' working-capital needs outgrew the first cap");
  await time.increase(10 * DAY);
  await send(c.committee.connect(c.as("regulator3")).execute(raiseCap));
  log(`committee proposal ${raiseCap} executed: enterprise cap raised after the notice period`);
  await send(c.loanBook.connect(c.as("operator")).markLate(late));
  await send(c.loanBook.connect(c.as("operator")).declareDefault(defaulted));
  // A first recovery from the defaulted enterprise goes to the guarantor, which paid the investors.
  await sendTokenPull(c, "enterprise3", (at) => prepareRepay(hardhatPublicClient(), { ...at, loanId: defaulted, amount: units(5_000) }));
  await send(c.loanBook.connect(c.as("guarantor")).claimRecovery(defaulted));
  await claimAll(c, defaulted, ["investor5", "investor9"]);
  await claimAll(c, active2, ["investor12"]);
  log("a late loan, a default compensated by the guarantor and a first recovery");

  // Raises of the present day.
  const failed = await list(c, { enterprise: "enterprise4", amount: 400_000, minRaise: 300_000, rateBps: 700, method: RepaymentMethod.EqualPrincipal, instalments: 18, fundingDays: 2, purpose: "Dye-house water recycling plant", rating: "BBB" });
  await fund(c, failed, [["investor4", 50_000], ["investor12", 100_000]]);
  const cancelled = await list(c, { enterprise: "enterprise2", amount: 120_000, minRaise: 80_000, rateBps: 680, method: RepaymentMethod.EqualInstalment, instalments: 12, purpose: "Export order pre-financing (order withdrawn)", rating: "A" });
  await fund(c, cancelled, [["investor7", 30_000]]);
  await send(c.loanBook.connect(c.as("enterprise2")).cancel(cancelled, ethers.id("buyer withdrew the export order")));
  await send(c.loanBook.connect(c.as("investor7")).refund(cancelled));
  await time.increase(3 * DAY);
  await send(c.loanBook.connect(c.as("operator")).closeFunding(failed));
  await send(c.loanBook.connect(c.as("investor4")).refund(failed));

  const funded = await list(c, { enterprise: "enterprise4", amount: 250_000, minRaise: 200_000, rateBps: 750, method: RepaymentMethod.EqualInstalment, instalments: 12, purpose: "Organic cotton yarn stock for the autumn season", rating: "A", services: ["auditor"] });
  await fund(c, funded, [["investor11", 150_000], ["investor12", 100_000]]);
  const open1 = await list(c, { enterprise: "enterprise1", amount: 50_000, minRaise: 30_000, rateBps: 780, method: RepaymentMethod.EqualPrincipal, instalments: 6, fundingDays: 21, purpose: "Tea-drying equipment upgrade", rating: "A" });
  await fund(c, open1, [["investor2", 10_000], ["investor3", 8_000]]);
  const open2 = await list(c, { enterprise: "enterprise6", amount: 180_000, minRaise: 120_000, rateBps: 950, method: RepaymentMethod.InterestFirst, instalments: 9, fundingDays: 30, purpose: "Patent family extension and a pilot production line", rating: "BBB", services: ["valuer", "guarantor"], bond: 60_000 });
  await fund(c, open2, [["investor9", 40_000]]);
  const open3 = await list(c, { enterprise: "enterprise3", amount: 30_000, minRaise: 20_000, rateBps: 1150, method: RepaymentMethod.EqualInstalment, instalments: 6, fundingDays: 30, purpose: "Delivery e-bikes for the cloud kitchen", rating: "B" });

  const inReview = await publish(c, { enterprise: "enterprise5", amount: 90_000, minRaise: 60_000, rateBps: 850, method: RepaymentMethod.EqualInstalment, instalments: 12, purpose: "Warehouse racking and scanners", rating: "BBB" });
  await send(c.loanBook.connect(c.as("operator")).openReview(inReview));
  await send(c.loanBook.connect(c.as("operator")).requestService(inReview, c.as("rating"), kindBit(AttestationKind.CreditRating)));
  await send(c.loanBook.connect(c.as("operator")).requestService(inReview, c.as("auditor"), kindBit(AttestationKind.Audit)));
  const published = await publish(c, { enterprise: "enterprise6", amount: 120_000, minRaise: 80_000, rateBps: 880, method: RepaymentMethod.EqualPrincipal, instalments: 12, purpose: "CE certification of the biosensor reader", rating: "A" });

  // The regulator's hand: a supervision notice and a freeze on the late loan while it is examined.
  await publishNotice(c, late, 2n, `Loan ${late} is overdue on several instalments. The enterprise is asked to submit a repayment plan to the bureau within 15 days; investors are informed that the loan is under examination.`);
  await send(c.loanBook.connect(c.as("regulator")).freeze(late, "Examination of the logistics loan after missed instalments: no payout to investors until the bureau has reviewed the enterprise's repayment plan. Repayments are still accepted."));

  // A policy change the committee approved, waiting its notice period: every participant sees it coming.
  const lprCut = await proposePolicy(c, "regulator2", "regulator3", { lprBps: 285n, rateCapBps: 1140n }, "Follow the central bank: loan prime rate down to 2.85 %, and the rate cap with it to 11.40 % (4 x LPR)");
  log(`committee proposal ${lprCut} approved, in force after the notice period`);

  const ids = { repaid, defaulted, late, active1, active2, failed, cancelled, funded, open1, open2, open3, inReview, published };
  for (const [label, id] of Object.entries(ids)) {
    const loan = await c.loanBook.getLoan(id);
    log(`  loan ${String(id).padStart(2)} ${nameOf(LoanState, loan.state).padEnd(12)}${loan.frozen ? " (frozen)" : ""} ${label}`);
  }
  return true;
}

/**
 * A policy change through the committee: `proposer` proposes the current policy with `change` applied, `approver`
 * approves it (the threshold of the local chain is two), which queues it for the notice period. Returns its id.
 */
async function proposePolicy(c: Ctx, proposer: string, approver: string, change: { enterpriseCap?: bigint; lprBps?: bigint; rateCapBps?: bigint }, description: string): Promise<bigint> {
  const p = await c.registry.policy();
  const policy = {
    lprBps: change.lprBps ?? p.lprBps,
    rateCapBps: change.rateCapBps ?? p.rateCapBps,
    feeCapBps: p.feeCapBps,
    requiredKinds: p.requiredKinds,
    gracePeriod: p.gracePeriod,
    defaultPeriod: p.defaultPeriod,
    enterpriseCap: change.enterpriseCap ?? p.enterpriseCap,
    drawdownPeriod: p.drawdownPeriod,
    minContribution: p.minContribution,
  };
  const data = c.registry.interface.encodeFunctionData("setPolicy", [policy]);
  await send(c.committee.connect(c.as(proposer)).propose(await c.registry.getAddress(), data, description));
  const id = await c.committee.proposalCount();
  await send(c.committee.connect(c.as(approver)).approve(id));
  return id;
}

/** The regulator publishes supervision notice `text` about loan `id`, in words on the ledger. */
async function publishNotice(c: Ctx, id: bigint, severity: bigint, text: string) {
  await send(c.attestations.connect(c.as("regulator")).publishNotice(loanSubject(id), severity, ethers.ZeroHash, text));
}

if (require.main === module) {
  seed()
    .then((seeded) => seeded && console.log("Seeded the demo."))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
