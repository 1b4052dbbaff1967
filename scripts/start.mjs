// `npm start`: after the build, open Chromium with the extension loaded and the reader showing.
// Uses CHROME_PATH, else the usual install places. Without a display (a server, CI) it runs
// headless, saves a screenshot of the reader and says where.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const EXTENSION_ID = 'lpcmbjnnafoijdjdjgdfnbehflmkfddm'; // pinned by the manifest key in wxt.config.ts
const extensionDir = resolve('.output/chrome-mv3');
const profileDir = resolve('.meipi-profile');
const readerUrl = `chrome-extension://${EXTENSION_ID}/reader.html`;

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter(Boolean);
const chrome = candidates.find((path) => existsSync(path));
if (!chrome) {
  console.error(
    'No Chromium/Chrome found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH.',
  );
  process.exit(1);
}
if (!existsSync(resolve(extensionDir, 'manifest.json'))) {
  console.error('No build at .output/chrome-mv3: run `npm run build` first.');
  process.exit(1);
}

const flags = [
  `--user-data-dir=${profileDir}`,
  `--disable-extensions-except=${extensionDir}`,
  `--load-extension=${extensionDir}`,
  '--no-first-run',
  '--no-default-browser-check',
];
if (process.getuid?.() === 0) flags.push('--no-sandbox'); // Chromium refuses to run as root otherwise

const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (hasDisplay) {
  console.log(`Opening ${readerUrl} in ${chrome} (profile: ${profileDir})`);
  spawn(chrome, [...flags, readerUrl], { stdio: 'ignore', detached: true }).unref();
} else {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chrome,
    headless: false,
    args: ['--headless=new', '--disable-gpu', '--disable-background-networking', ...flags.slice(1)],
  });
  const page = await context.newPage();
  await page.goto(readerUrl);
  await page.getByTestId('article-link').first().waitFor();
  const titles = await page.getByTestId('article-link').allTextContents();
  mkdirSync('test-output', { recursive: true });
  const shot = resolve('test-output/start-reader.png');
  await page.screenshot({ path: shot, fullPage: true });
  await context.close();
  console.log(`No display found, so Chromium ran headless. The reader lists ${titles.length} articles:`);
  for (const title of titles) console.log(`  - ${title}`);
  console.log(`Screenshot: ${shot}\nOn a desktop, \`npm start\` opens a Chromium window instead.`);
}
