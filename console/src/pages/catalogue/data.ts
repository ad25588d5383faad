// The catalogue pages' server state: one package, and the list (one call per page of 200).
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type PackageOut = components["schemas"]["PackageOut"];
export type PackageIn = components["schemas"]["PackageIn"];
export type ItemIn = components["schemas"]["ItemIn"];

export function usePackage(id: string | undefined) {
  return useQuery({
    queryKey: ["package", id],
    enabled: Boolean(id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/packages/{package_id}", { params: { path: { package_id: id ?? "" } } }),
      ),
  });
}

export type PackageFilters = {
  status?: string;
  disease_code?: string;
  department?: string;
  q?: string;
};

export function usePackages(filters: PackageFilters) {
  return useQuery({
    queryKey: ["packages", filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/packages", {
          params: {
            query: {
              limit: 200,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.disease_code ? { disease_code: filters.disease_code.trim() } : {}),
              ...(filters.department ? { department: filters.department } : {}),
              ...(filters.q ? { q: filters.q.trim() } : {}),
            },
          },
        }),
      ),
  });
}

export function isDrafter(roles: string[]): boolean {
  return ["doctor", "nurse", "service_staff", "service_lead"].some((r) => roles.includes(r));
}
export function isReviewer(roles: string[]): boolean {
  return roles.includes("catalogue_reviewer");
}
