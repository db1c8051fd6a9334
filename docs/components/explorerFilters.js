import { html } from "htl";

/** @typedef {import("../../src/site/explorer-format.ts").ExplorerQuestion} Question */

/**
 * A filter (`question=option[=level]`, as the CLI's `--where`) in words: the question's wording
 * and the option's label, "Organization size: >5000", "CNCF projects: Helm (Using in production)".
 * The CLI's other forms, typed into the address (`!…`, `answered:…`, `panel`), name no question
 * before their first "=" and are shown as typed.
 * @param {string} where
 * @param {Pick<Question, "id" | "label">[]} questions
 */
export function filterText(where, questions) {
  const [id, option = "", ...level] = where.split("=");
  const q = questions.find((q) => q.id === id);
  if (!q) return where;
  return `${q.label}: ${option}${level.length ? ` (${level.join("=")})` : ""}`;
}

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
    levelLabel.hidden = q.type !== "matrix";
  };
  questionSelect.addEventListener("change", fill);
  fill();
  add.addEventListener("click", () => {
    const q = selected();
    const text = [q.id, optionSelect.value, ...(q.type === "matrix" ? [levelSelect.value] : [])];
    if (!where.includes(text.join("="))) onChange([...where, text.join("=")]);
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
    <legend>Filters (respondents who chose all of them)</legend>
    ${
      items.length
        ? html`<ul>
            ${items}
          </ul>`
        : html`<p class="muted">None: everyone in the universe.</p>`
    }
    <div class="controls">
      <label>Question ${questionSelect}</label>
      <label>chose ${optionSelect}</label>
      ${levelLabel} ${add}
    </div>
  </fieldset>`;
}
