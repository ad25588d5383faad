// Server state through TanStack Query: who am I, and the shared query client.
import { QueryClient, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { ApiError } from "./problem";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 2 && error instanceof ApiError && error.problem.status === 0,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

export type Me = {
  subject: string;
  name: string;
  roles: string[];
  departments: string[];
  demo: boolean;
};

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/api/v1/me")) as Promise<Me>,
    enabled,
  });
}

/** The newest store position this tab wrote: reads pass it as `after=` (read your writes). */
let written = 0;
export function wrote(position: number | null): void {
  if (position !== null && position > written) written = position;
}
export function afterParam(): { after?: number } {
  return written ? { after: written } : {};
}
