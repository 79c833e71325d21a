const vm = require('vm');
const { VM, NodeVM, VMScript } = require('vm2');
const safeEval = require('safe-eval');
const puppeteer = require('puppeteer');
const wkhtmltopdf = require('wkhtmltopdf');
const express = require('express');
const app = express();

function runUserScript(code) {
  // ruleid: javascript.sandbox-code-injection
  const fn = vm.compileFunction(code, [], {});
  // ruleid: javascript.sandbox-code-injection
  const out = new VM({ timeout: 1000 }).run(code);
  const nodeVm = new NodeVM({ console: 'inherit' });
  // ruleid: javascript.sandbox-code-injection
  nodeVm.run(code, 'vm.js');
  // ruleid: javascript.sandbox-code-injection
  const script = new VMScript(`module.exports = ${code}`);
  // ruleid: javascript.sandbox-code-injection
  return safeEval(code, { Math });
}

function runFixed() {
  // ok: javascript.sandbox-code-injection
  const fn = vm.compileFunction('return a + b', ['a', 'b']);
  // ok: javascript.sandbox-code-injection
  const value = new VM().run('1 + 1');
  // ok: javascript.sandbox-code-injection
  return safeEval(`Math.max(1, 2)`);
}

async function greet(page, name) {
  // ruleid: javascript.headless-browser-script-injection
  await page.evaluate('greet("' + name + '")');
  // ruleid: javascript.headless-browser-script-injection
  await page.evaluateOnNewDocument(`window.user = "${name}"`);
  const script = `document.title = "${name}"`;
  // ruleid: javascript.headless-browser-script-injection
  await page.evaluate(script);
  // ok: javascript.headless-browser-script-injection
  await page.evaluate((n) => greet(n), name);
  // ok: javascript.headless-browser-script-injection
  await page.evaluate('document.title');
}

app.get('/screenshot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: javascript.headless-browser-ssrf, javascript.headless-browser-nonconstant-target
  await page.goto(req.query.url);
  const html = '<html>' + req.body.content + '</html>';
  // ruleid: javascript.headless-browser-ssrf, javascript.headless-browser-nonconstant-target
  await page.setContent(html);
  // ok: javascript.headless-browser-ssrf
  await page.goto('https://example.com/report');
  // ok: javascript.headless-browser-ssrf
  // ruleid: javascript.headless-browser-nonconstant-target
  await page.goto('https://example.com/search?q=' + encodeURIComponent(req.query.q));
  res.send(await page.screenshot());
});

app.get('/pdf', (req, res) => {
  // ruleid: javascript.headless-browser-ssrf, javascript.headless-browser-nonconstant-target
  wkhtmltopdf(req.query.url).pipe(res);
  // ok: javascript.headless-browser-ssrf
  wkhtmltopdf('<h1>Invoice</h1>').pipe(res);
});

app.get('/plugin', (req, res) => {
  // ruleid: javascript.require-from-request, javascript.require-non-literal
  const plugin = require('./plugins/' + req.query.name);
  // ruleid: javascript.require-from-request
  const handler = require(req.params.module);
  // ok: javascript.require-from-request
  const fixed = require('./plugins/csv');
  res.json(plugin.run(handler, fixed));
});

function loadPlugin(name) {
  // ruleid: javascript.require-non-literal
  return require('./plugins/' + name);
}

function loadTheme(theme) {
  // ruleid: javascript.require-non-literal
  return require(`./themes/${theme}/index.js`);
}

function loadAllowed(name) {
  const ALLOWED = ['csv', 'json'];
  if (ALLOWED.includes(name)) {
    // ok: javascript.require-non-literal
    return require('./plugins/' + name);
  }
  // ok: javascript.require-non-literal
  const config = require(configPath);
  // ok: javascript.require-non-literal
  return require(path.join(__dirname, 'config.json'));
}

async function inspect(client, userInput) {
  const { Runtime, Page } = client;
  // ruleid: javascript.devtools-protocol-injection
  await Runtime.evaluate({ expression: userInput });
  // ruleid: javascript.devtools-protocol-injection
  await Runtime.compileScript({ expression: 'var x = 1;' + userInput, sourceURL: '', persistScript: false });
  // ruleid: javascript.devtools-protocol-injection
  await Page.navigate({ url: userInput });
  // ok: javascript.devtools-protocol-injection
  await Runtime.evaluate({ expression: "document.querySelector('p').textContent" });
  // ok: javascript.devtools-protocol-injection
  await Page.navigate({ url: 'https://github.com' });
}

async function screenshot(page, target) {
  // ruleid: javascript.headless-browser-nonconstant-target
  await page.goto(target);
  const home = 'https://example.com';
  // ok: javascript.headless-browser-nonconstant-target
  await page.goto(home);
  // ok: javascript.headless-browser-nonconstant-target
  await page.setContent(`<h1>Report</h1>`);
  return page.screenshot();
}
