import { NextResponse, type NextRequest } from "next/server";
import { appOrigin } from "@/server/env";
import { contentSecurityPolicy } from "@/server/headers";

/**
 * Every page is served with a Content-Security-Policy whose script nonce is drawn for that request: Next.js reads
 * the nonce from the request's policy and puts it on its own scripts, so no other inline script runs. The headers
 * every response carries (pages, API routes, static files) are in next.config.ts; API routes and their bodies never
 * pass through here (see `config.matcher`).
 *
 * Pages take no request bodies (the app has no server functions): anything but GET and HEAD is refused.
 */
export function proxy(request: NextRequest) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return NextResponse.json({ error: `pages answer GET and HEAD, not ${request.method}` }, { status: 405, headers: { allow: "GET, HEAD" } });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const policy = contentSecurityPolicy(nonce, { https: appOrigin.startsWith("https:"), development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only. API routes set their own policy (next.config.ts), and a proxy that ran for them would make Next.js
  // copy each request body in memory before the route could apply its limit.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
