"use client";
import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "./Skeleton";
import { shortHash } from "@/lib/display";

interface DocumentsAnswer {
  metadataHash?: string;
  metadata: { purpose: string; innovation?: string; documents: { name: string; sha256: string; size?: number }[] } | null;
}

/** A demand's documents from the app server, for the participants entitled to them (the server checks the registry at every request). */
export function DocumentsPanel({ loanId }: { loanId: bigint }) {
  const docs = useQuery({
    queryKey: ["documents", loanId.toString()],
    queryFn: async () => {
      const response = await fetch(`/api/loans/${loanId}/documents`, { cache: "no-store" });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error);
      return body as DocumentsAnswer;
    },
    retry: false,
  });
  return (
    <div className="card" data-testid="documents">
      <h2>Documents</h2>
      {docs.isPending ? (
        <Skeleton lines={2} label="Reading the documents" />
      ) : docs.isError ? (
        <p className="error-text">{(docs.error as Error).message}</p>
      ) : !docs.data.metadata ? (
        <p className="empty">This demand was published without documents kept by this app (metadata hash <span className="mono" title={docs.data.metadataHash}>{shortHash(docs.data.metadataHash ?? "unknown")}</span>).</p>
      ) : (
        <>
          {docs.data.metadata.innovation ? <p><b>Innovation and IP:</b> {docs.data.metadata.innovation}</p> : null}
          {docs.data.metadata.documents.length === 0 ? (
            <p className="empty">No documents attached.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Document</th>
                  <th>Fingerprint (SHA-256)</th>
                  <th className="num">Size</th>
                </tr>
              </thead>
              <tbody>
                {docs.data.metadata.documents.map((d) => (
                  <tr key={d.sha256}>
                    <td>
                      <a href={`/api/loans/${loanId}/documents/${d.sha256}`}>{d.name}</a>
                    </td>
                    <td className="mono" title={d.sha256}>{shortHash(d.sha256)}</td>
                    <td className="num">{d.size ? `${Math.ceil(d.size / 1024)} KB` : "-"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
