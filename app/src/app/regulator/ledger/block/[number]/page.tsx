"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { formatTimestamp } from "@lib/format";
import { useLedger, type LedgerEvent } from "@/hooks/useLedger";
import { LedgerEventTable } from "@/components/LedgerEventTable";
import { Notice } from "@/components/Notice";

interface BlockAnswer {
  number: number;
  events: LedgerEvent[];
  block: { hash: string; parentHash: string; timestamp: string; miner: string; gasUsed: string; gasLimit: string; baseFeePerGas: string | null; size: string; transactions: string[] };
}

export default function BlockPage() {
  const { number } = useParams<{ number: string }>();
  const n = Number(number);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Block {number}</h1>
          <p>The block as the chain has it, and the platform&apos;s events in it from the index.</p>
        </div>
        <div className="row">
          {n > 0 ? (
            <Link href={`/regulator/ledger/block/${n - 1}`} className="btn">
              ← Block {n - 1}
            </Link>
          ) : null}
          <Link href={`/regulator/ledger/block/${n + 1}`} className="btn">
            Block {n + 1} →
          </Link>
          <Link href="/regulator/ledger" className="btn">
            Ledger explorer
          </Link>
        </div>
      </div>
      <Block number={number} />
    </>
  );
}

function Block({ number }: { number: string }) {
  const answer = useLedger<BlockAnswer>(`/api/ledger/block/${number}`);
  if (answer.isPending) return <div className="page-loading">Reading the block from the chain and the index …</div>;
  if (answer.isError)
    return (
      <Notice tone="error" title="This block cannot be shown">
        {answer.error.message}
      </Notice>
    );
  const { block, events } = answer.data;
  return (
    <>
      <div className="card" data-testid="block-header">
        <h2>Header</h2>
        <dl className="facts">
          <dt>Time</dt>
          <dd>{formatTimestamp(Number(block.timestamp))}</dd>
          <dt>Hash</dt>
          <dd className="mono">{block.hash}</dd>
          <dt>Parent</dt>
          <dd className="mono">{block.parentHash}</dd>
          <dt>Proposer</dt>
          <dd className="mono">{block.miner}</dd>
          <dt>Gas used</dt>
          <dd>
            {Number(block.gasUsed).toLocaleString("en-US")} of {Number(block.gasLimit).toLocaleString("en-US")}
          </dd>
          <dt>Transactions</dt>
          <dd>
            {block.transactions.length === 0
              ? "none"
              : block.transactions.map((h) => (
                  <div key={h}>
                    <Link href={`/regulator/ledger/tx/${h}`} className="mono">
                      {h}
                    </Link>
                  </div>
                ))}
          </dd>
        </dl>
      </div>
      <div className="card">
        <h2>Events of the platform</h2>
        <LedgerEventTable events={events} empty="No event of the platform's contracts in this block." />
      </div>
    </>
  );
}
