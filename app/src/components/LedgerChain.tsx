"use client";
import { formatTimestamp } from "@lib/format";
import { useRebuildIndex, type IndexedChain } from "@/hooks/useLedger";
import { Notice } from "./Notice";

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
      <button
        className="btn"
        onClick={() => {
          if (window.confirm("Rebuild the ledger index from the chain? It is emptied and read again from the deployment block.")) rebuild.mutate();
        }}
        disabled={rebuild.isPending}
        data-testid="rebuild-index"
      >
        {rebuild.isPending ? "Rebuilding …" : "Rebuild the index"}
      </button>
      {rebuild.isError ? (
        <Notice tone="error" title="The index could not be rebuilt">
          {rebuild.error.message}
        </Notice>
      ) : null}
    </>
  );
}
