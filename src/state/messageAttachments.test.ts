import { describe, expect, it } from "vitest";
import { engineTextOf, fenceFor } from "./messageAttachments";

describe("engineTextOf", () => {
  it("is the message's text when it has no files", () => {
    expect(engineTextOf({ content: "Hello" })).toBe("Hello");
    expect(engineTextOf({ content: "Hello", attachments: [] })).toBe("Hello");
  });

  it("sends each file named and fenced, before the message's text", () => {
    const text = engineTextOf({
      content: "Compare them.",
      attachments: [
        { name: "a.txt", text: "first" },
        { name: "b.csv", text: "x,y\n1,2" },
      ],
    });
    expect(text).toBe('File "a.txt":\n```\nfirst\n```\n\nFile "b.csv":\n```\nx,y\n1,2\n```\n\nCompare them.');
  });

  it("sends files alone when the message has no text", () => {
    expect(engineTextOf({ content: "", attachments: [{ name: "a.txt", text: "only" }] })).toBe('File "a.txt":\n```\nonly\n```');
  });
});

describe("fenceFor", () => {
  it("is longer than any run of backticks in the text, so a file's own fences cannot close it", () => {
    expect(fenceFor("plain")).toBe("```");
    expect(fenceFor("a `b` c")).toBe("```");
    expect(fenceFor("```js\ncode\n```")).toBe("````");
    expect(fenceFor("``````")).toBe("```````");
  });
});
