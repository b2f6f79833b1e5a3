import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The app server's protections against cross-site requests and oversized bodies live in one wrapper,
 * `writeRoute` (app/src/server/http.ts). A route that changes state without it would bypass them silently, so
 * every POST, PUT, PATCH and DELETE handler of the API must be declared through it.
 */
const API = join(__dirname, "..", "..", "app", "src", "app", "api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

describe("app API routes", () => {
  const files = routeFiles(API);

  it("are found", () => {
    expect(files.length).to.be.greaterThan(10);
  });

  it("declare every state-changing handler through writeRoute", () => {
    const unguarded: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const declared = new RegExp(`export\\s+(async\\s+function|function|const)\\s+${method}\\b[^\\n]*`).exec(source);
        if (!declared) continue;
        if (!/^export\s+const\s+\w+\s*=\s*writeRoute\(/.test(declared[0])) unguarded.push(`${relative(API, file)} ${method}`);
      }
    }
    expect(unguarded, "handlers that bypass the request guard").to.deep.equal([]);
  });
});
