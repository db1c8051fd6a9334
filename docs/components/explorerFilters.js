import { html } from "htl";

/** @typedef {import("../../src/site/explorer-format.ts").ExplorerQuestion} Question */

/**
 * A filter (as the CLI's `--where`) in words: `question=option[=level]` as the question's wording
 * and the option's label, "Organization size: >5000", "CNCF projects: Helm (Using in production)";
 * `answered:question` as "answered Organization size"; `panel` as "the paid panel"; a leading `!`
 * as "not …". A form it does not know is shown as typed.
 * @param {string} where
 * @param {Pick<Question, "id" | "label">[]} questions
 * @returns {string}
 */
export function filterText(where, questions) {
  const text = where.trim();
  if (text.startsWith("!")) return `not ${filterText(text.slice(1), questions)}`;
  if (text === "panel") return "the paid panel";
  const answered = /^answered:(.+)$/.exec(text);
  if (answered) {
    const q = questions.find((q) => q.id === answered[1]?.trim());
    return q ? `answered ${q.label}` : where;
  }
  const [id, option = "", ...level] = text.split("=");
  const q = questions.find((q) => q.id === id?.trim());
  if (!q) return where;
  return `${q.label}: ${option}${level.length ? ` (${level.join("=")})` : ""}`;
}

/** What a filter added with the controls asks of a respondent (the CLI's `--where` forms). */
const KINDS = [
  { value: "chose", label: "chose", where: (/** @type {string} */ choice) => choice },
  { value: "not", label: "did not choose", where: (/** @type {string} */ choice) => `!${choice}` },
  {
    value: "answered",
    label: "answered it",
    where: (/** @type {string} */ id) => `answered:${id}`,
  },
  {
    value: "not-answered",
    label: "did not answer it",
    where: (/** @type {string} */ id) => `!answered:${id}`,
  },
];

/**
 * The filters of the explorer (`question=option`, `question=option=level` for a matrix, ANDed; a
 * standard net's name in place of the option, or of a matrix's level, keeps who chose any member):
 * each listed with a button removing it, and a row of selects adding one. `onChange` receives the
 * new list.
 * @param {Question[]} questions
 * @param {string[]} where
 * @param {(where: string[]) => void} onChange
 */
export function explorerFilters(questions, where, onChange) {
  const questionSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Filter question">
      ${questions.map((q) => html`<option value=${q.id}>${q.label}</option>`)}
    </select>`
  );
  const optionSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Filter option"></select>`
  );
  const levelSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Filter level"></select>`
  );
  const levelLabel = html`<label>at ${levelSelect}</label>`;
  const kindSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Filter kind">
      ${KINDS.map((k) => html`<option value=${k.value}>${k.label}</option>`)}
    </select>`
  );
  const optionLabel = html`<label>${optionSelect}</label>`;
  const answeredKind = () => kindSelect.value === "answered" || kindSelect.value === "not-answered";
  const add = html`<button type="button">Add filter</button>`;
  // why: the select lists exactly `questions`, so its value is always one of them
  const selected = () =>
    /** @type {Question} */ (questions.find((q) => q.id === questionSelect.value));
  const fill = () => {
    const q = selected();
    // A standard net (a matrix: a box of levels) filters like its members, any of them.
    const nets = (q.nets ?? []).map((n) => html`<option value=${n.name}>${n.name} (net)</option>`);
    optionSelect.replaceChildren(
      ...q.options.map((o) => html`<option value=${o}>${o}</option>`),
      ...(q.type === "matrix" ? [] : nets),
    );
    levelSelect.replaceChildren(
      ...q.levels.map((l) => html`<option value=${l}>${l}</option>`),
      ...(q.type === "matrix" ? nets : []),
    );
    // why: an "answered" filter names the question only
    optionLabel.hidden = answeredKind();
    levelLabel.hidden = q.type !== "matrix" || answeredKind();
  };
  questionSelect.addEventListener("change", fill);
  kindSelect.addEventListener("change", fill);
  fill();
  add.addEventListener("click", () => {
    const q = selected();
    const kind = /** @type {(typeof KINDS)[number]} */ (
      KINDS.find((k) => k.value === kindSelect.value) ?? KINDS[0]
    );
    const choice = [q.id, optionSelect.value, ...(q.type === "matrix" ? [levelSelect.value] : [])];
    const text = kind.where(answeredKind() ? q.id : choice.join("="));
    if (!where.includes(text)) onChange([...where, text]);
  });
  const items = where.map((w, i) => {
    const remove = html`<button
      type="button"
      aria-label=${`Remove filter ${filterText(w, questions)}`}
    >
      ×
    </button>`;
    remove.addEventListener("click", () => onChange(where.filter((_, j) => j !== i)));
    return html`<li><span>${filterText(w, questions)}</span> ${remove}</li>`;
  });
  return html`<fieldset class="explorer-filters">
    <legend>Filters (respondents who match all of them)</legend>
    ${
      items.length
        ? html`<ul>
            ${items}
          </ul>`
        : html`<p class="muted">None: everyone in the universe.</p>`
    }
    <div class="controls">
      <label>Question ${questionSelect}</label>
      ${kindSelect} ${optionLabel} ${levelLabel} ${add}
    </div>
  </fieldset>`;
}
