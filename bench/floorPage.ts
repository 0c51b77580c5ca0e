/**
 * The floor: bare pages served by a tiny local server with the same production headers as the
 * app. Measured the same way as the app, they show what any page costs here, so the app's own
 * overhead is visible:
 * - "/": only an enabled "Message" textbox (the first screen);
 * - "/stream?api=…&key=…": the textbox, and on Enter the reply streamed from the API as plain text,
 *   each token appended to one text node as it arrives — no framework, no Markdown (streaming).
 */
import { productionHeaders } from "../src/security/productionHeaders.ts";
import { answerWithError, startLoopbackServer } from "../e2e/fixtures/loopbackServer";
import type { LoopbackServer } from "../e2e/fixtures/loopbackServer";

export const floorPageHtml = `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>Floor</title></head>
  <body><textarea aria-label="Message" placeholder="Message…"></textarea></body>
</html>
`;

const streamingFloorHtml = `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>Streaming floor</title><script type="module" src="/stream.js"></script></head>
  <body><main></main><textarea aria-label="Message" placeholder="Message…"></textarea></body>
</html>
`;

/** The streaming floor's script (a file: the production policy allows no inline script). */
const streamingFloorScript = `
const params = new URLSearchParams(location.search);
const box = document.querySelector("textarea");
const list = document.querySelector("main");
function article(label) {
  const element = document.createElement("article");
  element.setAttribute("aria-label", label);
  list.append(element);
  return element;
}
box.addEventListener("keydown", async (event) => {
  if (event.key !== "Enter") return;
  event.preventDefault();
  const prompt = box.value;
  box.value = "";
  article("You").textContent = prompt;
  const reply = article("Reply from the floor page");
  reply.setAttribute("aria-busy", "true");
  const text = document.createElement("div");
  text.className = "message-text";
  const shown = document.createTextNode("");
  text.append(shown);
  reply.append(text);
  const response = await fetch(params.get("api") + "/v1/chat/completions", {
    method: "POST",
    headers: { authorization: "Bearer " + params.get("key"), "content-type": "application/json" },
    body: JSON.stringify({ model: "mistral-small-latest", messages: [{ role: "user", content: prompt }], stream: true }),
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    const events = pending.split("\\n\\n");
    pending = events.pop();
    for (const event of events) {
      const data = event.replace(/^data: ?/, "");
      if (data === "[DONE]") continue;
      const content = JSON.parse(data).choices?.[0]?.delta?.content;
      if (content) shown.appendData(content);
    }
  }
  reply.setAttribute("aria-busy", "false");
});
`;

export function startFloorServer(): Promise<LoopbackServer> {
  return startLoopbackServer(
    "floor page server",
    async (request, response) => {
      const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
      const [type, body] = path === "/stream.js" ? ["text/javascript", streamingFloorScript] : ["text/html; charset=utf-8", path === "/stream" ? streamingFloorHtml : floorPageHtml];
      response.writeHead(200, { ...productionHeaders, "Content-Type": type, "Cache-Control": "no-cache" });
      response.end(body);
    },
    answerWithError,
  );
}
