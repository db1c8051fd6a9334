// What the landscape page loads, bundled into one module (src/site/bundle-browser.ts): the
// explorer with the parts of Plot and d3 it draws with. As separate modules they were ~50
// requests, each a round trip on a phone.
export { LandscapeExplorer } from "./landscapeExplorer.js";
export { hydrateLive } from "./liveSlot.js";
