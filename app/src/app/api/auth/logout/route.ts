import { NextResponse } from "next/server";
import { clearCookies } from "@/server/session";

export const dynamic = "force-dynamic";

export function POST() {
  const response = NextResponse.json({ address: null });
  clearCookies(response);
  return response;
}
