"use client";
import { useEffect, useState } from "react";
import { useSeenFreshness } from "@/hooks/useIndex";

const ageText = (seconds: number) => (seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 3600)} h`);

/**
 * How fresh the lists on screen are: the last block the ledger index holds and how long ago the server last
 * brought it up to the chain's head (or, when it has not said, how old that block is).
 */
export function IndexFreshness() {
  const seen = useSeenFreshness();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  if (!seen || seen.freshness.block === null) return null;
  const { block, blockTime, checkedAt } = seen.freshness;
  const since = checkedAt ?? (blockTime !== null ? blockTime * 1000 : seen.at);
  const age = Math.max(0, Math.round((now - since) / 1000));
  return (
    <span data-testid="index-freshness" title={blockTime !== null ? `block time ${new Date(blockTime * 1000).toISOString()}` : undefined}>
      Lists as of block {block}, updated {ageText(age)} ago
    </span>
  );
}
