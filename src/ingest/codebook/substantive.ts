/**
 * Answers that say the question does not apply or that the respondent does not know: not a
 * substantive answer. `--valid` leaves them out of a share's base (asked → answered → valid), and
 * a break confined to them leaves the valid base comparable. One pattern, used by the ingest's
 * break derivation and the cross-tab alike.
 */
export const NOT_SUBSTANTIVE_PATTERN =
  "(?i)(don'?t know|not sure|^n/?a\\b|not applicable|^i do not use|prefer not)";

/** A SQL boolean: the option (or level) expression is not a substantive answer. */
export const NOT_SUBSTANTIVE_SQL = (expr: string) =>
  `coalesce(regexp_matches(${expr}, '${NOT_SUBSTANTIVE_PATTERN.replace(/'/g, "''")}'), false)`;

const pattern = new RegExp(NOT_SUBSTANTIVE_PATTERN.replace("(?i)", ""), "i");

/** The same test in TypeScript (the explorer counts in the browser). */
export const isSubstantive = (label: string) => !pattern.test(label);
