"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { formatTimestamp } from "@lib/format";
import { useLedger, type LedgerEvent } from "@/hooks/useLedger";
import { useNames } from "@/hooks/useNames";
import { EventDetails } from "@/components/EventDetails";
import { Notice } from "@/components/Notice";

interface TxAnswer {
  hash: string;
  events: LedgerEvent[];
  call: { contract: string; functionName: string; args: unknown } | null;
  receipt: { status: string; blockNumber: string; blockHash: string; transactionIndex: number; from: string; to: string | null; gasUsed: string; effectiveGasPrice: string; logs: number; type: string };
  transaction: { nonce: number; value: string; gas: string; input: string };
}

export default function TransactionPage() {
  const { hash } = useParams<{ hash: string }>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Transaction</h1>
          <p className="mono">{hash}</p>
        </div>
        <Link href="/regulator/ledger" className="btn">
          ← Ledger explorer
        </Link>
      </div>
      <Transaction hash={hash} />
    </>
  );
}

function Transaction({ hash }: { hash: string }) {
  const tx = useLedger<TxAnswer>(`/api/ledger/tx/${hash}`);
  const names = useNames();
  if (tx.isPending) return <div className="page-loading">Reading the transaction from the chain and the index …</div>;
  if (tx.isError)
    return (
      <Notice tone="error" title="This transaction cannot be shown">
        {tx.error.message}
      </Notice>
    );
  const { receipt, call, events } = tx.data;
  const time = events[0]?.blockTime;
  return (
    <>
      <div className="card" data-testid="tx-receipt">
        <h2>Receipt</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>{receipt.status === "success" ? <span className="badge badge-green">Success</span> : <span className="badge badge-red">Reverted</span>}</dd>
          <dt>Block</dt>
          <dd>
            <Link href={`/regulator/ledger/block/${receipt.blockNumber}`}>{receipt.blockNumber}</Link> · position {receipt.transactionIndex}
            {time !== undefined ? ` · ${formatTimestamp(time)}` : ""}
          </dd>
          <dt>From</dt>
          <dd>
            {names.label(receipt.from)} <span className="mono muted">{receipt.from}</span>
          </dd>
          <dt>To</dt>
          <dd>
            {call ? `${call.contract} ` : ""}
            <span className="mono muted">{receipt.to ?? "contract creation"}</span>
          </dd>
          <dt>Call</dt>
          <dd>{call ? <code>{call.functionName}</code> : <span className="mono">{tx.data.transaction.input}</span>}</dd>
          <dt>Gas used</dt>
          <dd>
            {Number(receipt.gasUsed).toLocaleString("en-US")} of {Number(tx.data.transaction.gas).toLocaleString("en-US")} · price {receipt.effectiveGasPrice} wei
          </dd>
          <dt>Logs</dt>
          <dd>
            {receipt.logs} emitted, {events.length} from the platform&apos;s contracts in the index
          </dd>
        </dl>
      </div>
      {call ? (
        <div className="card">
          <h2>Call arguments</h2>
          <pre className="mono" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
            {JSON.stringify(call.args, null, 2)}
          </pre>
        </div>
      ) : null}
      <div className="card" data-testid="tx-events">
        <h2>Events</h2>
        {events.length === 0 ? (
          <p className="empty">The index holds no event of this transaction: it touched none of the platform&apos;s contracts, or reverted.</p>
        ) : (
          events.map((e) => <EventDetails key={e.logIndex} event={e} />)
        )}
      </div>
    </>
  );
}
