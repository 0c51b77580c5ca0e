import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MarkdownContent, prepareHighlighting } from "./MarkdownContent";

function renderReply(text: string) {
  return render(<MarkdownContent text={text} />);
}

// LazyMarkdownContent does this before any reply is formatted.
beforeAll(() => prepareHighlighting());

afterEach(() => {
  vi.restoreAllMocks();
});

describe("MarkdownContent: GFM", () => {
  it("renders a table inside a horizontally scrollable wrapper", () => {
    const { container } = renderReply("| Wind | Where |\n| --- | --- |\n| Mistral | Rhône |\n| Tramontane | Roussillon |");
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByRole("columnheader", { name: "Wind" })).toBeTruthy();
    expect(table.parentElement?.className).toBe("md-table-scroll");
    expect(container.querySelector(".md-table-scroll")?.getAttribute("tabindex")).toBe("0");
  });

  it("renders task lists with disabled checkboxes", () => {
    renderReply("- [x] pack\n- [ ] leave");
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes).toHaveLength(2);
    expect(boxes.map((box) => (box as HTMLInputElement).checked)).toEqual([true, false]);
    expect(boxes.every((box) => (box as HTMLInputElement).disabled)).toBe(true);
  });

  it("renders strikethrough and headings", () => {
    const { container } = renderReply("## Forecast\n\n~~calm~~ windy");
    expect(screen.getByRole("heading", { level: 2, name: "Forecast" })).toBeTruthy();
    expect(container.querySelector("del")?.textContent).toBe("calm");
  });
});

describe("MarkdownContent: untrusted HTML", () => {
  it("never creates script, img or other elements from raw HTML", () => {
    const payload = [
      "<script>window.__pwned = 1</script>",
      "",
      'Look: <img src=x onerror="window.__pwned = 1"> and <iframe src="https://example.com"></iframe>',
      "",
      '<a href="javascript:alert(1)">html link</a>',
    ].join("\n");
    const { container } = renderReply(payload);
    expect(container.querySelector("script, img, iframe, a")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    // The HTML is shown as text, so the person sees what the model wrote.
    expect(container.textContent).toContain("<img src=x");
  });
});

describe("MarkdownContent: links", () => {
  it("makes allowed links open in a new tab without opener or referrer", () => {
    renderReply("[ok](https://example.com)");
    const link = screen.getByRole("link", { name: "ok" });
    expect(link.getAttribute("href")).toBe("https://example.com/");
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html,hi)",
    "[x](vbscript:msgbox)",
    "[x](/settings)",
    "[x](<java\tscript:alert(1)>)",
    "<javascript:alert(1)>",
  ])("renders %j as text, not a link", (text) => {
    const { container } = renderReply(text);
    expect(screen.queryByRole("link")).toBeNull();
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).not.toBe("");
  });

  it("links bare web addresses and e-mail addresses (GFM autolinks)", () => {
    renderReply("See www.example.com or write to someone@example.com");
    expect(screen.getByRole("link", { name: "www.example.com" }).getAttribute("href")).toBe("http://www.example.com/");
    expect(screen.getByRole("link", { name: "someone@example.com" }).getAttribute("href")).toBe("mailto:someone@example.com");
  });
});

describe("MarkdownContent: images", () => {
  it("never loads the image: a placeholder shows its address and opens it in a new tab", () => {
    const { container } = renderReply("![a cat](https://example.com/cat.png)");
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("Image: a cat — https://example.com/cat.png");
    const open = screen.getByRole("link", { name: "Open image in a new tab" });
    expect(open.getAttribute("href")).toBe("https://example.com/cat.png");
    expect(open.getAttribute("target")).toBe("_blank");
    expect(open.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it.each(["![x](javascript:alert(1))", "![x](data:image/png;base64,AAAA)", "![x](/logo.png)"])(
    "offers no way to load %j",
    (text) => {
      const { container } = renderReply(text);
      expect(container.querySelector("img")).toBeNull();
      expect(screen.queryByRole("link", { name: "Open image in a new tab" })).toBeNull();
      expect(container.textContent).toContain("not shown");
    },
  );
});

describe("MarkdownContent: code", () => {
  const fence = "```ts\nconst wind: string = \"mistral\";\n```";

  it("highlights fenced code that names a language, not inline code", () => {
    const { container } = renderReply(`Use \`let\` here.\n\n${fence}`);
    const block = container.querySelector("pre code");
    expect(block?.className).toContain("hljs");
    expect(block?.className).toContain("language-ts");
    expect(block?.querySelector(".hljs-keyword")?.textContent).toBe("const");
    const inline = container.querySelector("p code");
    expect(inline?.className ?? "").toBe("");
    expect(inline?.children).toHaveLength(0);
  });

  it("shows code still being written exactly as the parser would, and highlights it once closed", () => {
    const code = "const a = 1;\n\n**not bold** <b>x</b>\nlet b";
    const { container, rerender } = render(<MarkdownContent text={`\`\`\`ts\n${code}`} streaming />);
    // The fence indented by one space is left to the parser (readOpenCodeFence), with the same result.
    const parsed = render(<MarkdownContent text={` \`\`\`ts\n${code}`} streaming />).container;
    expect(container.innerHTML).toBe(parsed.innerHTML);
    expect(container.querySelector("pre code.language-ts")?.textContent).toBe(`${code}\n`);
    expect(within(container).getByRole("button", { name: "Copy code" })).toBeDefined();

    rerender(<MarkdownContent text={`\`\`\`ts\n${code};\n\`\`\`\n\nAfter.`} streaming />);
    expect(container.querySelector("pre code")?.className).toContain("hljs");
    expect(container.querySelector("pre code .hljs-keyword")?.textContent).toBe("const");
  });

  it("shows prose still being written exactly as the parser would, and parses it once it has syntax", () => {
    const prose = "The mistral is a cold wind, isn't it? Yes (mostly) - 42% of days.  ";
    const { container, rerender } = render(<MarkdownContent text={prose} streaming />);
    // Not streaming, the same text goes through the parser (readPlainParagraph is for streaming only).
    const parsed = render(<MarkdownContent text={prose} />).container;
    expect(container.innerHTML).toBe(parsed.innerHTML);
    expect(container.querySelector(".markdown")?.innerHTML).toBe("<p>The mistral is a cold wind, isn't it? Yes (mostly) - 42% of days.</p>");

    rerender(<MarkdownContent text={`${prose}It is **strong**`} streaming />);
    expect(container.querySelector("p strong")?.textContent).toBe("strong");
  });

  it("copies the code text with the Copy code button and says so", async () => {
    const user = userEvent.setup();
    // userEvent.setup() installs its own clipboard stub; spy on whatever is there now.
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue(undefined);
    renderReply(fence);

    await user.click(screen.getByRole("button", { name: "Copy code" }));
    expect(writeText).toHaveBeenCalledWith('const wind: string = "mistral";');
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Copied"));
    expect(screen.getByRole("button", { name: "Copy code" }).textContent).toBe("Copied");
  });

  it("says when copying failed", async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));
    renderReply(fence);

    await user.click(screen.getByRole("button", { name: "Copy code" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Could not copy"));
  });
});

describe("MarkdownContent: math", () => {
  it("typesets inline and display math written in any of the usual ways, with MathML for screen readers", async () => {
    const { container } = renderReply("The area is \\(\\pi r^2\\), and $x$ is real.\n\n\\[\\frac{a}{b}\\]\n\n$$\ne^{i\\pi} + 1 = 0\n$$");
    await waitFor(() => expect(container.querySelectorAll(".katex")).toHaveLength(4));
    expect(container.querySelectorAll(".md-math-display .katex-display")).toHaveLength(2);
    expect(container.querySelectorAll("math")).toHaveLength(4);
    // Typeset, the TeX as written is gone.
    expect(container.querySelector(".md-math-source")).toBeNull();
    expect(container.querySelector("p")?.textContent).toContain("The area is ");
  });

  it("leaves prices and code as they are", async () => {
    const { container } = renderReply("It costs $5 and $10. Run `echo $x$` now.\n\n```bash\necho \\(y\\)\n```");
    expect(container.querySelector("p")?.textContent).toBe("It costs $5 and $10. Run echo $x$ now.");
    expect(container.querySelector("pre")?.textContent).toBe("echo \\(y\\)\n");
    expect(container.querySelector(".md-math")).toBeNull();
  });

  it("shows TeX that does not parse as written, as code", async () => {
    const { container } = renderReply("Broken: $$\\frac{1}{$$ and fine: $$x^2$$");
    await waitFor(() => expect(container.querySelectorAll(".katex")).toHaveLength(1));
    expect(container.querySelector(".md-math-source")?.textContent).toBe("\\frac{1}{");
  });
});
