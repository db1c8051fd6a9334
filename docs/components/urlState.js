// A chart's control state lives in the page URL (`?fig-2-6.year=2019&fig-2-6.segments=…`), so a
// link reproduces the view. Each figure owns the parameters prefixed with its id.

/**
 * Reads one figure's state from the URL: parameter (without the id's prefix) → value, as given.
 * @param {string} id
 */
export function readState(id) {
  const params = new URLSearchParams(location.search);
  /** @type {Record<string, string | undefined>} */
  const state = {};
  for (const [key, value] of params)
    if (key.startsWith(`${id}.`)) state[key.slice(id.length + 1)] = value;
  return state;
}

/** Reads a parameter given several times (`?explorer.where=a&explorer.where=b`), in order. */
export const readList = (/** @type {string} */ id, /** @type {string} */ key) =>
  new URLSearchParams(location.search).getAll(`${id}.${key}`);

/**
 * Writes one figure's state (an array value: the parameter once per element) into the URL without reloading or adding history entries.
 * @param {string} id
 * @param {Record<string, string | number | boolean | undefined | readonly (string | number)[]>} state
 */
export function writeState(id, state) {
  const params = new URLSearchParams(location.search);
  for (const key of [...params.keys()]) if (key.startsWith(`${id}.`)) params.delete(key);
  for (const [key, value] of Object.entries(state))
    for (const v of Array.isArray(value) ? value : [value])
      if (v !== undefined && v !== "") params.append(`${id}.${key}`, String(v));
  const query = params.toString();
  history.replaceState(
    history.state,
    "",
    `${location.pathname}${query ? `?${query}` : ""}${location.hash}`,
  );
}
