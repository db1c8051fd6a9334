#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx kube-census` works right after `npm ci`, with no compile step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
