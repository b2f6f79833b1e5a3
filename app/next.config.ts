import { resolve } from "node:path";
import type { NextConfig } from "next";

/**
 * The app compiles the shared SDK in ../lib from source: the repository root is Turbopack's root (so files
 * outside app/ and the root node_modules resolve) and `externalDir` lets TypeScript from there be compiled.
 *
 * Security headers: those every response carries are here; the pages' Content-Security-Policy, with its nonce drawn
 * per request, is set by src/proxy.ts (src/server/headers.ts). Pages take no bodies, so the proxy keeps at most 1 KiB
 * of one (Next.js copies request bodies for a proxy).
 */
const repositoryRoot = resolve(__dirname, "..");

/** On every response: no MIME sniffing, no referrer beyond the app's own origin, no framing by older browsers. */
const COMMON_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** API responses are data, never a document: nothing in them may load, run or be framed. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const config: NextConfig = {
  reactStrictMode: true,
  devIndicators: false,
  poweredByHeader: false,
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  experimental: { externalDir: true, proxyClientMaxBodySize: 1024 },
  async headers() {
    return [
      { source: "/:path*", headers: COMMON_HEADERS },
      // Headers here win over a route's own, so the audit's HTML report (which sets its own policy for its inline
      // styles, no less strict) is left out.
      { source: "/api/:path((?!ledger/audit/report\\.html$).*)", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default config;
