/**
 * Every command's arguments and options, in one table: parse.ts parses each command with exactly
 * its own options (anything else is refused with exit 2), and the help — overall and per command —
 * is generated from it, so what the help says and what the parser accepts cannot drift apart. An
 * option with a fixed set of values names its list (`choices`, an `as const` array defined once
 * beside the code that acts on the value): the parser refuses any other value naming the list,
 * and the help prints the list as the option's placeholder.
 */
import { countKeys, MATURITY_ORDER } from "../landscape/model.ts";
import { MOMENTUM_SORTS } from "../landscape/momentum.ts";
import {
  ADJUSTMENTS,
  CROSSTAB_SAMPLES,
  CROSSTAB_UNIVERSE_NAMES,
  FIGURE_SAMPLES,
  QUALITY_CHECK_NAMES,
  QUALITY_SPLITS,
  WEIGHT_SAMPLES,
} from "../survey/value-lists.ts";

export interface OptionSpec {
  type: "string" | "boolean";
  /** May be given more than once (values collect in order). */
  multiple?: boolean;
  /** The value's placeholder in the help (`--year <year>`); with choices, the list itself. */
  value?: string;
  /** The only values it takes: the parser refuses others, the help lists these. */
  choices?: readonly string[];
  help: string;
}

export interface CommandSpec {
  /** What follows the command name in its usage line (`<id>`, `"<query>"`). */
  args?: string;
  summary: string;
  /** Positional arguments it takes: at most `max` (Infinity for sql's words). */
  positionals: { min: number; max: number };
  /** Output formats; the first is the default. Omitted: the command prints no result. */
  formats?: readonly string[];
  options: Record<string, OptionSpec>;
  /** Further lines for `kube-census <command> --help`. */
  notes?: string[];
}

const year: OptionSpec = { type: "string", value: "year", help: "only this survey year" };
/** `--year 2018 --year 2019`: a figure or a cross-tab over several chosen years. */
const years: OptionSpec = { ...year, multiple: true, help: "only this survey year" };

/** The item filters `landscape` and `momentum` share: one definition, so their help agrees. */
const LANDSCAPE_FILTERS: Record<string, OptionSpec> = {
  category: { type: "string", value: "name", help: "only this category" },
  subcategory: { type: "string", value: "name", help: "only this subcategory" },
  maturity: {
    type: "string",
    choices: MATURITY_ORDER,
    help: "only this CNCF maturity (none: not a CNCF project)",
  },
};

/** `export --labelled`: the wide labelled respondent file of one year (src/export/labelled-export.ts). */
const LABELLED_OPTIONS: Record<string, OptionSpec> = {
  labelled: {
    type: "boolean",
    help: "one year's respondents, wide, with labels for SPSS, R and Stata (needs --year)",
  },
  year: { type: "string", value: "year", help: "with --labelled: the survey year (required)" },
};

/** `--weight`, `--weight-by`, `--trim` as weights, crosstab and export take them (one parser: weight-args.ts). */
const weightOptions = (weight: string): Record<string, OptionSpec> => ({
  weight: { type: "string", value: "year|file", help: weight },
  "weight-by": {
    type: "string",
    value: "question,…",
    help: "the weighting variables (single-choice; required with a year; default: the file's)",
  },
  trim: {
    type: "string",
    value: "floor,cap",
    help: "trim weights to [floor, cap] × the mean weight, re-raking after each trim (e.g. 0.3,3)",
  },
});

/** `--provenance <file>` as figure and crosstab take it (the sidecar the site's downloads carry). */
const provenance: OptionSpec = {
  type: "string",
  value: "file",
  help: "also write the rows' provenance (sources and sha256, wording, base, tool, database hash) as JSON",
};

/** Positional arguments: none (most commands), or exactly one. */
const NO_ARGUMENT = { min: 0, max: 0 };
const ONE_ARGUMENT = { min: 1, max: 1 };
/** What a command printing rows writes: a terminal table by default, or CSV or JSON. */
const TABLE_CSV_JSON = ["table", "csv", "json"] as const;

/** A command that takes no positional argument and prints rows as a table, CSV or JSON. */
const rowsCommand = (
  summary: string,
  options: Record<string, OptionSpec> = {},
  notes?: string[],
): CommandSpec => ({
  summary,
  positionals: NO_ARGUMENT,
  formats: TABLE_CSV_JSON,
  options,
  ...(notes && { notes }),
});

export const COMMANDS: Record<string, CommandSpec> = {
  fetch: {
    summary:
      "put every pinned source in data/raw/ (from KUBE_CENSUS_MIRROR folders or the network)",
    positionals: NO_ARGUMENT,
    options: {},
  },
  ingest: {
    summary: "build data/census.duckdb from data/raw/ (the last good database stays on failure)",
    positionals: NO_ARGUMENT,
    options: {},
    notes: ["Paths come from KUBE_CENSUS_RAW and KUBE_CENSUS_DB, not from arguments."],
  },
  sql: {
    args: '"<query>"',
    summary: "run one read-only query (SELECT, EXPLAIN of a SELECT, PRAGMA)",
    positionals: { min: 1, max: Infinity },
    formats: TABLE_CSV_JSON,
    options: {
      timeout: {
        type: "string",
        value: "seconds",
        help: "stop the query after this many seconds (default 60)",
      },
    },
    notes: [
      "A query may use at most 2 GB of memory and 4 GB of spill on disk (KUBE_CENSUS_MEMORY_LIMIT,",
      "KUBE_CENSUS_SPILL_LIMIT); the spill folder is removed when the command ends.",
    ],
  },
  figures: rowsCommand("list the figures"),
  figure: {
    args: "<id>",
    summary: "one figure, with n, 95% intervals, breaks and its SQL",
    positionals: { min: 0, max: 1 },
    formats: ["table", "json", "csv", "vega-lite"],
    options: {
      year: years,
      segment: { type: "string", value: "segment", help: "only this segment" },
      sample: {
        type: "string",
        choices: FIGURE_SAMPLES,
        help: "the whole sample (default); in a year with a paid panel its community or paid-panel part, or all three",
      },
      svg: {
        type: "string",
        value: "file",
        help: "also render the Vega-Lite chart to an SVG file",
      },
      png: {
        type: "string",
        value: "file",
        help: "also render that SVG to a PNG file (twice its size, on white)",
      },
      provenance,
    },
  },
  questions: rowsCommand("the codebook's questions", {
    year: { ...year, help: "only the questions this year's survey asked" },
    search: {
      type: "string",
      value: "text",
      help: "match id, label, any year's wording, an answer or an alias (ignoring case)",
    },
    coverage: { type: "boolean", help: "per export, closed questions asked vs mapped" },
  }),
  crosstab: {
    args: "<question> --by <question|year|sample>",
    summary:
      "a question's options by the columns of a single-choice or multi-select question, the years or the sample",
    positionals: { min: 0, max: 1 },
    formats: ["table", "json", "csv"],
    options: {
      by: {
        type: "string",
        value: "question|year|sample",
        help: "the banner: its columns A, B, … (sample: the community and paid-panel parts of a panel year)",
      },
      year: years,
      universe: {
        type: "string",
        choices: CROSSTAB_UNIVERSE_NAMES,
        help: "who is counted (default respondents)",
      },
      sample: {
        type: "string",
        choices: CROSSTAB_SAMPLES,
        help: "the whole sample (default); in a year with a paid panel its community or its paid-panel part",
      },
      valid: {
        type: "boolean",
        help: "leave don't-know / not-applicable answers out of the base",
      },
      comparable: {
        type: "boolean",
        help: "keep only rows offered, with no break, in every year shown",
      },
      adjust: {
        type: "string",
        choices: ADJUSTMENTS,
        help: "p-value correction: per row (bonferroni, default; holm) or over the table (bh)",
      },
      diffs: {
        type: "boolean",
        help: "each tested pair's difference with its 95% Newcombe interval (table: a block below; csv: one line per pair)",
      },
      summary: {
        type: "boolean",
        help: "an ordinal question's mean and median from its stated bucket midpoints, or its net score, with 95% intervals (table: a block below; csv: one line per year and column)",
      },
      where: {
        type: "string",
        multiple: true,
        value: "[!]question=option[|option…]",
        help:
          "keep respondents with any of these answers or a net's (ANDed; question=option=level for a matrix; " +
          "answered:question, panel; ! for NOT)",
      },
      net: {
        type: "string",
        multiple: true,
        value: "[question:]name[=option,…]",
        help: "a net: counts who chose any of the options (a matrix: levels), as a row, column or --where; name alone: a standard net",
      },
      nets: {
        type: "boolean",
        help: "add the row and banner questions' standard nets (kube-census questions lists them)",
      },
      ...weightOptions(
        "weight each year (each part, by sample) to a year's sample mix or a YAML targets file; shares weighted, inference on n_eff",
      ),
      provenance,
    },
    notes: [
      "n, share and 95% Wilson interval per cell; two-sided z-tests between columns with n ≥ 30",
      "and expected counts ≥ 5, corrected per row (or over the table with --adjust bh); no test",
      "between two years across a break that affects the row. Bases: asked, answered, no answer.",
      "A multi-select banner's overlapping columns get the dependent-proportions test. By year, each",
      "row's Cochran–Armitage trend over its unbroken years. --diffs: differences with intervals.",
      "With --summary: mean, median and net score of an ordinal question (codebook scales:), per scale version.",
      "With --weight each year is raked on its own sample before the universe and --where; cells are",
      "weighted, bases show Σw, n_eff and design effect; intervals, letters, diffs and trends use n_eff.",
      "The samples are self-selected: intervals and tests describe sampling variation under simple",
      "random sampling only.",
    ],
  },
  tabs: {
    args: "<plan.yml> --out <dir>",
    summary: "every cross-tab a tab plan names, as CSV, JSON and one XLSX workbook, stamped",
    positionals: ONE_ARGUMENT,
    options: {
      out: {
        type: "string",
        value: "dir",
        help: "the folder to write (required; replaces only an earlier output left as written)",
      },
      format: {
        type: "string",
        value: "csv,json,xlsx",
        help: "which outputs, comma-separated (default all three; index.json always)",
      },
    },
    notes: [
      "A plan (YAML) lists named cross-tabs: question, by, years, universe, sample, where, nets,",
      "standard_nets, valid, comparable, adjust, diffs, weight {target, by, trim}; `defaults:` apply",
      "to every table unless it sets its own. Each table is checked as crosstab checks its flags,",
      "all before any is computed. Every output carries the tool version, the plan's sha256 and",
      "the database's content hash; the same plan on the same database writes the same bytes.",
    ],
  },
  quality: rowsCommand(
    "response-quality checks per year, sample part (paid panel) and region",
    {
      check: {
        type: "string",
        choices: QUALITY_CHECK_NAMES,
        help: "only this check (required with --format csv)",
      },
      year,
      by: { type: "string", choices: QUALITY_SPLITS, help: "also split by the region question" },
    },
    [
      "Descriptive: shares with their n, not evidence of bad faith. A year with summaries only is",
      "checked from its marginals: skipped shares and options per answer.",
    ],
  ),
  weights: {
    args: "<question> --year <year> --weight <year|file>",
    summary: "a question's shares with respondents raked to target margins (n_eff, design effect)",
    positionals: ONE_ARGUMENT,
    formats: TABLE_CSV_JSON,
    options: {
      year: { type: "string", value: "year", help: "the survey year to weight (required)" },
      ...weightOptions(
        "the targets: a YAML file (question: {cell: share}) or a year whose sample mix to match (required)",
      ),
      sample: {
        type: "string",
        choices: WEIGHT_SAMPLES,
        help: "which part to weight; parts: community and panel each, with their weighted differences",
      },
      "weights-out": {
        type: "string",
        value: "file",
        help: "also write every respondent's weight as CSV (year, sample, respondent, weight)",
      },
    },
    notes: [
      "Raking (iterative proportional fitting) to the targets' margins, tolerance 1e-6, at most 100",
      "passes (reported). org_size and region are weighted on cells every year shares (recuts merged:",
      "weighting_cells in the codebook). Each interval is Wilson's on n_eff = (Σw)²/Σw², each test a",
      "z-test on n_eff. Weighting cannot remove differences the weighting variables do not capture.",
    ],
  },
  verify: rowsCommand("the reproduction scorecard: every number the book prints against the data"),
  export: {
    args: "--out <dir>",
    summary: "harmonised tables, codebook, landscape and figures, with schema.json",
    positionals: NO_ARGUMENT,
    formats: ["parquet", "csv"],
    options: {
      out: { type: "string", value: "dir", help: "the folder to write (required)" },
      ...LABELLED_OPTIONS,
      ...weightOptions(
        "also write a weights table (each year raked on its own), or with --labelled a weight column: to a year's sample mix or a YAML targets file",
      ),
    },
    notes: [
      "With --labelled --year Y, one year's respondents instead, as a wide labelled file: Parquet",
      "(labels in its metadata), coded CSV, and the .sps, .R and .do that label the CSV; no free text.",
    ],
  },
  landscape: {
    summary: "landscape items, counts, diffs, the book's stack today, adoption vs maturity",
    positionals: { min: 0, max: 1 },
    formats: TABLE_CSV_JSON,
    options: {
      ...LANDSCAPE_FILTERS,
      org: { type: "string", value: "name", help: "only this organization" },
      search: { type: "string", value: "text", help: "match name and description" },
      at: {
        type: "string",
        value: "date",
        help: "the newest snapshot on or before this date (default the newest)",
      },
      "count-by": {
        type: "string",
        choices: countKeys,
        help: "items counted per group instead of listed (org: the item's organization)",
      },
      diff: {
        type: "string",
        multiple: true,
        value: "date",
        help: "items added, removed, moved or re-matured between two dates (--diff A B)",
      },
      book: { type: "boolean", help: "the book's 2020 stack in today's landscape" },
      adoption: { type: "boolean", help: "survey adoption beside CNCF maturity at each survey" },
    },
  },
  momentum: rowsCommand(
    "GitHub stars, contributors and commits of landscape items at a date, or their growth",
    {
      ...LANDSCAPE_FILTERS,
      search: { type: "string", value: "text", help: "match name and repository URL" },
      at: {
        type: "string",
        value: "date",
        help: "the newest processed snapshot on or before this date (default the newest)",
      },
      from: {
        type: "string",
        value: "date",
        help: "growth from the processed snapshot in force at this date (with --to)",
      },
      to: {
        type: "string",
        value: "date",
        help: "growth up to the snapshot in force at this date",
      },
      sort: {
        type: "string",
        choices: MOMENTUM_SORTS,
        help: "largest first by this (default stars; with --from/--to, by its growth)",
      },
      adoption: {
        type: "boolean",
        help: "survey production use of each product (CNCF projects, service mesh, storage, ingress, CI/CD) beside its GitHub facts, with rank correlations",
      },
    },
    [
      "Processed snapshots: 2018-06-30, 2018-12-31, 2019-06-30, 2019-12-31, 2020-07-31 (commits in",
      "the last 52 weeks from 2019-12-31 on). Growth is not read across a repository replaced or",
      "forked in between (the breaks column names it); a renamed or transferred repository goes on.",
      "With --adoption: each survey's CNCF project, service mesh and storage matrices and ingress and CI/CD lists (a tick",
      "is use; n, 95% Wilson intervals; list names through data/momentum/product-aliases.yml) beside the",
      "processed snapshot on or before the survey; Spearman's rho across projects with a Fisher-z",
      "95% interval. Self-selected samples, a few dozen projects: an association, not a cause.",
    ],
  ),
};

const FORMAT = (formats: readonly string[]): OptionSpec => ({
  type: "string",
  choices: formats,
  help: `output format (default ${formats[0]})`,
});

/** A command's options as the parser and the help see them: its own, and --format if it has formats. */
export function commandOptions(spec: CommandSpec): [string, OptionSpec][] {
  const all: [string, OptionSpec][] = Object.entries(spec.options);
  if (spec.formats) all.push(["format", FORMAT(spec.formats)]);
  return all;
}

/** The options parseArgs is given for a command: its own, --format where it has formats, --help. */
export function parserOptions(spec: CommandSpec) {
  const options: Record<
    string,
    { type: "string" | "boolean"; multiple?: boolean; short?: string }
  > = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of commandOptions(spec))
    options[name] = { type: o.type, ...(o.multiple && { multiple: true }) };
  return options;
}

/** The placeholder after a flag in the help: the list of its values, or what kind of value. */
export const placeholder = (o: OptionSpec) => o.choices?.join("|") ?? o.value ?? "value";

const flag = (name: string, o: OptionSpec) =>
  `--${name}${o.type === "string" ? ` <${placeholder(o)}>` : ""}`;

/** `kube-census <command> --help`: usage line, summary, every option with its help. */
export function commandUsage(name: string): string {
  const spec = COMMANDS[name]!;
  const all = commandOptions(spec);
  const width = Math.max(0, ...all.map(([n, o]) => flag(n, o).length));
  const lines = [
    `Usage: kube-census ${name}${spec.args ? ` ${spec.args}` : ""}${all.length ? " [options]" : ""}`,
    "",
    `  ${spec.summary}`,
  ];
  if (spec.notes) lines.push(...spec.notes.map((n) => `  ${n}`));
  if (all.length) {
    lines.push("", "Options:");
    for (const [n, o] of all)
      lines.push(`  ${flag(n, o).padEnd(width)}  ${o.help}${o.multiple ? " (repeatable)" : ""}`);
  }
  return lines.join("\n") + "\n";
}

/** `kube-census --help`: every command with its summary. */
export function overallUsage(): string {
  const COLUMN = 34;
  const lines = Object.entries(COMMANDS).map(([name, spec]) => {
    const head = `${name}${spec.args ? ` ${spec.args}` : ""}`;
    return head.length + 2 > COLUMN
      ? `  ${head}\n  ${" ".repeat(COLUMN)}${spec.summary}`
      : `  ${head.padEnd(COLUMN)}${spec.summary}`;
  });
  return [
    "kube-census — the cloud-native ecosystem, reproducible",
    "",
    "Usage: kube-census <command> [options]",
    "       kube-census <command> --help      that command's arguments and options",
    "",
    ...lines,
    "",
    "Environment: KUBE_CENSUS_MIRROR (mirror folders, colon-separated), KUBE_CENSUS_DB (the",
    "database), KUBE_CENSUS_RAW (the raw folder).",
    "",
  ].join("\n");
}
