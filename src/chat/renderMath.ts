import katex from "katex";
import "katex/dist/katex.min.css";

/*
 * KaTeX and its stylesheet, loaded only once a reply holds math (MathFormula imports this module
 * lazily): together they are larger than the rest of the Markdown chunk's highlighter.
 */

/**
 * Renders TeX into `element` (KaTeX builds its DOM itself, setting styles through CSSOM, which the
 * Content-Security-Policy allows: no inline style attributes). The model's TeX is untrusted:
 * KaTeX's defaults keep commands that link or load anything off (`trust: false`) and bound macro
 * expansion. Returns false when the TeX does not parse, so the caller shows it as written; KaTeX's
 * own error rendering would write a style attribute, which the policy refuses.
 */
export function renderMath(tex: string, element: HTMLElement, display: boolean): boolean {
  try {
    katex.render(tex, element, { displayMode: display, throwOnError: true });
    return true;
  } catch {
    element.textContent = "";
    return false;
  }
}
