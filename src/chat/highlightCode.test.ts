import type { Element, Root } from "hast";
import { toText } from "hast-util-to-text";
import { describe, expect, it } from "vitest";
import { prepareHighlighting, rehypeHighlightCode } from "./highlightCode";

function codeBlock(classes: string[] | undefined, code: string): Root {
  const properties = classes ? { className: classes } : {};
  return { type: "root", children: [{ type: "element", tagName: "pre", properties: {}, children: [{ type: "element", tagName: "code", properties, children: [{ type: "text", value: code }] }] }] };
}

function highlight(tree: Root): Element {
  rehypeHighlightCode()(tree);
  const pre = tree.children[0] as Element;
  return pre.children[0] as Element;
}

const typescript = 'const wind: string = "mistral";\n';

describe("rehypeHighlightCode", () => {
  it("leaves code plain until the grammars are registered, then highlights fences that name a language", async () => {
    const early = highlight(codeBlock(["language-ts"], typescript));
    expect(early.children).toEqual([{ type: "text", value: typescript }]);
    expect(early.properties.className).toEqual(["language-ts"]);

    await prepareHighlighting();
    const code = highlight(codeBlock(["language-ts"], typescript));
    expect(code.properties.className).toEqual(["hljs", "language-ts"]);
    expect(toText(code, { whitespace: "pre" })).toBe(typescript);
    const keyword = code.children.find((child): child is Element => child.type === "element" && child.properties.className?.toString() === "hljs-keyword");
    expect(keyword?.children).toEqual([{ type: "text", value: "const" }]);
  });

  it("registers lowlight's common grammars, aliases included, and knows the `lang-` prefix", async () => {
    await prepareHighlighting();
    for (const language of ["python", "py", "rust", "bash", "sh", "json", "xml", "html", "yaml", "sql", "go", "c", "cpp"]) {
      const code = highlight(codeBlock([`lang-${language}`], "x = 1\n"));
      expect(code.properties.className, language).toContain("hljs");
    }
  });

  it("leaves alone code with no language, an unknown one, or marked no-highlight, and code outside pre", async () => {
    await prepareHighlighting();
    for (const classes of [undefined, ["language-klingon"], ["language-ts", "no-highlight"], ["nohighlight", "language-ts"]]) {
      const tree = codeBlock(classes, typescript);
      const before = structuredClone(tree);
      highlight(tree);
      expect(tree).toEqual(before);
    }
    const inline: Root = { type: "root", children: [{ type: "element", tagName: "p", properties: {}, children: [{ type: "element", tagName: "code", properties: { className: ["language-ts"] }, children: [{ type: "text", value: "const" }] }] }] };
    const before = structuredClone(inline);
    rehypeHighlightCode()(inline);
    expect(inline).toEqual(before);
  });
});
