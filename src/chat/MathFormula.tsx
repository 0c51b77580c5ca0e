import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { renderMath as RenderMathFunction } from "./renderMath";

type RenderMath = typeof RenderMathFunction;

let loaded: RenderMath | undefined;
let loading: Promise<RenderMath> | undefined;

function loadRenderMath(): Promise<RenderMath> {
  loading ??= import("./renderMath").then((module) => (loaded = module.renderMath));
  return loading;
}

/**
 * A formula from a reply (`$$…$$`, `\(…\)`, `\[…\]`, or `$…$` written as math), typeset by KaTeX.
 * Until KaTeX is in (it loads the first time a reply has math), or when the TeX does not parse, the
 * TeX shows as written, as code. KaTeX writes into an element of its own that React leaves alone;
 * its output carries MathML, which screen readers read.
 */
export function MathFormula({ tex, display }: { tex: string; display: boolean }) {
  const [renderMath, setRenderMath] = useState(() => loaded);
  const [typeset, setTypeset] = useState(false);
  const target = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (renderMath) return;
    let mounted = true;
    // A chunk that cannot load (offline after an update) leaves the TeX as written.
    loadRenderMath().then(
      (loadedRenderMath) => {
        if (mounted) setRenderMath(() => loadedRenderMath);
      },
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, [renderMath]);
  useLayoutEffect(() => {
    if (renderMath && target.current) setTypeset(renderMath(tex, target.current, display));
  }, [renderMath, tex, display]);
  const Frame = display ? "div" : "span";
  return (
    // A display formula can be wider than the reply: it scrolls, and takes focus so that keyboard users can.
    <Frame className={display ? "md-math md-math-display" : "md-math"} tabIndex={display ? 0 : undefined}>
      <span ref={target} />
      {!typeset && <code className="md-math-source">{tex}</code>}
    </Frame>
  );
}
