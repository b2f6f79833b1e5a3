import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The contracts whose ABIs the shared library exports, with the name of the exported constant. */
export const GENERATED_ABIS = [
  { contract: "ParticipantRegistry", constant: "participantRegistryAbi" },
  { contract: "AttestationRegistry", constant: "attestationRegistryAbi" },
  { contract: "DepositToken", constant: "depositTokenAbi" },
  { contract: "LoanBook", constant: "loanBookAbi" },
  { contract: "SupervisoryCommittee", constant: "supervisoryCommitteeAbi" },
] as const;

export const GENERATED_ABIS_PATH = join(__dirname, "..", "..", "lib", "generated", "abis.ts");

/** What the generator needs from Hardhat: reading an artifact by contract name. */
export interface ArtifactReader {
  readArtifact(name: string): Promise<{ abi: unknown[] }>;
}

/** The text of lib/generated/abis.ts for the given artifacts: `as const` arrays so viem infers every type. */
export async function renderAbis(artifacts: ArtifactReader): Promise<string> {
  const parts = [
    "// Generated from the Hardhat artifacts by scripts/lib/generate-abis.ts on every compile. Do not edit.",
    "// Committed so that the app and the command line build without a Solidity compiler; a contract change",
    "// shows up here in review, and `tsc` fails wherever a caller no longer matches.",
    "",
  ];
  for (const { contract, constant } of GENERATED_ABIS) {
    const { abi } = await artifacts.readArtifact(contract);
    parts.push(`export const ${constant} = ${JSON.stringify(abi, null, 2)} as const;`, "");
  }
  return parts.join("\n");
}

/**
 * Writes lib/generated/abis.ts, touching the file only when its content changes (so a no-op compile does not
 * invalidate anything watching it). Returns whether it wrote.
 */
export async function generateAbis(artifacts: ArtifactReader, path = GENERATED_ABIS_PATH): Promise<boolean> {
  const text = await renderAbis(artifacts);
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}
