import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Puts each finding of the contract review back into a copy of the code, one at a time, and runs the
 * model-based test (test/LoanBook.model.test.ts) against it: the randomized test earns its keep only if it
 * fails on every one of them by itself. A mutant whose rule lives in both the contract and its TypeScript
 * mirror (the schedule math) is put into both, so that only the invariants, not a disagreement with the
 * mirror, can catch it.
 *
 *   npx ts-node --transpile-only scripts/model-mutants.ts [name ...]
 *
 * SMEFIN_PROPERTY_RUNS (default 500) and SMEFIN_PROPERTY_SEED go to the model test. Prints a table and exits 1
 * when a mutant survives.
 */

interface Edit {
  file: string;
  from: string;
  to: string;
}
interface Mutant {
  name: string;
  finding: string;
  edits: Edit[];
}

const LOANBOOK = "contracts/LoanBook.sol";
const SCHEDULE_SOL = "contracts/libraries/ScheduleLib.sol";
const SCHEDULE_TS = "lib/schedule.ts";
const REGISTRY = "contracts/ParticipantRegistry.sol";
const COMMITTEE = "contracts/governance/SupervisoryCommittee.sol";

export const MUTANTS: Mutant[] = [
  {
    name: "fee-paid-at-disbursement",
    finding: "1: the fee is transferred to the operator inside disburse, which fails once the operator is not active",
    edits: [
      { file: LOANBOOK, from: "        $.feesOf[loan.operator] += fee;\n        $.totalHeld -= principal - fee;", to: "        $.totalHeld -= principal;" },
      { file: LOANBOOK, from: "        token.safeTransfer(msg.sender, principal - fee);\n", to: "        token.safeTransfer(msg.sender, principal - fee);\n        token.safeTransfer(loan.operator, fee);\n" },
    ],
  },
  {
    name: "payoff-as-instalments-plus-balance",
    finding: "2: the equal-instalment payoff is k rounded-up instalments plus the rounded balance, which can go down",
    edits: [
      {
        file: SCHEDULE_SOL,
        from: "        return Math.mulDiv(principal, k * rWad * f + (f - fk) * WAD, (f - WAD) * WAD, Math.Rounding.Ceil);",
        to: [
          "        uint256 a = instalmentUp(principal, rWad, n);",
          "        uint256 grown = Math.mulDiv(principal, fk, WAD, Math.Rounding.Ceil);",
          "        uint256 paidDown = Math.mulDiv(a, fk - WAD, rWad);",
          "        return k * a + (grown > paidDown ? grown - paidDown : 0) + (f - f);",
        ].join("\n"),
      },
      {
        file: SCHEDULE_TS,
        from: "  return mulDivUp(p, u256(u256(u256(i * r) * f) + u256(u256(f - fk) * WAD)), u256(u256(f - WAD) * WAD));",
        to: [
          "  const a = instalmentUp(principal, rWad, n);",
          "  const grown = mulDivUp(p, fk, WAD);",
          "  const paidDown = (a * (fk - WAD)) / r;",
          "  return u256(i * a + (grown > paidDown ? grown - paidDown : 0n) + (f - f));",
        ].join("\n"),
      },
    ],
  },
  {
    name: "bond-without-request",
    finding: "3: any guarantee agency may post a bond on any demand and squat its guarantor slot",
    edits: [{ file: LOANBOOK, from: "        if ($.serviceRequests[id][msg.sender] & (uint8(1) << uint8(AttestationKind.Guarantee)) == 0) {", to: "        if (false) {" }],
  },
  {
    name: "token-ignores-pause",
    finding: "4: the global pause does not stop token transfers",
    edits: [{ file: "contracts/DepositToken.sol", from: "        if (paused && to != address(0) && !pulledByPlatform) revert DepositTokenPaused();", to: "" }],
  },
  {
    name: "inactive-payer-repays",
    finding: "5: a suspended account moves its funds out by repaying someone else's loan",
    edits: [{ file: LOANBOOK, from: "        if (msg.sender != loan.enterprise && !registry.isActive(msg.sender)) revert LoanBookPayerNotActive(id, msg.sender);\n", to: "" }],
  },
  {
    name: "no-surplus",
    finding: "6: tokens sent to the LoanBook directly are not accounted for as surplus",
    edits: [{ file: LOANBOOK, from: "        return token.balanceOf(address(this)) - _storage().totalHeld;", to: "        return 0;" }],
  },
  {
    name: "no-cancel-after-drawdown",
    finding: "7: nobody but the enterprise or an operator may cancel a funded loan that was never drawn",
    edits: [{ file: LOANBOOK, from: "                && (state != LoanState.Funded || block.timestamp < loan.drawdownDeadline)\n", to: "" }],
  },
  {
    name: "no-drawdown-deadline",
    finding: "7: the enterprise may draw a funded loan however late",
    edits: [{ file: LOANBOOK, from: "        if (block.timestamp >= loan.drawdownDeadline) revert LoanBookDrawdownExpired(id, loan.drawdownDeadline);\n", to: "" }],
  },
  {
    name: "order-above-remaining-fails",
    finding: "8: an order for more than what remains fails instead of filling what remains",
    edits: [{ file: LOANBOOK, from: "        if (amount > remaining) {\n            amount = remaining;", to: "        if (amount > remaining) {\n            revert LoanBookInvalidAmount(amount, remaining);" }],
  },
  {
    name: "no-minimum-contribution",
    finding: "8: a 1-unit contribution is accepted (and then blocks unlisting)",
    edits: [{ file: LOANBOOK, from: "            if (amount < minimum) revert LoanBookBelowMinContribution(id, amount, minimum);\n", to: "" }],
  },
  {
    name: "interest-rounded-each-period",
    finding: "8: interest-first loans round interest up each period, above the rate cap on small loans",
    edits: [
      { file: SCHEDULE_SOL, from: "            uint256 interest = Math.mulDiv(principal * rWad, k, WAD, Math.Rounding.Ceil);", to: "            uint256 interest = k * Math.mulDiv(principal, rWad, WAD, Math.Rounding.Ceil);" },
      { file: SCHEDULE_TS, from: "    const interest = mulDivUp(u256(p * r), i, WAD);", to: "    const interest = u256(i * mulDivUp(p, r, WAD));" },
    ],
  },
  {
    name: "member-removal-ignores-threshold",
    finding: "8: the committee suspends or revokes members below its threshold, and can then never decide again",
    edits: [{ file: REGISTRY, from: "        if (remaining < threshold) revert RegistryBelowThreshold(remaining, threshold);\n", to: "" }],
  },
  {
    name: "lapsed-member-cannot-renew",
    finding: "8: once the members' admissions lapse, nobody can renew anyone through the committee again",
    edits: [{ file: COMMITTEE, from: "        if (target != address(reg) || data.length < 36 || bytes4(data) != IParticipantRegistry.renew.selector) {", to: "        if (true) {" }],
  },
];

const root = path.resolve(__dirname, "..");

/** A copy of the tracked files with node_modules linked, so compiling a mutant never touches the checkout. */
function copyOfCheckout(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "smefin-mutant-"));
  const files = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
  for (const f of files) {
    if (f.startsWith("app/") || f.startsWith("docs/")) continue;
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(root, f), path.join(dir, f));
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

function apply(dir: string, edit: Edit): void {
  const file = path.join(dir, edit.file);
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(edit.from);
  if (at < 0 || text.indexOf(edit.from, at + 1) >= 0) throw new Error(`${edit.file}: the text to mutate must stand exactly once:\n${edit.from}`);
  writeFileSync(file, text.slice(0, at) + edit.to + text.slice(at + edit.from.length));
}

/** The first line of the model test's failure that names what went wrong. */
function reason(output: string): string {
  const lines = output.split("\n").map((l) => l.trim());
  const line =
    lines.find((l) => l.startsWith("Caused by: ")) ??
    lines.find((l) => l.startsWith("AssertionError:")) ??
    lines.find((l) => /Error:|expected/.test(l) && !l.startsWith("at "));
  return (line ?? "failed").replace(/^Caused by: /, "").replace(/\|/g, "/").slice(0, 200);
}

if (require.main === module) {
  const wanted = process.argv.slice(2);
  const mutants = wanted.length ? MUTANTS.filter((m) => wanted.includes(m.name)) : MUTANTS;
  const runs = process.env.SMEFIN_PROPERTY_RUNS ?? "500";
  const rows: string[] = [];
  let survivors = 0;
  for (const mutant of mutants) {
    const dir = copyOfCheckout();
    try {
      for (const edit of mutant.edits) apply(dir, edit);
      const started = Date.now();
      const run = spawnSync(path.join(root, "node_modules/.bin/hardhat"), ["test", "test/LoanBook.model.test.ts"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, SMEFIN_PROPERTY_RUNS: runs, SMEFIN_PROPERTY_END_ON_FAILURE: "1" },
        maxBuffer: 64 * 1024 * 1024,
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const output = `${run.stdout}\n${run.stderr}`;
      const compiled = !/HH600|Compilation failed|DeclarationError|TypeError: /.test(output);
      const killed = run.status !== 0 && compiled;
      if (!compiled) throw new Error(`${mutant.name} does not compile:\n${output.slice(-3000)}`);
      if (!killed) survivors++;
      const runsTo = output.match(/after (\d+) tests?/)?.[1];
      rows.push(`| ${mutant.name} | ${mutant.finding} | ${killed ? `caught${runsTo ? ` (sequence ${runsTo})` : ""}` : "**survived**"} | ${seconds} s | ${killed ? reason(output) : ""} |`);
      console.log(rows[rows.length - 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\nModel test against ${mutants.length} mutants, SMEFIN_PROPERTY_RUNS=${runs}\n`);
  console.log("| mutant | finding | result | time | first failure |\n| --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
  if (survivors > 0) {
    console.error(`\n${survivors} mutant(s) survived the model test`);
    process.exit(1);
  }
}
