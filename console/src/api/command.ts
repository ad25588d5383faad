// One command from a form or button: an Idempotency-Key kept until it succeeds (a double
// click or a retry after a lost answer is the same command), disabled while pending,
// If-Match from the version shown, and afterwards every read re-read with after=<position>.
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { type Done, newKey } from "./client";
import { ApiError, type Problem } from "./problem";
import { wrote } from "./queries";

export type CommandState<T> = {
  submit: () => Promise<Done<T> | null>;
  pending: boolean;
  problem: Problem | null;
  /** 412: someone changed the record since it was shown. */
  conflict: boolean;
  clear: () => void;
};

export function useCommand<T>(
  run: (key: string) => Promise<Done<T>>,
  options: { invalidate?: QueryKey[]; onDone?: (done: Done<T>) => void } = {},
): CommandState<T> {
  const client = useQueryClient();
  const key = useRef<string | null>(null);
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const submit = useCallback(async () => {
    if (inFlight.current) return null; // a second click while the first is on its way
    inFlight.current = true;
    key.current ??= newKey();
    setPending(true);
    setProblem(null);
    try {
      const done = await run(key.current);
      key.current = null;
      wrote(done.position);
      await Promise.all(
        (options.invalidate ?? []).map((queryKey) => client.invalidateQueries({ queryKey })),
      );
      options.onDone?.(done);
      return done;
    } catch (error) {
      const found = error instanceof ApiError ? error.problem : { status: 0, code: "network" };
      // Refused by the rules: nothing was stored under the key, a corrected form may reuse it;
      // a lost answer keeps it, so sending again replays the first answer.
      setProblem(found);
      return null;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, [run, client, options]);
  return {
    submit,
    pending,
    problem,
    conflict: problem?.status === 412,
    clear: () => setProblem(null),
  };
}

export function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { "If-Match": `"${version}"` };
}
