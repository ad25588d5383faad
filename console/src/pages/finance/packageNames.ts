// Package names for finance's tables and charts (finance rows carry the package id only).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

type Listed = { id: string; code: string; name: string; version: number };

export function usePackageNames(): Map<string, string> {
  const found = useQuery({
    queryKey: ["package-names"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/packages", { params: { query: { limit: 200 } } })) as Promise<{
        items: Listed[];
      }>,
    staleTime: 300_000,
  });
  return new Map(
    (found.data?.items ?? []).map((p) => [p.id, `${p.name} v${p.version}`] as [string, string]),
  );
}
