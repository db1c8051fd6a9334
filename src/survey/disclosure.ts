/**
 * What an interval or a significance letter can and cannot claim, in one place: every output that
 * shows one (CLI method text and JSON, site cards and explorer, the export's schema) prints this.
 * AAPOR's guidance for non-probability samples: do not present a margin of error as if it measured
 * total error. Browser-safe (no Node or DuckDB import), so the site bundles the same words.
 */
export const SAMPLING_DISCLOSURE =
  "The CNCF samples are self-selected (and, in a year that mixes one in, partly a paid opt-in panel) and unweighted: " +
  "95% intervals and significance tests describe sampling variation only as if the respondents " +
  "were a simple random sample; they do not measure how far the sample is from the population.";

/** The same, short enough for a chart's caption. */
export const SAMPLING_DISCLOSURE_SHORT =
  "Self-selected, unweighted samples: intervals and tests show sampling variation under simple random sampling only.";
