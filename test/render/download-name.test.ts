import { describe, expect, it } from "vitest";
import {
  crosstabViewName,
  downloadName,
  figureViewName,
  landscapeViewName,
  MAX_STEM,
  sidecarName,
} from "../../src/render/download-name.ts";

describe("download names", () => {
  it("name a figure card's view: only what differs from everything drawn", () => {
    expect(figureViewName({ id: "fig-2-3", year: 2019, sample: "all" }, "csv")).toBe(
      "fig-2-3_2019.csv",
    );
    expect(
      figureViewName(
        {
          id: "fig-2-3",
          year: "1H 2020",
          sample: "community",
          segments: ["storage challenged"],
          show: "all",
        },
        "vl.json",
      ),
    ).toBe("fig-2-3_1H-2020_community_storage-challenged_all-options.vl.json");
    // A card without a year control (one bar per year) names no year.
    expect(figureViewName({ id: "fig-1-1", show: "top" }, "png")).toBe("fig-1-1.png");
  });

  it("name a cross-tab by question, banner, years, universe, sample, base and filters", () => {
    const view = {
      question: "challenges",
      by: "org_size",
      years: [2019],
      universe: "k8s-users",
      sample: "all",
      base: "answered",
      comparable: false,
      adjust: "bonferroni",
      filters: [{ question: "region", option: "Europe", level: null }],
    };
    expect(crosstabViewName(view, "csv")).toBe(
      "crosstab_challenges_by_org_size_2019_k8s-users_where-region-Europe.csv",
    );
    const many = crosstabViewName(
      {
        ...view,
        by: "year",
        years: [2018, 2019, 2020, 2021, 2022],
        sample: "community",
        base: "valid",
        comparable: true,
        adjust: "holm",
        filters: [{ question: "org_size", option: ">5000", level: null }],
      },
      "csv",
    );
    expect(many).toBe(
      "crosstab_challenges_by_year_2018-2022_k8s-users_community_valid_comparable_holm_where-org_size-5000.csv",
    );
    // A matrix filter names its level; past MAX_STEM characters the name is cut and ends in a
    // hash of the whole (the second filter is in the hash only).
    const matrix = crosstabViewName(
      {
        ...view,
        filters: [
          { question: "cncf_projects", option: "Kubernetes", level: "Using in Production" },
          { question: "org_size", option: ">5000", level: null },
        ],
      },
      "csv",
    );
    expect(matrix.length).toBe(MAX_STEM + ".csv".length);
    expect(matrix).toMatch(
      /^crosstab_challenges_by_org_size_2019_k8s-users_where-cncf_projects-Kubernetes-Using-in-[A-Za-z-]*-[0-9a-f]{8}\.csv$/,
    );
    // Years that are not a run are listed.
    expect(crosstabViewName({ ...view, years: [2018, 2020] }, "csv")).toContain("_2018+2020_");
  });

  it("name the landscape by snapshot and filters", () => {
    expect(landscapeViewName({ at: "2026-08-07" }, "csv")).toBe("landscape_2026-08-07.csv");
    expect(
      landscapeViewName(
        {
          at: "2026-08-07",
          category: "Orchestration & Management",
          maturity: "graduated",
          search: " service mesh ",
        },
        "csv",
      ),
    ).toBe("landscape_2026-08-07_Orchestration-Management_graduated_search-service-mesh.csv");
  });

  it("keep to safe characters whatever the view holds", () => {
    const hostile = downloadName(
      [
        "../../etc/passwd",
        "a\\b:c*d?e",
        "bell\u0007 rtl\u202egnp.exe",
        "Café Ñandú",
        "😀",
        ".hidden",
      ],
      "csv",
    );
    expect(hostile).toBe("etc-passwd_a-b-c-d-e_bell-rtl-gnp-exe_Cafe-Nandu_hidden.csv");
    expect(hostile).toMatch(/^[A-Za-z0-9][A-Za-z0-9_+-]*\.csv$/);
    expect(downloadName(["", null, undefined, false, "///"], "csv")).toBe("download.csv");
  });

  it("bound the length, keeping two long views apart", () => {
    const long = (x: string) =>
      downloadName(["crosstab", ...Array.from({ length: 30 }, (_, i) => `filter-${i}`), x], "csv");
    const a = long("a");
    const b = long("b");
    expect(a.length).toBeLessThanOrEqual(MAX_STEM + ".csv".length);
    expect(b.length).toBeLessThanOrEqual(MAX_STEM + ".csv".length);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^crosstab_filter-0_.*-[0-9a-f]{8}\.csv$/);
    expect(long("a")).toBe(a);
  });

  it("name a download's sidecar after it", () => {
    expect(sidecarName("fig-2-3_2019.csv")).toBe("fig-2-3_2019.provenance.json");
  });
});
