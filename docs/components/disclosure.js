import { html } from "htl";
import { SAMPLING_DISCLOSURE } from "./generated/browser.js";

/**
 * What the site's 95% intervals and significance letters can and cannot claim, in the words every
 * output prints (src/survey/disclosure.ts). Drawn into a page's `<div class="view-slot"
 * data-view="disclosure">` by the build, so it is in the HTML before any script runs.
 */
export function disclosure() {
  return html`<p class="disclosure-full">
    <strong>Intervals and tests.</strong> ${SAMPLING_DISCLOSURE}
  </p>`;
}
