// The Node `openai` SDK, default retries: one JSON case per stdin line, one JSON result per
// stdout line (the protocol of _worker.py). argv[2]: the folder npm installed the SDK into.
"use strict";
const path = require("node:path");
const readline = require("node:readline");
const { createRequire } = require("node:module");

const sdk = createRequire(path.join(path.resolve(process.argv[2]), "package.json"))("openai");
const OpenAI = sdk.OpenAI ?? sdk.default ?? sdk;

const usageOf = (u) => (u ? { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens } : null);

async function run(c) {
  const client = new OpenAI({ baseURL: c.base_url, apiKey: c.api_key, timeout: 30000 });
  const limits = c.max_tokens ? { max_tokens: c.max_tokens } : {};
  const chat = c.op === "chat";
  const body = chat
    ? { model: c.model, messages: [{ role: "user", content: c.prompt }], ...limits }
    : { model: c.model, prompt: c.prompt, ...limits, ...(c.suffix ? { suffix: c.suffix } : {}) };
  const api = chat ? client.chat.completions : client.completions;
  if (!c.stream) {
    const done = await api.create(body);
    const text = chat ? done.choices[0].message.content : done.choices[0].text;
    return { ok: true, text, usage: usageOf(done.usage), sluice: done.sluice ?? null };
  }
  const stream = await api.create({ ...body, stream: true, stream_options: { include_usage: true } });
  let text = "", usage = null, sluice = null;
  for await (const chunk of stream) {
    for (const choice of chunk.choices ?? []) text += (chat ? choice.delta?.content : choice.text) ?? "";
    usage = usageOf(chunk.usage) ?? usage;
    sluice = chunk.sluice ?? sluice;
  }
  return { ok: true, text, usage, sluice };
}

const lines = readline.createInterface({ input: process.stdin });
(async () => {
  for await (const line of lines) {
    let result;
    try {
      result = await run(JSON.parse(line));
    } catch (e) {
      result = { ok: false, error: { class: e.constructor?.name ?? "Error", module: "openai", status: e.status ?? null,
                                     code: e.code ?? null, message: String(e.message) } };
      // The error object the SDK kept: Sluice's findings ride in it.
      const findings = e.error?.findings ?? e.error?.error?.findings;
      if (Array.isArray(findings)) result.error.findings = findings.length;
    }
    process.stdout.write(JSON.stringify(result) + "\n");
  }
})();
