import { NextResponse } from "next/server";
import { writeRoute } from "@/server/http";
import { clearCookies } from "@/server/session";

export const dynamic = "force-dynamic";

export const POST = writeRoute("none", () => {
  const response = NextResponse.json({ address: null });
  clearCookies(response);
  return response;
});
