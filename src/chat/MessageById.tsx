import { selectActiveMessages } from "../state/conversations";
import { useAppStore } from "../state/store";
import { MessageView } from "./MessageView";

/**
 * One message of the open chat, read from the store by its id. The lists hold only ids, so while
 * a reply streams, only that reply's row re-renders on each token: not the list, the virtualizer,
 * or any other message.
 */
export function MessageById({ id, isLast }: { id: string; isLast: boolean }) {
  // The newest messages are the ones that change: look from the end.
  const message = useAppStore((state) => selectActiveMessages(state).findLast((candidate) => candidate.id === id));
  return message ? <MessageView message={message} isLast={isLast} /> : null;
}
