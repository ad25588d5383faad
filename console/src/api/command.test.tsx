import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type { Done } from "./client";
import { useCommand } from "./command";
import { ApiError } from "./problem";

const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>
);

function slow(keys: string[], outcomes: ("ok" | "lost" | "refused")[]) {
  return (key: string): Promise<Done<unknown>> => {
    keys.push(key);
    const outcome = outcomes.shift() ?? "ok";
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (outcome === "ok") resolve({ data: {}, position: 7, etag: null });
        else if (outcome === "lost") reject(new ApiError({ status: 0, code: "network" }));
        else reject(new ApiError({ status: 409, code: "entitlement_exhausted" }));
      }, 10),
    );
  };
}

describe("useCommand", () => {
  it("sends one command for a double click", async () => {
    const keys: string[] = [];
    const run = slow(keys, ["ok"]);
    const { result } = renderHook(() => useCommand(run), { wrapper });
    await act(async () => {
      await Promise.all([result.current.submit(), result.current.submit()]);
    });
    expect(keys).toHaveLength(1);
  });

  it("retries a lost answer with the same Idempotency-Key, and takes a new one after success", async () => {
    const keys: string[] = [];
    const run = slow(keys, ["lost", "ok", "ok"]);
    const { result } = renderHook(() => useCommand(run), { wrapper });
    await act(async () => {
      await result.current.submit();
    });
    expect(result.current.problem?.code).toBe("network");
    await act(async () => {
      await result.current.submit();
    });
    await act(async () => {
      await result.current.submit();
    });
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it("keeps the rule's code for the message and marks 412 as a conflict", async () => {
    const keys: string[] = [];
    const run = slow(keys, ["refused"]);
    const { result } = renderHook(() => useCommand(run), { wrapper });
    await act(async () => {
      await result.current.submit();
    });
    expect(result.current.problem?.code).toBe("entitlement_exhausted");
    expect(result.current.conflict).toBe(false);
  });
});
