import { describe, expect, it } from "vitest";
import { normalizeMathDelimiters } from "./normalizeMathDelimiters";

describe("normalizeMathDelimiters", () => {
  it("rewrites LaTeX's delimiters and single-dollar math to double dollars", () => {
    expect(normalizeMathDelimiters("Area is \\(\\pi r^2\\) here.")).toBe("Area is $$\\pi r^2$$ here.");
    expect(normalizeMathDelimiters("Inline \\[x+1\\] too.")).toBe("Inline $$x+1$$ too.");
    expect(normalizeMathDelimiters("Let $x$ and $y_2$ be reals.")).toBe("Let $$x$$ and $$y_2$$ be reals.");
    expect(normalizeMathDelimiters("Escaped \\$ inside $a \\$ b$.")).toBe("Escaped \\$ inside $$a \\$ b$$.");
  });

  it("turns a display formula on lines of its own into a math block", () => {
    expect(normalizeMathDelimiters("\\[\\frac{a}{b}\\]")).toBe("$$\n\\frac{a}{b}\n$$");
    expect(normalizeMathDelimiters("  \\[ E = mc^2 \\]")).toBe("  $$\n   E = mc^2 \n  $$");
    expect(normalizeMathDelimiters("\\[\na^2 + b^2\n\\]")).toBe("$$\na^2 + b^2\n$$");
  });

  it("leaves prices, double dollars and text without math as they are", () => {
    for (const text of ["It costs $5 and $10.", "From $20 to $30 a month", "US$5 or US$6", "$ 5 and 6 $", "Already $$x^2$$ math", "No math at all."]) {
      expect(normalizeMathDelimiters(text)).toBe(text);
    }
  });

  it("leaves code alone: spans and fenced blocks", () => {
    expect(normalizeMathDelimiters("Run `echo $HOME $PATH` then $x$.")).toBe("Run `echo $HOME $PATH` then $$x$$.");
    const fenced = "```bash\necho $a$ \\(b\\)\n```\nand $c$";
    expect(normalizeMathDelimiters(fenced)).toBe("```bash\necho $a$ \\(b\\)\n```\nand $$c$$");
    // A fence closes only on a line of its marker alone, as the parser reads it.
    expect(normalizeMathDelimiters("```\n```js $x$\n$y$\n```\nand $z$")).toBe("```\n```js $x$\n$y$\n```\nand $$z$$");
  });
});
