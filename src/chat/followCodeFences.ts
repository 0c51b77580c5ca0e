const fenceMarker = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Follows fenced code blocks through Markdown read line by line: `take` each line in order, and
 * `isOpen` says whether the lines taken so far leave a fence open (what comes next is code).
 */
export function followCodeFences(): { readonly isOpen: boolean; take: (line: string) => void } {
  let fence: string | undefined;
  return {
    get isOpen() {
      return fence !== undefined;
    },
    take(line) {
      const marker = fenceMarker.exec(line)?.[1];
      if (!marker) return;
      if (fence === undefined) fence = marker;
      // A fence closes with the same character, at least as long, and nothing else on the line.
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    },
  };
}
