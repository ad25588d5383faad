import { describe, expect, it } from "vitest";
import { PROBLEM_MESSAGES } from "../i18n/problems";
import { fieldErrors, problemMessage } from "./problem";
import codes from "./problem-codes.json";

describe("problem messages", () => {
  it("cover exactly the codes the API can raise (api/problem_codes.py)", () => {
    expect(Object.keys(PROBLEM_MESSAGES).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      const message = PROBLEM_MESSAGES[code];
      expect(message?.zh, code).toMatch(/\S/);
      expect(message?.en, code).toMatch(/\S/);
    }
  });
  it("speak the user's language by code", () => {
    const problem = {
      status: 409,
      code: "entitlement_exhausted",
      detail: "no units left of follow_up",
    };
    expect(problemMessage(problem, "zh")).toBe("该服务项目次数已用完。");
    expect(problemMessage(problem, "en")).toBe("No units of this service are left.");
  });
  it("show the API's detail for a code they do not know", () => {
    expect(
      problemMessage({ status: 409, code: "brand_new_rule", detail: "the new rule" }, "zh"),
    ).toBe("the new rule");
  });
  it("put field errors next to their fields", () => {
    const problem = {
      status: 422,
      code: "validation_error",
      errors: [{ key: "pg_sga.score", message: "Input should be less than or equal to 60" }],
    };
    expect(fieldErrors(problem)).toEqual({
      "pg_sga.score": "Input should be less than or equal to 60",
    });
  });
});
