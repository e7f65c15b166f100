// postbound never downloads a browser: it drives the system Chromium (see src/browser/browser.ts).
// This keeps `npm ci` from fetching one for dev dependencies built on full puppeteer (@daisy/ace-cli).
module.exports = { skipDownload: true };
