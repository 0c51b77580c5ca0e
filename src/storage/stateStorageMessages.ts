/** What the person is told when saving or reading their chats and settings goes wrong. */

export const storageFullMessage =
  "The browser's storage for this site is full, so your latest changes are not saved yet. Free some space (for example, delete a downloaded model) and they will be saved with your next change.";
export const saveFailedMessage =
  "Your latest changes could not be saved: the browser's storage refused them. They will be tried again with your next change.";
export const storageUnavailableMessage =
  "Your saved chats and settings could not be opened: this browser is not letting the site use its storage (a private window can cause this). You can keep chatting, but what you do now may not be kept.";
export const backupFailedMessage =
  "Your saved chats could not be read, and no copy of them could be kept. So that they are not overwritten, nothing will be saved until the page is reloaded.";

export function unreadableStateMessage(backupName: string): string {
  return `Your saved chats could not be read; a copy was kept in this browser's storage under the name "${backupName}", and the app started with its defaults.`;
}

export function unreadableConversationMessage(backupName: string | undefined): string {
  return backupName === undefined
    ? "One of your saved chats could not be read and was left out; it stays stored as it was."
    : `One of your saved chats could not be read and was left out; a copy was kept in this browser's storage under the name "${backupName}".`;
}

/** Quota errors are DOMExceptions named QuotaExceededError; older engines used code 22. */
function isQuotaError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return ("name" in error && error.name === "QuotaExceededError") || ("code" in error && error.code === 22);
}

/** What to say about a write the browser refused. */
export function saveFailureMessage(error: unknown): string {
  return isQuotaError(error) ? storageFullMessage : saveFailedMessage;
}
