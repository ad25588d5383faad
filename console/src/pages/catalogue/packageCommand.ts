// One command on a package: its Idempotency-Key, If-Match with the version shown, and the
// package and the list read again afterwards.
import { api, command } from "../../api/client";
import { ifMatch, useCommand } from "../../api/command";
import type { PackageOut } from "./data";

type Action = "submit" | "approve" | "reject" | "publish" | "delist" | "price" | "display";

export function usePackageCommand(p: PackageOut, action: Action, body: () => unknown) {
  return useCommand(
    (key) =>
      command(
        // biome-ignore lint/suspicious/noExplicitAny: one helper for seven typed paths
        (api.POST as any)(`/api/v1/packages/{package_id}/${action}`, {
          params: { path: { package_id: p.id } },
          body: body(),
          headers: { "Idempotency-Key": key, ...ifMatch(p.aggregate_version) },
        }),
      ),
    { invalidate: [["package"], ["packages"]] },
  );
}
