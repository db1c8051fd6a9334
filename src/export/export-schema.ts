/** A table `kube-census export` writes: its one-line description and one per column. */
export interface ExportTable {
  table: string;
  description: string;
  /** Only these columns are exported: a new column must be described (and checked) here first. */
  columns: Record<string, string>;
  /** Row order of the file, where the table's own (physical) order is not a reader's. */
  orderBy?: string;
}

const surveyKey = {
  source: "survey export id (sources.id), e.g. survey-2019",
  year: "survey year (1H 2020 is 2020)",
  respondent: "respondent number within the export, from 1",
};

/**
 * Every table the export writes. Free text never leaves the database: `free_text` and
 * `survey_cells` hold typed answers, and `ingest_issues.value` can hold a stray fragment of one.
 */
export const EXPORT_TABLES: readonly ExportTable[] = [
  {
    table: "answers",
    description:
      "harmonised long form: one row per respondent × codebook question × option (× level for matrices)",
    // why: the table is stored sorted by question (for queries); a file reads best respondent by
    // respondent, as the exports do — and a CSV reader sniffing its first rows then meets quoted
    // answers, which the first questions in name order have none of
    orderBy: "source, respondent, question, option, value",
    columns: {
      ...surveyKey,
      question: "codebook question id (codebook_questions.id)",
      option:
        "canonical option in the 2019 wording (codebook_options.option); 'Other (please specify)' means the box was filled, its text is not exported",
      value:
        "matrix level ('Using in production', 'Evaluating', 'N/A'); null for single and multi questions",
    },
  },
  {
    table: "respondents",
    description: "one row per respondent of each survey export",
    columns: {
      ...surveyKey,
      sheet_row:
        "row of the respondent in the raw spreadsheet (header rows are 1 and 2; 1-3 in the coded 2022 export)",
      excluded:
        "the screening rule that removed the respondent from the published sample (table screening); null when in it",
      collector: "SurveyMonkey collector id (2022), the link a respondent came through",
      panel:
        "true for the paid panel's collector, false for community collectors (2022); null where the export cannot tell",
    },
  },
  {
    table: "screening",
    description:
      "the screening rules of each survey export, in the order they apply, and how many each removed",
    columns: {
      source: "survey export id (sources.id)",
      order:
        "position of the rule, from 1: a respondent counts under the first rule that removes it",
      rule: "rule id, as in respondents.excluded",
      description: "what the rule removes",
      removed: "respondents it removed",
    },
  },
  {
    table: "published_marginals",
    description:
      "CNCF's published 2021 one-question summaries (question × row item × option × region): counts, not respondents",
    columns: {
      source: "summary workbook id (sources.id): survey-2021-part1 or -part2",
      year: "survey year",
      wave: "1 or 2: the two 2021 waves asked different people",
      sheet: "sheet of the workbook",
      question: "question text as the sheet prints it (cell A2)",
      item: "matrix row item the block is about; null for single and multi questions",
      option: "option (column) label as printed",
      region: "'Total', or the region of the row",
      count: "respondents choosing the option (in the region)",
      share: "share as printed (of those who answered; per region of those who rated the row)",
      answered: "the block's Answered count, its base (often shared by a page's questions)",
      skipped: "the block's Skipped count",
      row: "spreadsheet row of the value",
      question_id: "codebook question it is harmonised to; null when the codebook does not use it",
      option_id: "canonical option (a matrix: the level)",
      item_id: "canonical option of a matrix row",
    },
  },
  {
    table: "respondent_profile",
    description:
      "one row per respondent with every single-choice answer as a column (the view of the same name)",
    // Its other columns are one per single-choice question, described from the codebook.
    columns: {
      ...surveyKey,
      panel:
        "true for a paid panel collector (2022), false for the community collectors, null where no panel is known",
    },
  },
  {
    table: "survey_sources",
    description: "one row per survey export loaded",
    columns: {
      source: "survey export id (sources.id)",
      year: "survey year",
      period: "the survey's own name for its period, e.g. '1H 2020'",
      file: "raw file path under data/raw/",
      respondents: "respondents in the export",
      columns: "columns in the export (after rejoining 2018's split cell)",
      repaired_rows:
        "rows realigned by the loader (2018: rows that chose the split load-balancer option)",
      sample: "respondents in the published sample after screening (2022: 2,063 of 2,286)",
      reference_date:
        "the date CNCF maturities are read at for this survey (data/surveys/<source>.yml gives the evidence); null where not established",
    },
  },
  {
    table: "survey_columns",
    description:
      "one row per column of each survey export: its header texts and where it was harmonised to",
    columns: {
      source: "survey export id (sources.id)",
      year: "survey year",
      position: "column number in the export, from 1",
      question: "question text of the column's block (first header row, normalised spaces)",
      occurrence: "which block with this question text (1, 2, …): 2018 asks one question twice",
      option:
        "option text of the column (second header row); 'Response' for a single answer column",
      kind: "how cells are read: response (the answer itself), option (a tick), other (an 'Other (please specify)' box), open (typed answer)",
      question_id:
        "codebook question the column is harmonised to; null when the codebook does not use it",
      option_id:
        "canonical option the column stands for (what that year offered); null for response and unmapped columns",
      free_text:
        "true when the column holds typed text (other and open columns, or anyone typed into it); that text is not exported",
    },
  },
  {
    table: "survey_offered",
    description:
      "one row per option each survey year's export offered for a codebook question, chosen or not — never read from the answers given",
    columns: {
      source: "survey export id (sources.id)",
      year: "survey year",
      question: "codebook question id",
      option:
        "canonical option offered ('Other (please specify)' where the export has an Other box)",
      origin:
        "where the list comes from: column (an option or Other column of the export), code frame (a coded export's reference model), codebook (the codebook's years.<year>.offered, for one-column questions)",
    },
  },
  {
    table: "codebook_questions",
    description: "one row per canonical question of the codebook (data/codebook/*.yml)",
    columns: {
      id: "question id, as used in answers.question",
      label: "short label",
      type: "single, multi, matrix or free_text",
      description: "what the question asks, where the codebook says",
    },
  },
  {
    table: "codebook_options",
    description: "one row per option of each codebook question, in the 2019 survey's wording",
    columns: {
      question: "codebook question id",
      option: "canonical option label",
      order: "position of the option in the codebook, from 1",
    },
  },
  {
    table: "codebook_aliases",
    description: "one row per printed label another year uses for a canonical option",
    columns: {
      question: "codebook question id",
      alias: "label as printed in some year's export (e.g. the 1H 2020 bucket 'Oct-49')",
      option: "canonical option it maps to",
    },
  },
  {
    table: "codebook_years",
    description: "one row per question text under which a year's export asks a codebook question",
    columns: {
      question: "codebook question id",
      year: "survey year",
      question_text: "question text as printed in that year's export",
      occurrence: "which block with that text, where the text repeats; else null",
    },
  },
  {
    table: "codebook_breaks",
    description:
      "what makes a year's answers to a codebook question not comparable with the year before (codebook years.<y>.breaks)",
    columns: {
      question: "codebook question id",
      year: "survey year the break is in",
      kind: "wording, options, routing, universe, type or scale",
      explanation: "the break, explained",
      options:
        "the options it affects, as a JSON array; null when it affects every row of the question",
    },
  },
  {
    table: "codebook_nets",
    description:
      "the codebook's standard nets (codebook nets:), one row per member: a net counts a respondent once if they chose any member",
    columns: {
      question: "codebook question id",
      net: "the net's name, as crosstab --net and --where take it",
      order: "position of the net among the question's nets, from 1",
      member: "an option it groups (a matrix question: a level, the net being a box of its scale)",
      member_order: "position of the member in the net, from 1",
    },
  },
  {
    table: "codebook_scales",
    description:
      "the codebook's ordinal scales (codebook scales:), one row per year and answer: the numbers crosstab --summary's means and medians use",
    columns: {
      question: "codebook question id",
      year: "survey year the scale was asked in",
      scale:
        "the scale version's name; buckets recut between years make another version, never pooled",
      option: "an answer (codebook option)",
      point:
        "its position on the scale, lowest first from 1; null when it is no point of the scale (don't know, not using)",
      midpoint:
        "the number the answer stands for (a bucket's midpoint; the open top bucket's chosen value); null on a scale of words",
      box: "top or bottom: the answer's box in the net score (top-2 minus bottom-2 box); null otherwise",
      unit: "what the midpoints count",
      open_top: "why the open top bucket (and any other open end) has its value",
      note: "what else a reader of the scale needs to know",
    },
  },
  {
    table: "codebook_weighting_cells",
    description:
      "the codebook's weighting cells (codebook weighting_cells:), one row per option: the cell an answer to a weighting question falls in, the same in every year where the buckets were recut",
    columns: {
      question: "codebook question id (single-choice)",
      cell: "the weighting cell, as a targets file of weights / crosstab --weight names it",
      order: "position of the cell among the question's cells, from 1",
      option: "a canonical option, of any year, that falls in the cell",
    },
  },
  {
    table: "question_breaks",
    description:
      "every break of every question: the codebook's hand-written ones and those derived from the data (options offered or dropped, aliases, one vs several answers, matrix levels, folded blocks, routing), attached to the option they affect",
    columns: {
      id: "break number, stable within one database",
      question: "codebook question id",
      year: "survey year the break is in",
      previous_year: "the previous year the question was asked, which the break separates it from",
      kind: "options, alias, type, scale, wording, routing or universe",
      option: "the option it affects; null when it affects every row of the question",
      explanation: "the break, explained",
      origin: "codebook (written by hand) or derived (from the data)",
      comparable:
        "true only for an alias: the same option printed under another label, kept visible, never a reason to refuse a comparison",
      valid_only:
        "true when only don't-know / not-applicable answers changed: a base of valid answers (crosstab --valid) stays comparable",
      filter_question:
        "a derived routing break's filter question (question_routing); null otherwise",
    },
  },
  {
    table: "question_routing",
    description:
      "routing detected from the answers: one row per list a year asked only of those who gave some answers to an earlier single-choice question",
    columns: {
      year: "survey year (respondent-level years only: 2018, 2019, 1H 2020 as 2020, 2022)",
      question: "the routed list (codebook question id)",
      filter_question:
        "the nearest earlier single-choice question whose answers explain the skip (codebook question id)",
      asked_options:
        "canonical answers to the filter whose respondents were asked (the list answered by at least half of each); '(no answer)' = left the filter blank",
      skipped_options:
        "canonical answers to the filter whose respondents were not asked (at most 2% answered the list, or one stray respondent); '(no answer)' = left the filter blank",
      answer_rate_asked:
        "share of the respondents giving an asked answer (who reached the list) that answered the list",
      answer_rate_skipped:
        "share of the respondents giving only skipped answers (who reached the list) that answered the list",
      n_asked: "respondents who reached the list and gave an asked answer",
      n_skipped: "respondents who reached the list and gave only skipped answers",
      description: "the finding in words, with its counts",
    },
  },
  {
    table: "landscape_items",
    description: "one row per CNCF landscape item per snapshot of landscape.yml",
    columns: {
      snapshot: "date of the landscape.yml snapshot",
      category: "landscape category",
      subcategory: "landscape subcategory",
      name: "item name",
      maturity:
        "CNCF maturity (sandbox, incubating, graduated, archived); null when not a CNCF project",
      homepage_url: "homepage URL",
      repo_url: "source repository URL",
      organization: "organization slug of the crunchbase URL",
      crunchbase_url: "crunchbase organization URL",
      description: "the landscape's description of the item",
      accepted: "date accepted into the CNCF",
      incubating: "date it became incubating",
      graduated: "date it graduated",
      archived: "date it was archived",
      path: "where the item sits in the file, e.g. landscape[0].subcategories[2].items[5]",
      extra: "JSON object of every other field of the item (logo, twitter, …)",
    },
  },
  {
    table: "momentum",
    description:
      "one row per landscape item with GitHub facts per processed_landscape.yml snapshot (2018-06-30 … 2020-07-31); the files' Crunchbase and Yahoo Finance blocks are never read",
    columns: {
      snapshot: "date of the processed_landscape.yml snapshot",
      item_key:
        "the landscape's item key: the name in lower case, runs of spaces as one (as landscape_items are matched across snapshots)",
      name: "item name",
      category: "landscape category at that snapshot",
      subcategory: "landscape subcategory at that snapshot",
      maturity: "CNCF maturity at that snapshot; null when not a CNCF project",
      repo_url: "the item's repository URL at that snapshot",
      stars: "GitHub stars of the repository when the landscape last refreshed it",
      contributors: "GitHub contributor count of the repository",
      commits_52w:
        "commits in the 52 weeks of the file's weekly series (sum of github_data.contributions); null in the files before 2019-12-31, which have no series",
      first_week: "first week of that 52-week series",
      first_commit: "date of the repository's first commit",
      first_commit_sha:
        "sha of the first commit: the same across a rename or transfer (and a fork)",
      latest_commit: "date of the latest commit",
      license: "licence as GitHub names it (its wording changed between snapshots)",
      language:
        "the language with most bytes; null before 2019-12-31 and for repositories without code",
      path: "where the item sits in the file, e.g. landscape[0].subcategories[2].items[5]",
    },
  },
  {
    table: "momentum_breaks",
    description:
      "one row per change of an item's repository between two consecutive processed snapshots: growth is read across a move only",
    columns: {
      item_key: "the item's key (as in momentum)",
      name: "item name after the change",
      from_snapshot: "the last snapshot with the old repository",
      to_snapshot: "the first snapshot with the new one",
      from_repo: "repository before",
      to_repo: "repository after",
      kind: "moved (same first commit, stars did not fall: a rename or transfer), forked (same first commit, fewer stars), replaced (another first commit, or unknown)",
      stars_before: "stars at from_snapshot",
      stars_after: "stars at to_snapshot",
      explanation: "the change in words",
    },
  },
  {
    table: "tns_stack",
    description:
      "one row per entry of the book's chapter-2 vendor tables (a printed row has up to two)",
    columns: {
      layer: "stack layer the table covers",
      table_row: "printed row within the layer's table, from 1",
      kind: "commercial or open source",
      name: "product or project name",
      vendor: "vendor of a commercial product",
      cncf_status_2020: "CNCF status the book prints for an open source project",
      where: "chapter, section and page of the table",
    },
  },
  {
    table: "tns_platforms",
    description:
      "one row per entry of the book's lists of distributions, enterprise platforms and managed services",
    columns: {
      list: "list id",
      name: "platform or service name",
      vendor: "vendor; null where the book names none",
      where: "chapter, section and page",
      note: "what the book says about it, in our words",
    },
  },
  {
    table: "published_claims",
    description: "one row per number the book prints about the CNCF surveys",
    columns: {
      id: "claim id",
      figure: "figure id the claim belongs to, or 'other'",
      year: "survey year",
      segment: "segment of the figure ('all' when unsegmented)",
      category: "option or figure category; '*' for the universe as a whole",
      measure: "share, n, mean, count, rank or ratio",
      value: "the number (a share as a fraction: 39% is 0.39)",
      qualifier:
        "how the printed number bounds the value: exact, about, almost, at least, more than, at most",
      printed: "the number as printed",
      n: "universe size printed with it, if any",
      where: "chapter, section and page",
      note: "context of the claim, in our words",
    },
  },
  {
    table: "sources",
    description: "one row per pinned raw source of data/sources.json",
    columns: {
      id: "source id",
      kind: "survey, landscape or document",
      year: "survey year (surveys only)",
      snapshot: "snapshot date (landscape only)",
      file: "path under data/raw/",
      url: "download URL, pinned to a commit",
      commit: "commit the URL is pinned to",
      sha256: "sha256 of the file",
      bytes: "file size in bytes",
      license: "licence of the source",
      loaded: "true when the ingest read it",
      note: "why it was not read, if it was not",
    },
  },
];

/** Tables deliberately left out, with the reason recorded in schema.json. */
export const EXCLUDED_TABLES: readonly { table: string; reason: string }[] = [
  {
    table: "free_text",
    reason: "typed answers of respondents: kept in the database, never published",
  },
  { table: "survey_cells", reason: "raw cells as exported, including typed answers" },
  {
    table: "ingest_issues",
    reason:
      "its value column can hold a respondent's stray text (a free-text fragment shifted into an option cell)",
  },
  { table: "ingest_runs", reason: "build log of this machine (timestamps), not data" },
  {
    table: "kube_census",
    reason:
      "the mark that identifies a kube-census database (tool, schema version, when written), not data",
  },
  {
    table: "answers_all",
    reason:
      "answers with screened-out respondents too; `answers` (exported) holds the published samples, so nothing is counted twice",
  },
];

/** The columns of every figure file: the JSON contract of `kube-census figure --format json`. */
export const FIGURE_COLUMNS: Record<string, string> = {
  year: "survey year",
  segment: "segment ('all' when unsegmented)",
  category: "category (an option or a bucket of options)",
  n: "respondents in the universe of the segment that year",
  count: "of those, respondents in the category",
  share: "count / n, rounded to 4 decimals",
  ci_low: "lower bound of the 95% Wilson interval of the share",
  ci_high: "upper bound of the 95% Wilson interval of the share",
  source:
    "computed (from the raw answers), published (printed in the book, for years without raw data) or marginal (CNCF's 2021 one-question summaries)",
  sample: "all (the year's published sample), or for 2022 its community or panel part",
  notes: "breaks between this row and the year before, as 'kind: explanation' joined by ' | '",
};
