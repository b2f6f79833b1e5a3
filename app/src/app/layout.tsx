import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import { Shell } from "@/components/Shell";
import "./globals.css";

export const metadata: Metadata = {
  title: "smefin · supervised SME financing",
  description: "Enterprises raise, agencies attest, investors fund, the regulator supervises: one permissioned ledger.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Shell>{children}</Shell>
        </Providers>
      </body>
    </html>
  );
}
