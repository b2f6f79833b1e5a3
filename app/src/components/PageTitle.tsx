"use client";
import { usePathname } from "next/navigation";
import { pageTitle } from "@/lib/navigation";

/**
 * The document's <title>, named for the page at the current path (src/lib/navigation.ts). React puts it in the
 * head, in the server's answer and again at every navigation; it stands outside the providers, so it is there
 * before the platform's deployment has been read.
 */
export function PageTitle() {
  return <title>{pageTitle(usePathname())}</title>;
}
