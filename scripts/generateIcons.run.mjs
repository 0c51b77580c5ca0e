// Renders the app icons (PNG) from SVG with the system Chromium: `node scripts/generateIcons.run.mjs`.
// The PNGs are committed; run this again only when the artwork changes.
import { writeFile } from "node:fs/promises";
import { chromium } from "@playwright/test";

const glyph =
  '<path d="M14 44 L32 14 L50 44 Z" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round"/>' +
  '<path d="M22 36 H42" stroke="#fff" stroke-width="5" stroke-linecap="round"/>';
// "any": the rounded tile of favicon.svg. "maskable": full-bleed, the glyph inside the 80% safe zone.
const artwork = {
  any: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#fa520f"/>${glyph}</svg>`,
  maskable: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#fa520f"/><g transform="translate(32 32) scale(0.62) translate(-32 -32)">${glyph}</g></svg>`,
};
const outputs = [
  { file: "public/icon-192.png", art: "any", size: 192 },
  { file: "public/icon-512.png", art: "any", size: 512 },
  { file: "public/icon-maskable-512.png", art: "maskable", size: 512 },
  { file: "public/apple-touch-icon.png", art: "maskable", size: 180 },
];

const browser = await chromium.launch({ executablePath: process.env.TRAMONTANE_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
for (const { file, art, size } of outputs) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${artwork[art]}`);
  await writeFile(file, await page.screenshot({ omitBackground: true }));
  console.log(file);
}
await browser.close();
