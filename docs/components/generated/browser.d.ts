// The types of browser.js, the bundle src/site/bundle-browser.ts writes beside this file: its
// entry's own (tsc checks the components against them without a build having run).
export * from "../../../src/site/browser.ts";
