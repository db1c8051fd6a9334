import { describe, expect, it } from "vitest";
import { judge } from "../../src/survey/scorecard.ts";

const share = (value: number, qualifier = "exact") => ({ measure: "share", value, qualifier });

describe("scorecard judgement", () => {
  it("applies the book's rounding: 39% is 0.385 up to 0.395", () => {
    expect(judge(share(0.39), 0.391)).toBe("reproduced");
    expect(judge(share(0.39), 0.3849)).toBe("close");
    expect(judge(share(0.39), 0.37)).toBe("not reproduced");
    expect(judge(share(0.266), 0.2724)).toBe("close");
    expect(judge(share(0.266), 0.2659)).toBe("reproduced");
  });

  it("rounds once, half up, at the printed precision, free of binary noise", () => {
    // FIG 2.3's Ceph: 166 / 1149 = 14.447%, printed 14.4%. Rounded to four decimals first
    // (0.1445) it became 14.5% and "close"; the share is judged unrounded now.
    expect(judge(share(0.144), 166 / 1149)).toBe("reproduced");
    expect(judge(share(0.144), 0.1445)).toBe("close");
    // 0.1445 × 1000 is 144.49999999999997 in binary: half up still gives 14.5%.
    expect(judge(share(0.145), 0.1445)).toBe("reproduced");
    expect(judge(share(0.39), 0.385)).toBe("reproduced");
    expect(judge(share(0.39), 0.38499)).toBe("close");
  });

  it("honours the printed qualifiers", () => {
    expect(judge(share(0.5, "more than"), 0.52)).toBe("reproduced");
    expect(judge(share(0.5, "more than"), 0.5)).toBe("not reproduced");
    expect(judge(share(0.8, "almost"), 0.782)).toBe("reproduced");
    expect(judge(share(0.8, "almost"), 0.81)).toBe("not reproduced");
    expect(judge({ measure: "rank", value: 3, qualifier: "at most" }, 4)).toBe("not reproduced");
    expect(judge({ measure: "n", value: 1197, qualifier: "exact" }, 1196)).toBe("not reproduced");
  });
});
