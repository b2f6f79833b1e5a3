"use client";
import { useState, type FormEvent } from "react";
import { keccak256, stringToBytes, toHex } from "viem";
import { parseTokenAmount } from "@lib/amount";
import { useDisclosures } from "@/hooks/useDisclosures";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useWrite } from "@/hooks/useWrite";
import { LineChart } from "@/components/Charts";
import { TxStatus } from "@/components/TxStatus";
import { money, period } from "@/lib/display";
import { Skeleton } from "@/components/Skeleton";
import { TableBox } from "@/components/TableBox";

async function fileHash(file: File) {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())));
}

export default function Disclosures() {
  const me = useParticipantAddress();
  const disclosures = useDisclosures(me);
  const { state, run, busy } = useWrite();
  const [month, setMonth] = useState("");
  const [revenue, setRevenue] = useState("");
  const [accounts, setAccounts] = useState<File>();
  const [error, setError] = useState<string>();
  // By month, whatever order they were recorded in: a late correction of an old month must not draw the line backwards.
  const rows = [...(disclosures.data ?? [])].sort((a, b) => a.period - b.period);
  const latest = rows.at(-1)?.period;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return setError("Choose the month the revenue belongs to.");
    const revenueUnits = parseTokenAmount(revenue);
    if (revenueUnits === undefined) return setError("Enter the month's revenue in yuan, e.g. 125000.");
    const p = Number(month.replace("-", ""));
    // A month before the last one disclosed is refused here (the registry itself records any month); the button
    // waits for the recorded months, so the check always has them.
    if (latest !== undefined && p < latest) return setError(`You have disclosed up to ${period(latest)}: disclose ${period(latest)} or a later month.`);
    await run("Disclose revenue", async ({ write, step }) => {
      step("Hashing the management accounts …");
      const dataHash = accounts ? await fileHash(accounts) : keccak256(stringToBytes(`management accounts ${me} ${p}`));
      return write({ contract: "attestations", functionName: "disclose", args: [p, revenueUnits, dataHash] });
    });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Operating disclosures</h1>
          <p>Monthly revenue recorded on the ledger: investors and the regulator read it beside your loans.</p>
        </div>
      </div>
      <div className="grid2">
        <div className="card">
          <LineChart title="Monthly revenue (¥)" series={[{ name: "revenue", points: rows.map((d) => ({ x: period(d.period), y: Number(d.revenue / 1_000_000n) })) }]} format={(v) => v.toLocaleString("en-US", { maximumFractionDigits: 0 })} />
        </div>
        <div className="card">
          <h2>Disclose a month</h2>
          <form className="form" onSubmit={submit}>
            <label className="field">
              Month
              <input type="month" name="month" value={month} onChange={(e) => setMonth(e.target.value)} />
            </label>
            <label className="field">
              Revenue (¥)
              <input name="revenue" inputMode="decimal" value={revenue} onChange={(e) => setRevenue(e.target.value)} />
            </label>
            <label className="field wide">
              Management accounts <small>hashed in your browser; the hash is recorded</small>
              <input type="file" onChange={(e) => setAccounts(e.target.files?.[0])} />
            </label>
            <div className="wide row">
              <button className="btn primary" disabled={busy || disclosures.isPending}>Record disclosure</button>
              {error ? <span className="field-error">{error}</span> : null}
            </div>
          </form>
          <TxStatus state={state} />
        </div>
      </div>
      <div className="card">
        <h2>Recorded</h2>
        {disclosures.isPending ? (
          <Skeleton label="Reading your disclosures" />
        ) : rows.length === 0 ? (
          <p className="empty">No disclosures yet.</p>
        ) : (
          <TableBox label="Disclosures recorded"><table>
            <thead>
              <tr>
                <th>Month</th>
                <th className="num">Revenue</th>
                <th>Record</th>
              </tr>
            </thead>
            <tbody>
              {[...rows].reverse().map((d) => (
                <tr key={d.uid}>
                  <td>{period(d.period)}</td>
                  <td className="num">{money(d.revenue)}</td>
                  <td className="mono">{d.uid.slice(0, 18)}…</td>
                </tr>
              ))}
            </tbody>
          </table></TableBox>
        )}
      </div>
    </>
  );
}
