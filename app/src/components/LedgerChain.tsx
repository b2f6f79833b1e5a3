"use client";
import { formatTimestamp } from "@lib/format";
import { useRebuildIndex, type IndexedChain } from "@/hooks/useLedger";
import { Notice } from "./Notice";
import { ConfirmAction } from "./ConfirmAction";

const short = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 10)}…` : "unknown");

/** Which chain and block an answer of the ledger index comes from: chain id, genesis, block number, hash and time. */
export function ChainAndBlock({ chain }: { chain: IndexedChain | undefined }) {
  if (!chain) return null;
  return (
    <span data-testid="ledger-chain" title={`genesis ${chain.genesisHash ?? "unknown"}, block hash ${chain.block?.hash ?? "unknown"}`}>
      chain {chain.chainId ?? "unknown"} (genesis <span className="mono">{short(chain.genesisHash)}</span>)
      {chain.block ? (
        <>
          {" "}
          at block {chain.block.number} (<span className="mono">{short(chain.block.hash)}</span>, {formatTimestamp(chain.block.time)})
        </>
      ) : (
        "; nothing indexed yet"
      )}
    </span>
  );
}

/** Empties the server's index and builds it again from the chain the node serves now. */
export function RebuildIndexButton() {
  const rebuild = useRebuildIndex();
  return (
    <>
      <ConfirmAction
        className="btn"
        label={rebuild.isPending ? "Rebuilding …" : "Rebuild the index"}
        disabled={rebuild.isPending}
        title="Rebuild the ledger index from the chain?"
        confirmLabel="Rebuild the index"
        onConfirm={() => rebuild.mutate()}
      >
        <p>The index is emptied and read again from the deployment block. The ledger pages and every list wait until it has caught up; the chain itself does not change.</p>
      </ConfirmAction>
      {rebuild.isError ? (
        <Notice tone="error" title="The index could not be rebuilt">
          {rebuild.error.message}
        </Notice>
      ) : null}
    </>
  );
}
