import { describe, expect, it } from "vitest";
import { logGamma } from "../../src/survey/log-gamma.ts";

describe("logGamma", () => {
  it("is ln (x − 1)! at whole numbers, to 1e-13", () => {
    // ln n! summed term by term: exact to rounding, independent of any Γ approximation
    let lnFactorial = 0;
    for (let n = 1; n <= 30; n++) {
      lnFactorial += Math.log(n);
      expect(Math.abs(logGamma(n + 1) - lnFactorial), `n = ${n}`).toBeLessThan(1e-13);
    }
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });

  it("is ln √π at ½ and ln(√π / 2) at 3/2; below ½ it reflects (Γ(¼)Γ(¾) = π√2)", () => {
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(1.5) - Math.log(Math.sqrt(Math.PI) / 2))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(0.25) + logGamma(0.75) - Math.log(Math.PI * Math.SQRT2))).toBeLessThan(
      1e-13,
    );
  });
});
