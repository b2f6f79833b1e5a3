import "server-only";

/**
 * The Content-Security-Policy of pages, with its per-request script nonce (set by src/proxy.ts). The headers every
 * response carries, and the policy of API responses, are in next.config.ts.
 */

/**
 * A page's policy: scripts only with this request's nonce (and what they load, 'strict-dynamic'); styles from the
 * app or with the nonce, plus inline style attributes (React's `style` props, the charts' SVG); connections to the
 * app's own origin only (browsers reach the chain through /api/rpc); no plugins, no framing, no foreign forms.
 * `https` adds upgrade-insecure-requests when the app is served over TLS. In development Next.js needs eval.
 */
export function contentSecurityPolicy(nonce: string, options: { https: boolean; development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
