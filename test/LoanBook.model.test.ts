import fc from "fast-check";
import { takeSnapshot, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import { AttestationKind } from "../lib/enums";
import { DAY } from "./helpers/fixture";
import { cloneModel, type Model } from "./model/platform";
import { buildWorld, type World } from "./model/world";
import { Govern, Attest, Disburse, Fund, OpenReview, Publish, PublishAndList, RequestService, PostBond, List, commandArbs } from "./model/commands";
import { checkLiveness } from "./model/invariants";

/**
 * Model-based test of the whole platform: random sequences of every public action by every role (publishing,
 * review, attestations, guarantees, listing, funding by approval and permit, closing, cancelling, refunds,
 * disbursement, repayments of odd sizes, claims, lateness, default, freezes, the pause, suspensions, revocations
 * and expiries of participants, the supervisory committee's proposals, approvals, cancellations and executions with
 * their notice periods, direct token transfers, time jumps of every size) run against the contracts and
 * against a model of what the rules say must happen (test/model/). Every call must do what the model says (the
 * exact custom error when it must be refused); after every call the chain must agree with the model and the
 * invariants hold (test/model/invariants.ts); at the end of every sequence, every loan must still be able to
 * finish and every token owed must still be able to leave.
 *
 * SMEFIN_PROPERTY_RUNS sets the number of sequences (default 500), SMEFIN_PROPERTY_SEED the seed; a failure
 * prints the seed and the path that replay it (SMEFIN_PROPERTY_SEED=<seed> SMEFIN_PROPERTY_PATH=<path>).
 * scripts/model-mutants.ts puts each finding of the contract review back and checks this test catches it.
 */
const RUNS = Number(process.env.SMEFIN_PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.SMEFIN_PROPERTY_SEED ?? 20_261_128);
const MAX_COMMANDS = Number(process.env.SMEFIN_MODEL_COMMANDS ?? 8);

/**
 * The book every sequence starts from, built through the commands themselves: an equal-instalment loan of 360
 * daily instalments at 0.07 % drawn by enterprise 0, a guaranteed equal-principal loan drawn by enterprise 1, an
 * interest-first loan at 0.01 % still raising funds, a funded loan nobody has drawn yet, and a demand under review
 * whose operator has asked one guarantee agency (and only that one) for a bond. The committee of three (threshold
 * two) has renewed its members' admissions, the first's for a year and the second's for 120 days, so that
 * sequences reach lapsed members who must still renew members together, and has suspended the third pending an
 * inquiry: it sits at its threshold, where any further removal of a member must be refused.
 */
async function startingBook(m: Model, w: World) {
  const steps = [
    new PublishAndList("ent0", { amount: 40_000_123_457n, minRaise: 20_000_000_000n, rateBps: 7, method: 2, instalments: 360, periodLength: DAY, fundingPeriod: 2 * DAY }, null, 0n, 3, 100),
    new Fund(0, "inv0", "part", 30, false),
    new Fund(0, "inv1", "remaining", 0, true),
    new Disburse(0, "enterprise"),
    new Publish("ent1", { amount: 2_000_123_457n, minRaise: 1_600_000_000n, rateBps: 800, method: 1, instalments: 6, periodLength: 2 * DAY, fundingPeriod: 2 * DAY }),
    new OpenReview(1, "op"),
    new RequestService(1, "op", "rater", 0x03),
    new RequestService(1, "op", "g1", 0x04),
    new PostBond(1, "g1", 700_000_000n),
    new Attest(1, "rater", AttestationKind.Identity, 0, true),
    new Attest(1, "rater", AttestationKind.CreditRating, 3, false),
    new List(1, "op", 250),
    new Fund(1, "inv0", "part", 14, false),
    new Fund(1, "inv1", "part", 33, false),
    new Fund(1, "inv2", "remaining", 0, false),
    new Disburse(1, "enterprise"),
    new PublishAndList("ent1", { amount: 5_000_000_001n, minRaise: 2_500_000_000n, rateBps: 1, method: 0, instalments: 12, periodLength: DAY, fundingPeriod: 3 * DAY }, null, 0n, 1, 0),
    new Fund(2, "inv0", "part", 10, false),
    new PublishAndList("ent0", { amount: 300_000_000_000n, minRaise: 300_000_000_000n, rateBps: 300, method: 2, instalments: 24, periodLength: 3 * DAY, fundingPeriod: DAY }, null, 0n, 3, 300),
    new Fund(3, "inv1", "remaining", 0, false),
    new Publish("ent1", { amount: 3_000_000_000n, minRaise: 1_500_000_000n, rateBps: 450, method: 1, instalments: 12, periodLength: 30 * DAY, fundingPeriod: 7 * DAY }),
    new OpenReview(4, "op"),
    new RequestService(4, "op", "g1", 0x04),
    // Regulators serve a mandate of a year, as a real platform's would: long sequences outlive it.
    new Govern({ kind: "renew", target: "reg", days: 365 }, "reg", "reg2"),
    new Govern({ kind: "renew", target: "reg2", days: 120 }, "reg", "reg3"),
    new Govern({ kind: "suspend", target: "reg3" }, "reg2", "reg"),
  ];
  for (const step of steps) await step.run(m, w);
}

describe("LoanBook: model-based test of the whole platform", function () {
  let world: World;
  let start: Model;
  let snapshot: SnapshotRestorer;

  before(async function () {
    const built = await buildWorld();
    world = built.world;
    start = built.model;
    await startingBook(start, world);
    snapshot = await takeSnapshot();
  });

  it(`every call does what the rules say and every loan can still finish, over ${RUNS} random sequences (seed ${SEED})`, async function () {
    this.timeout(0);
    const property = fc.asyncProperty(fc.commands(commandArbs(), { maxCommands: MAX_COMMANDS }), async (commands) => {
      await snapshot.restore();
      const model = cloneModel(start);
      await fc.asyncModelRun(() => ({ model, real: world }), commands);
      await checkLiveness(world, model);
    });
    const path = process.env.SMEFIN_PROPERTY_PATH;
    // SMEFIN_PROPERTY_END_ON_FAILURE=1 reports the first failing sequence as it is, without shrinking it.
    const endOnFailure = process.env.SMEFIN_PROPERTY_END_ON_FAILURE === "1";
    await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure, ...(path ? { path } : {}) });
  });
});
