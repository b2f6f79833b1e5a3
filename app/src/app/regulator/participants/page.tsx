"use client";
import { useState, type FormEvent } from "react";
import { getAddress, isAddress, keccak256, stringToBytes } from "viem";
import { BusinessScale, Role, Status, nameOf, kindBit } from "@lib/enums";
import { shortAddress } from "@lib/format";
import { usePaging } from "@/hooks/useIndex";
import { Pager } from "@/components/Pager";
import { useParticipants, type ParticipantRow } from "@/hooks/useParticipants";
import { useNames } from "@/hooks/useNames";
import { useChainTime } from "@/hooks/useChainTime";
import { useWrite } from "@/hooks/useWrite";
import { usePropose } from "@/hooks/usePropose";
import { useContracts } from "@/hooks/useContracts";
import { TxStatus } from "@/components/TxStatus";
import { ProposalCreated } from "@/components/ProposalCreated";
import { ConfirmAction, LEDGER_REASON_HINT } from "@/components/ConfirmAction";
import { StatusReason } from "@/components/RecordedReasons";
import { useReasons } from "@/hooks/useReasons";
import { proposalCall, type ProposalCall } from "@lib/governance";
import { AGENCY_KINDS, kindsText, kindLabel } from "@lib/attestations";
import { date } from "@/lib/display";
import { Skeleton } from "@/components/Skeleton";

const ROLES = [Role.Operator, Role.Custodian, Role.Agency, Role.Enterprise, Role.Investor, Role.Regulator];

function StatusBadge({ p }: { p: ParticipantRow }) {
  if (p.status === Status.Active && !p.active) return <span className="badge badge-amber">Expired</span>;
  const tone = { [Status.Active]: "green", [Status.Suspended]: "amber", [Status.Revoked]: "red" }[p.status] ?? "grey";
  return <span className={`badge badge-${tone}`}>{nameOf(Status, p.status)}</span>;
}

/**
 * What one member may do at once and what takes the committee: suspending a participant that is not a member is
 * an emergency measure any member takes alone; reinstating, revoking, and anything about a member (a Regulator) is
 * proposed to the committee.
 */
function ParticipantActions({ p }: { p: ParticipantRow }) {
  const { state, run, busy: writing } = useWrite();
  const proposal = usePropose();
  const now = useChainTime();
  const contracts = useContracts();
  const busy = writing || proposal.busy;
  const member = p.role === Role.Regulator;
  const name = shortAddress(p.address);
  const who = `${nameOf(Role, p.role)} ${name}`;
  const committeeHint = "Shown to the committee members who approve the proposal.";
  const proposeCall = (label: string, call: ProposalCall, why: string) => void proposal.propose(label, call, why);
  return (
    <div>
      <div className="row">
        {p.status === Status.Active && !member ? (
          <ConfirmAction label="Suspend" className="btn small" disabled={busy} title={`Suspend ${who}?`} confirmLabel={`Suspend ${name}`}
            reason={{ label: "Why is this participant suspended?", hint: LEDGER_REASON_HINT }}
            onConfirm={(r) => void run("Suspend", ({ write }) => write({ contract: "registry", functionName: "suspend", args: [p.address, r] }))}>
            <p>At once, {who} can no longer act on the platform or move the deposit token (an enterprise can still repay its loans). Only the committee can reinstate it.</p>
          </ConfirmAction>
        ) : null}
        {p.status === Status.Active && member ? (
          <ConfirmAction label="Propose suspension" className="btn small" disabled={busy} title={`Propose suspending committee member ${name}?`} confirmLabel="Propose suspension"
            reason={{ label: "Why is this member suspended?", hint: LEDGER_REASON_HINT }}
            onConfirm={(r) => proposeCall("Propose suspension", proposalCall(proposal.deployment, "ParticipantRegistry", "suspend", [p.address, r]), `suspend member ${name}: ${r}`)}>
            <p>Once the committee approves, member {name} stops counting towards approvals and may not act until reinstated.</p>
          </ConfirmAction>
        ) : null}
        {p.status === Status.Active && member ? (
          <ConfirmAction label="Propose renewal" className="btn small" disabled={busy || !contracts} title={`Propose renewing member ${name}?`} confirmLabel="Propose renewal"
            reason={{ label: "Renew the admission for how many days from now?", hint: "The credential dossier on record is kept.", numeric: true, validate: (t) => (/^[1-9]\d*$/.test(t) ? undefined : "Enter a whole number of days, 1 or more.") }}
            onConfirm={async (t) => {
              const d = Number(t);
              const until = (now.data ?? Math.floor(Date.now() / 1000)) + d * 86_400;
              const credential = await contracts!.registry.read.credentialHash([p.address]);
              proposeCall("Propose renewal", proposalCall(proposal.deployment, "ParticipantRegistry", "renew", [p.address, until, credential]), `renew member ${name} for ${d} days`);
            }}>
            <p>The member&apos;s admission is extended once the committee approves.</p>
          </ConfirmAction>
        ) : null}
        {p.status === Status.Suspended ? (
          <ConfirmAction label="Propose reinstatement" className="btn small" disabled={busy} title={`Propose reinstating ${who}?`} confirmLabel="Propose reinstatement"
            reason={{ label: "Why is this participant reinstated?", hint: committeeHint }}
            onConfirm={(r) => proposeCall("Propose reinstatement", proposalCall(proposal.deployment, "ParticipantRegistry", "reinstate", [p.address]), `reinstate ${name}: ${r}`)}>
            <p>Once the committee approves, {who} may act on the platform again.</p>
          </ConfirmAction>
        ) : null}
        {p.status !== Status.Revoked ? (
          <ConfirmAction label="Propose revocation" className="btn small danger" disabled={busy} title={`Propose revoking ${who} for good?`} confirmLabel="Propose revocation"
            reason={{ label: "Why is this participant revoked for good?", hint: LEDGER_REASON_HINT }}
            onConfirm={(r) => proposeCall("Propose revocation", proposalCall(proposal.deployment, "ParticipantRegistry", "revoke", [p.address, r]), `revoke ${name} for good: ${r}`)}>
            <p>Irreversible once the committee executes it: {who} can never act again. Its positions and fees stay on record until the committee moves them to a successor.</p>
          </ConfirmAction>
        ) : null}
      </div>
      <TxStatus state={state} compact />
      <TxStatus state={proposal.state} compact />
      <ProposalCreated created={proposal.created} compact />
    </div>
  );
}

function AdmitForm() {
  const now = useChainTime();
  const { state, run, busy: writing } = useWrite();
  const proposal = usePropose();
  const busy = writing || proposal.busy;
  const [account, setAccount] = useState("");
  const [role, setRole] = useState<number>(Role.Investor);
  const [kinds, setKinds] = useState(0);
  const [scale, setScale] = useState<number>(BusinessScale.Small);
  const [days, setDays] = useState("365");
  const [credential, setCredential] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!isAddress(account.trim())) return setError("Enter the account's address (0x…).");
    if (credential.trim().length < 6) return setError("Describe the credential dossier (credit code, KYC file reference).");
    if (role === Role.Agency && kinds === 0) return setError("Accredit the agency for at least one kind.");
    const d = Number(days);
    if (!Number.isInteger(d) || d < 1) return setError("The admission lasts a whole number of days.");
    const expiresAt = (now.data ?? Math.floor(Date.now() / 1000)) + d * 86_400;
    if (role === Role.Regulator) {
      // A new committee member: the committee admits it.
      const call = proposalCall(proposal.deployment, "ParticipantRegistry", "admit", [getAddress(account.trim()), Role.Regulator, 0, BusinessScale.None, expiresAt, keccak256(stringToBytes(credential.trim()))]);
      await proposal.propose("Propose admission", call, `admit ${shortAddress(account.trim())} as a committee member for ${d} days`);
      return;
    }
    await run("Admit participant", ({ write }) =>
      write({
        contract: "registry",
        functionName: "admit",
        args: [getAddress(account.trim()), role, role === Role.Agency ? kinds : 0, role === Role.Enterprise ? scale : BusinessScale.None, expiresAt, keccak256(stringToBytes(credential.trim()))],
      }),
    );
  };
  return (
    <div className="card">
      <h2>Admit a participant</h2>
      <form className="form" onSubmit={submit}>
        <label className="field wide">Account<input name="account" placeholder="0x…" value={account} onChange={(e) => setAccount(e.target.value)} /></label>
        <label className="field">
          Role
          <select name="role" value={role} onChange={(e) => setRole(Number(e.target.value))}>
            {ROLES.map((r) => <option key={r} value={r}>{nameOf(Role, r)}</option>)}
          </select>
        </label>
        <label className="field">Admitted for (days)<input name="days" value={days} onChange={(e) => setDays(e.target.value)} /></label>
        {role === Role.Agency ? (
          <div className="wide kinds">
            {AGENCY_KINDS.map((k) => (
              <label key={k}><input type="checkbox" checked={(kinds & kindBit(k)) !== 0} onChange={(e) => setKinds(e.target.checked ? kinds | kindBit(k) : kinds & ~kindBit(k))} />{kindLabel(k)}</label>
            ))}
          </div>
        ) : null}
        {role === Role.Enterprise ? (
          <label className="field">
            Business scale
            <select name="scale" value={scale} onChange={(e) => setScale(Number(e.target.value))}>
              <option value={BusinessScale.Micro}>Micro</option>
              <option value={BusinessScale.Small}>Small</option>
              <option value={BusinessScale.Medium}>Medium</option>
            </select>
          </label>
        ) : null}
        <label className="field wide">Credential dossier <small>recorded as a hash</small><input name="credential" value={credential} onChange={(e) => setCredential(e.target.value)} placeholder="Unified social credit code, KYC file reference" /></label>
        <div className="wide row">
          <button className="btn primary" disabled={busy}>{role === Role.Regulator ? "Propose admission" : "Admit"}</button>
          {role === Role.Regulator ? <span className="muted">A regulator joins the supervisory committee: its admission is a proposal the committee approves.</span> : null}
          {error ? <span className="field-error">{error}</span> : null}
        </div>
      </form>
      <TxStatus state={state} compact />
      <TxStatus state={proposal.state} compact />
      <ProposalCreated created={proposal.created} />
    </div>
  );
}

export default function Admissions() {
  const names = useNames();
  const [filter, setFilter] = useState<number>(0);
  const [search, setSearch] = useState("");
  // A name or any part of an address, without regard to case: the index searches addresses across every page,
  // names (known to this app) are matched on the page shown.
  const needle = search.trim().toLowerCase();
  const addressLike = /^(0x)?[0-9a-f]+$/.test(needle);
  const paging = usePaging(50);
  const participants = useParticipants({ roles: filter === 0 ? undefined : [filter as Role], search: addressLike ? needle : undefined }, paging);
  const matches = (p: ParticipantRow) => needle === "" || addressLike || names.label(p.address).toLowerCase().includes(needle);
  const rows = (participants.data ?? []).filter(matches);
  // Why the participants on screen that are not active were suspended or revoked, in words.
  const reasons = useReasons({ accounts: rows.filter((p) => p.status !== Status.Active).map((p) => p.address) });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Admissions</h1>
          <p>Every participant is admitted by the regulator with an expiry and a credential hash; nothing moves for one that is not active. Any member admits and suspends other participants at once; reinstating, revoking, and admitting, renewing or suspending a committee member (a regulator) are proposals to the committee.</p>
        </div>
      </div>
      <div className="card">
        <div className="row filter-row">
          <label className="field">
            Search
            <input type="search" name="search" placeholder="Name or address" value={search} onChange={(e) => {
                setSearch(e.target.value);
                paging.setOffset(0);
              }} />
          </label>
          <label className="field">
            Role
            <select name="roleFilter" value={filter} onChange={(e) => {
                setFilter(Number(e.target.value));
                paging.setOffset(0);
              }}>
              <option value={0}>All roles</option>
              {ROLES.map((r) => <option key={r} value={r}>{nameOf(Role, r)}</option>)}
            </select>
          </label>
        </div>
        {participants.isPending ? <Skeleton lines={6} label="Reading the participants" /> : rows.length === 0 ? <p className="empty">No participant matches.</p> : (
        <table>
          <thead><tr><th>Participant</th><th>Role</th><th>Details</th><th>Status</th><th>Expires</th><th /></tr></thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.address} data-participant={p.address}>
                <td>{names.label(p.address)}<div className="mono muted" title={p.address}>{shortAddress(p.address)}</div></td>
                <td>{nameOf(Role, p.role)}</td>
                <td className="muted">{p.role === Role.Agency ? kindsText(p.agencyKinds) : p.role === Role.Enterprise ? nameOf(BusinessScale, p.scale) : p.role === Role.Investor ? `suitability ${p.suitability || "-"}` : ""}</td>
                <td><StatusBadge p={p} />{p.status !== Status.Active ? <StatusReason account={p.address} reasons={reasons.data} /> : null}</td>
                <td>{date(p.expiresAt)}</td>
                <td><ParticipantActions p={p} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        )}
        <Pager paging={paging} total={participants.page?.total} label="participants" />
      </div>
      <AdmitForm />
    </>
  );
}
