import { html } from "htl";

/** @typedef {import("../../src/site/explorer-format.ts").ExplorerQuestion} Question */

/**
 * A net as typed (`crosstab --net`): `name=a|b` on the question, `question:name=a|b` on another,
 * a standard net's name alone. In words: "Security or Storage (any of Security, Storage)".
 * @param {string} text
 */
export function netText(text) {
  const prefix = /^([a-z][a-z0-9_]*):(.*)$/s.exec(text);
  const rest = prefix ? (prefix[2] ?? "") : text;
  const eq = rest.indexOf("=");
  if (eq < 0) return rest;
  return `${rest.slice(0, eq)} (any of ${rest
    .slice(eq + 1)
    .split("|")
    .join(", ")})`;
}

/**
 * The explorer's nets: the standard nets of the question and the banner (`--nets`), and nets
 * defined here from the options of the question (a matrix: its levels, a box) or of the banner
 * question (a banner column), each listed with a button removing it. `onChange` receives the new
 * `{ standard, nets }`.
 * @param {{ question: Question, banner: Question | undefined, standard: boolean, nets: string[], onChange: (next: { standard: boolean, nets: string[] }) => void }} options
 */
export function explorerNets({ question, banner, standard, nets, onChange }) {
  /** @param {Question} q */
  const membersOf = (q) => (q.type === "matrix" ? q.levels : q.options);
  const offered = [question, ...(banner ? [banner] : [])].filter((q) => q.nets?.length);
  const standardBox = /** @type {HTMLInputElement} */ (
    html`<input type="checkbox" name="nets" checked=${standard} />`
  );
  standardBox.addEventListener("change", () => onChange({ standard: standardBox.checked, nets }));
  const nameBox = /** @type {HTMLInputElement} */ (
    html`<input type="text" aria-label="Net name" placeholder="Net name" maxlength="60" />`
  );
  // A banner question (never a matrix) can take a net too: one more banner column.
  const onSelect = /** @type {HTMLSelectElement} */ (
    html`<select aria-label="Net on">
      <option value="question">the question (a row)</option>
      ${banner ? html`<option value="banner">the banner (a column)</option>` : ""}
    </select>`
  );
  const memberSelect = /** @type {HTMLSelectElement} */ (
    html`<select multiple aria-label="Net members"></select>`
  );
  const target = () => (onSelect.value === "banner" && banner ? banner : question);
  const fill = () => {
    const members = membersOf(target());
    memberSelect.size = Math.min(6, members.length);
    memberSelect.replaceChildren(...members.map((m) => html`<option value=${m}>${m}</option>`));
  };
  onSelect.addEventListener("change", fill);
  fill();
  const add = html`<button type="button">Add net</button>`;
  const problem = html`<p class="explorer-nets-error" role="alert"></p>`;
  add.addEventListener("click", () => {
    const chosen = [...memberSelect.selectedOptions].map((o) => o.value);
    const name = nameBox.value.trim().replaceAll(/[=|:]/g, " ").replace(/\s+/g, " ");
    const on = target();
    if (!name || chosen.length < 1) {
      problem.textContent = `Name the net and choose at least one ${on.type === "matrix" ? "level" : "option"}.`;
      return;
    }
    // why: "|" separates members unambiguously (labels hold commas, never "|"); a banner net
    // names its question, as --net does
    const text = `${on === question ? "" : `${on.id}:`}${name}=${chosen.join("|")}`;
    if (!nets.includes(text)) onChange({ standard, nets: [...nets, text] });
  });
  const items = nets.map((n, i) => {
    const remove = html`<button type="button" aria-label=${`Remove net ${netText(n)}`}>×</button>`;
    remove.addEventListener("click", () =>
      onChange({ standard, nets: nets.filter((_, j) => j !== i) }),
    );
    return html`<li><span>${netText(n)}</span> ${remove}</li>`;
  });
  return html`<fieldset class="explorer-nets">
    <legend>Nets (a respondent counts once if they chose any member)</legend>
    <label
      >${standardBox} Standard nets:
      ${
        offered.length
          ? offered
              .map((q) => `${q.label}: ${(q.nets ?? []).map((n) => n.name).join(", ")}`)
              .join("; ")
          : "none for this question or banner"
      }</label
    >
    ${
      items.length
        ? html`<ul>
            ${items}
          </ul>`
        : ""
    }
    <div class="controls">
      <label>Name ${nameBox}</label>
      <label>on ${onSelect}</label>
      <label
        >${question.type === "matrix" ? "levels (a box) or options" : "options"}
        ${memberSelect}</label
      >
      ${add}
    </div>
    ${problem}
  </fieldset>`;
}
