import { createContext } from "react";

/**
 * Given by the message list to what is inside it: stops following the newest text (useStickToBottom)
 * until the person scrolls back to the end or sends, for a change the person makes where they are
 * reading (another version of a message) that would otherwise pull the page to its end.
 */
export const StopFollowingContext = createContext<() => void>(() => undefined);
