import "server-only";

/** A loan id from a URL segment: a positive whole number, else undefined. */
export function parseLoanId(text: string): bigint | undefined {
  return /^[1-9]\d{0,18}$/.test(text) ? BigInt(text) : undefined;
}
