/**
 * The floor: a bare page that only shows an enabled "Message" textbox, served by a tiny local
 * server with the same production headers as the app. Measured the same way as the app, it shows
 * what any page costs here, so the app's own overhead is visible.
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

export function startFloorServer(): Promise<LoopbackServer> {
  return startLoopbackServer(
    "floor page server",
    async (_request, response) => {
      response.writeHead(200, { ...productionHeaders, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" });
      response.end(floorPageHtml);
    },
    answerWithError,
  );
}
