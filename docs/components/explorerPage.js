// What the explorer page loads, bundled into one module (src/site/bundle-browser.ts): the view,
// its Plot and htl, and the cross-tab engine (arquero and the CLI's own code), which the view is
// given as `engine`. As separate modules they were ~50 requests, each a round trip on a phone.
export { ExplorerView } from "./explorerView.js";
export * as engine from "../../src/site/explorer-browser.ts";
export { hydrateLive } from "./liveSlot.js";
