import { describe, expect, it } from "vitest";
import { safeImageUrl, safeLinkUrl } from "./safeLinkUrl";

describe("safeLinkUrl", () => {
  it.each([
    ["https://example.com", "https://example.com/"],
    ["http://example.com/a?b=c#d", "http://example.com/a?b=c#d"],
    ["mailto:someone@example.com", "mailto:someone@example.com"],
    // Case is normalised by the parser, so the returned href is what was checked.
    ["HTTPS://EXAMPLE.com/Path", "https://example.com/Path"],
    // Leading/trailing spaces are stripped by browsers too; the result carries none.
    ["  https://example.com  ", "https://example.com/"],
    // Characters that could break out of an attribute are percent-encoded by serialisation.
    ['https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"],
    // Internationalised hosts come back as punycode, which shows the real host.
    ["https://例え.jp", "https://xn--r8jz45g.jp/"],
  ])("allows %j as %j", (input, expected) => {
    expect(safeLinkUrl(input)).toBe(expected);
  });

  it.each([
    // Script and document schemes, the point of the policy.
    ["javascript:alert(1)", "plain javascript:"],
    ["JaVaScRiPt:alert(1)", "schemes are case-insensitive: the parser lowercases, then we compare"],
    [" javascript:alert(1)", "browsers strip leading spaces, so the parser does too"],
    ["\u0000\u001fjavascript:alert(1)", "leading C0 control characters are stripped by browsers"],
    ["java\tscript:alert(1)", "tabs inside the scheme are removed by the URL parser: still javascript:"],
    ["java\nscript:alert(1)", "so are newlines"],
    ["java\rscript:alert(1)", "and carriage returns"],
    ["vbscript:msgbox(1)", "vbscript:"],
    ["data:text/html,<script>alert(1)</script>", "data: documents"],
    ["data:image/png;base64,AAAA", "data: images too (tracking-free but can be huge or deceptive)"],
    ["file:///etc/passwd", "local files"],
    ["blob:https://example.com/uuid", "blob: belongs to the page that made it"],
    ["ftp://example.com", "not on the allow list"],
    // Entities: Markdown decodes them before the URL reaches us ([x](&#106;avascript:...) arrives
    // as "javascript:..."). A still-encoded string is not a scheme at all: "&" cannot start one,
    // so it is a relative address, refused as such. Either way it never becomes a link.
    ["&#106;avascript:alert(1)", "an entity is not decoded by the URL parser: relative, refused"],
    ["&#x6A;avascript:alert(1)", "hex entity, same"],
    // Percent-encoding: "%" is not a scheme character, so this is a relative path, not javascript:;
    // browsers never decode a scheme. Refused because it is relative.
    ["%6Aavascript:alert(1)", "percent-encoded scheme: relative, refused"],
    // Relative and scheme-relative addresses would resolve against this app.
    ["/settings", "path-relative to the app"],
    ["#user-content-fn-1", "fragment (e.g. GFM footnotes)"],
    ["//evil.example/x", "scheme-relative"],
    ["example.com", "no scheme"],
    ["", "empty"],
    ["\u00a0https://example.com", "a no-break space is not stripped by browsers: relative, refused"],
    ["https://exa mple.com", "a space in the host does not parse"],
    ["http://", "http without a host does not parse"],
  ])("refuses %j (%s)", (input) => {
    expect(safeLinkUrl(input)).toBeUndefined();
  });
});

describe("safeImageUrl", () => {
  it("allows web addresses only", () => {
    expect(safeImageUrl("https://example.com/a.png")).toBe("https://example.com/a.png");
    expect(safeImageUrl("http://example.com/a.png")).toBe("http://example.com/a.png");
    expect(safeImageUrl("mailto:someone@example.com")).toBeUndefined();
    expect(safeImageUrl("data:image/png;base64,AAAA")).toBeUndefined();
    expect(safeImageUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeImageUrl("/logo.png")).toBeUndefined();
  });
});
