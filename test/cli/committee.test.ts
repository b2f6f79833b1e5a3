import { expect } from "chai";
import { PROPOSAL_KINDS } from "../../lib/governance";
import { deployOn, startLocalNode, type LocalNode } from "../helpers/localNode";
import { smefin, smefinJson } from "../helpers/cli";

/** The supervisory committee on the command line: proposals, approvals, notice and execution on a seeded node. */
const PORT = 8551;
const DAY = 86_400;

describe("smefin regulator: the supervisory committee (subprocesses against a seeded node)", function () {
  this.timeout(300_000);
  let node: LocalNode;

  const as = (account: string, ...args: string[]) => ["--as", account, "regulator", ...args];
  const json = <T = any>(args: string[]) => smefinJson<T>(node, args);
  const proposals = () => json<any[]>(["regulator", "proposals"]);
  const proposal = async (id: number) => (await proposals()).find((p) => Number(p.id) === id);

  async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
    const res = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    return ((await res.json()) as { result: unknown }).result;
  }
  async function increaseTime(seconds: number) {
    await rpc("evm_increaseTime", [seconds]);
    await rpc("evm_mine");
  }

  before(async function () {
    node = await startLocalNode(PORT);
    await deployOn(node, { seed: true });
  });

  after(async function () {
    await node?.stop();
  });

  it("lists the seed's committee history: an executed policy change and one approved, waiting its notice", async function () {
    const list = await proposals();
    expect(list.map((p) => Number(p.id))).to.deep.equal([2, 1]);
    const [pending, executed] = list;
    expect(executed).to.include({ kind: "policy", state: "Executed", approvals: 2, threshold: 2 });
    expect(executed.description).to.match(/enterprise cap/);
    expect(executed.sentence).to.match(/^set the policy: .*enterprise cap 1500000 sDEP/);
    expect(pending).to.include({ kind: "policy", state: "Queued", approvals: 2 });
    expect(pending.eta - pending.queuedAt).to.equal(3 * DAY);
    for (const p of list) expect(p).to.include.keys("id", "kind", "description", "sentence", "state", "approvals", "approvers", "threshold", "eta", "deadline");

    const human = await smefin(node, ["regulator", "proposals"]);
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/threshold\s+2 approvals/);
    expect(human.stdout).to.match(/notice period\s+3 days/);
  });

  it("has a propose subcommand per kind of proposal, and help that says which commands go to the committee", async function () {
    const help = await smefin(node, ["regulator", "propose", "--help"]);
    expect(help.code).to.equal(0);
    for (const kind of Object.keys(PROPOSAL_KINDS)) expect(help.stdout).to.match(new RegExp(`\\n\\s+${kind}\\b`), kind);
    const reg = await smefin(node, ["regulator", "--help"]);
    for (const command of ["propose", "approve", "cancel", "execute", "proposals"]) expect(reg.stdout).to.match(new RegExp(`\\n\\s+${command}\\b`), command);
    expect(reg.stdout).to.match(/unfreeze .*propose to lift a loan's freeze/);
  });

  it("unfreeze proposes to the committee: approved by a second member, executed at once (no notice), with the error sentences of a non-member and a double approval", async function () {
    const frozen = (await json<any[]>(["loan", "list"])).find((l) => l.frozen);
    expect(frozen, "the seed froze the late loan").to.not.equal(undefined);

    const created = await smefin(node, as("regulator", "unfreeze", String(frozen.id), "--description", "examination closed"));
    expect(created.code, created.stderr).to.equal(0);
    const id = Number(/proposal (\d+) created/.exec(created.stdout)![1]);
    expect(created.stdout).to.match(/needs 2 approvals \(1 so far\)/);
    expect(await proposal(id)).to.include({ kind: "unfreeze", state: "Pending", approvals: 1, description: "examination closed" });
    expect((await json(["loan", "show", String(frozen.id)])).frozen, "nothing changes before the committee decides").to.equal(true);

    const outsider = await smefin(node, ["--as", "investor1", "regulator", "approve", String(id)]);
    expect(outsider.code).to.equal(1);
    expect(outsider.stderr).to.match(/is not a committee member in office who may act on this proposal/);

    const approved = await json(as("regulator2", "approve", String(id)));
    expect(approved).to.include({ state: "Ready", approvals: 2 });
    const again = await smefin(node, as("regulator2", "approve", String(id)));
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(new RegExp(`has already approved proposal ${id}`));

    const executed = await json(as("regulator3", "execute", String(id)));
    expect(executed.state).to.equal("Executed");
    expect((await json(["loan", "show", String(frozen.id)])).frozen).to.equal(false);
  });

  it("a policy change waits its notice: execution before it is refused, after evm_increaseTime it takes effect", async function () {
    const created = await json(as("regulator", "propose", "policy", "--enterprise-cap", "2,000,000", "--description", "cap for medium enterprises"));
    const id = Number(created.id);
    expect(created).to.include({ state: "Pending", approvals: 1, threshold: 2, notice: true });

    const queued = await json(as("regulator3", "approve", String(id)));
    expect(queued.state).to.equal("Queued");
    expect(queued.eta - queued.queuedAt).to.equal(3 * DAY);

    const early = await smefin(node, as("regulator2", "execute", String(id)));
    expect(early.code, early.stderr).to.equal(1);
    expect(early.stderr).to.match(new RegExp(`proposal ${id} waits its notice period until ${new Date(queued.eta * 1000).toISOString().slice(0, 19)}Z; any member may execute it from then`));
    expect((await json(["regulator", "policy", "show"])).enterpriseCap).to.equal("1500000000000");

    await increaseTime(3 * DAY + 1);
    expect((await proposal(id)).state).to.equal("Ready");
    expect((await json(as("regulator2", "execute", String(id)))).state).to.equal("Executed");
    expect((await json(["regulator", "policy", "show"])).enterpriseCap).to.equal("2000000000000");
    expect((await proposal(id)).state).to.equal("Executed");
  });

  it("cancel: the proposer withdraws a pending proposal, no one else may; a queued one any member may cancel", async function () {
    const pending = await json(as("regulator", "propose", "threshold", "3"));
    const id = Number(pending.id);
    const notProposer = await smefin(node, as("regulator2", "cancel", String(id)));
    expect(notProposer.code).to.equal(1);
    expect(notProposer.stderr).to.match(new RegExp(`only the proposer may withdraw proposal ${id}`));
    expect((await json(as("regulator", "cancel", String(id)))).state).to.equal("Cancelled");

    const notice = await json(as("regulator2", "propose", "notice-period", "5d"));
    await json(as("regulator3", "approve", String(notice.id)));
    expect((await json(as("regulator", "cancel", String(notice.id)))).state).to.equal("Cancelled");

    const list = await proposals();
    const ids = list.map((p) => Number(p.id));
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    expect(list.find((p) => Number(p.id) === id)!.state).to.equal("Cancelled");
  });

  it("suspending a participant stays with one member; suspending a member is proposed to the committee", async function () {
    const alone = await json(as("regulator", "suspend", "investor10", "--reason", "KYC file expired"));
    expect(alone.transactionHash).to.match(/^0x/);
    expect((await json(["participant", "show", "investor10"])).status).to.equal("Suspended");
    // The reason is on the ledger in words, checked against the hash recorded beside it.
    const reasons = await json<any[]>(as("regulator", "reasons", "--account", "investor10"));
    expect(reasons.map((r) => [r.action, r.text, r.matches])).to.deep.equal([["participant suspended", "KYC file expired", true]]);

    const member = await smefin(node, as("regulator", "suspend", "regulator3", "--reason", "mandate under review"));
    expect(member.code, member.stderr).to.equal(0);
    expect(member.stdout).to.match(/proposal \d+ created: suspend .*regulator3/);
    expect((await json(["participant", "show", "regulator3"])).status).to.equal("Active");
  });
});
