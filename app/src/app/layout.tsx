import type { Metadata } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { Providers } from "./providers";
import { Shell } from "@/components/Shell";
import { PageTitle } from "@/components/PageTitle";
import "./globals.css";

/** The title is each page's own, from its path (components/PageTitle.tsx). */
export const metadata: Metadata = {
  description: "Enterprises raise, agencies attest, investors fund, the regulator supervises: one permissioned ledger.",
};

/** Every page renders per request, so Next.js can put the request's CSP nonce (src/proxy.ts) on its scripts. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <PageTitle />
        <Providers>
          <Shell>{children}</Shell>
        </Providers>
      </body>
    </html>
  );
}
