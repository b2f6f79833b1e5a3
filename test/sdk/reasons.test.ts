import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { zeroHash, type Address, type Hex } from "viem";
import { deployFixture, listedLoan, type Fixture } from "../helpers/fixture";
import { loanSubject } from "../../lib/attestations";
import { checkOnLedger, readReasons, reasonHash, type ReasonContracts } from "../../lib/reasons";
import { publicClient } from "./helpers/viem";

/**
 * lib/reasons.ts on the Hardhat network: the words of a freeze, a suspension and a notice, wherever they were read,
 * checked against the transaction that recorded them (one receipt, no log scan), and the command line's full read.
 */
describe("lib/reasons against the ledger", function () {
  const FREEZE = "Examination of the supplier contract.";
  const SUSPENSION = "KYC file under review.";
  const NOTICE = "Loan under examination: no new funding until the contract is verified.";

  async function recorded() {
    const f: Fixture = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    const freeze = await (await f.loanBook.connect(f.regulator).freeze(id, FREEZE)).wait();
    const suspension = await (await f.registry.connect(f.regulator).suspend(f.enterprise2.address, SUSPENSION)).wait();
    const notice = await (await f.attestations.connect(f.regulator).publishNotice(loanSubject(id), 2n, zeroHash, NOTICE)).wait();
    const uid = notice!.logs.map((l) => f.attestations.interface.parseLog(l)).find((l) => l?.name === "NoticePublished")!.args.uid as Hex;
    const contracts: ReasonContracts = {
      registry: (await f.registry.getAddress()) as Address,
      attestations: (await f.attestations.getAddress()) as Address,
      loanBook: (await f.loanBook.getAddress()) as Address,
    };
    return { f, id, uid, contracts, tx: { freeze: freeze!.hash as Hex, suspension: suspension!.hash as Hex, notice: notice!.hash as Hex } };
  }

  it("finds the hash each transaction recorded and says whether the words are the ones hashed", async function () {
    const { f, id, uid, contracts, tx } = await loadFixture(recorded);
    const client = publicClient();
    expect(await checkOnLedger(client, contracts, { action: "loan frozen", text: FREEZE, txHash: tx.freeze, loanId: id })).to.include({ recordedHash: reasonHash(FREEZE), matches: true });
    expect(await checkOnLedger(client, contracts, { action: "participant suspended", text: SUSPENSION, txHash: tx.suspension, account: f.enterprise2.address as Address })).to.include({ recordedHash: reasonHash(SUSPENSION), matches: true });
    // A notice's hash is its attestation's dataHash.
    expect(await checkOnLedger(client, contracts, { action: "supervision notice", text: NOTICE, txHash: tx.notice, uid })).to.include({ recordedHash: reasonHash(NOTICE), matches: true });
    // Other words than those recorded: the hash is found, and it is not theirs.
    expect(await checkOnLedger(client, contracts, { action: "loan frozen", text: `${FREEZE} `, txHash: tx.freeze, loanId: id })).to.include({ recordedHash: reasonHash(FREEZE), matches: false });
  });

  it("finds nothing for another loan, another account, another kind of reason or another contract's logs", async function () {
    const { f, id, contracts, tx } = await loadFixture(recorded);
    const client = publicClient();
    const none = { recordedHash: undefined, matches: false };
    expect(await checkOnLedger(client, contracts, { action: "loan frozen", text: FREEZE, txHash: tx.freeze, loanId: id + 1n })).to.include(none);
    expect(await checkOnLedger(client, contracts, { action: "participant suspended", text: SUSPENSION, txHash: tx.suspension, account: f.enterprise.address as Address })).to.include(none);
    expect(await checkOnLedger(client, contracts, { action: "participant revoked", text: SUSPENSION, txHash: tx.suspension, account: f.enterprise2.address as Address })).to.include(none);
    expect(await checkOnLedger(client, contracts, { action: "supervision notice", text: NOTICE, txHash: tx.notice, uid: zeroHash })).to.include(none);
    // The same event from an address that is not the deployment's LoanBook is not the ledger's record.
    expect(await checkOnLedger(client, { ...contracts, loanBook: contracts.registry }, { action: "loan frozen", text: FREEZE, txHash: tx.freeze, loanId: id })).to.include(none);
  });

  it("reads every reason and notice from the chain for the command line, oldest first, each checked", async function () {
    const { f, id, uid, contracts } = await loadFixture(recorded);
    const all = await readReasons(publicClient(), { ...contracts, fromBlock: 0n });
    expect(all.map((r) => [r.action, r.text, r.matches])).to.deep.equal([
      ["loan frozen", FREEZE, true],
      ["participant suspended", SUSPENSION, true],
      ["supervision notice", NOTICE, true],
    ]);
    expect(all[0]!.loanId).to.equal(id);
    expect(all[1]!.account).to.equal(f.enterprise2.address);
    expect(all[2]).to.include({ uid, subject: loanSubject(id), by: f.regulator.address });
  });
});
