import { useId, useState } from "react";
import type { ConversationSettings } from "../state/conversations";
import { selectChatSettings } from "../state/conversationsSlice";
import { useAppStore } from "../state/store";
import { useModalDialog } from "../ui/useModalDialog";
import { systemPromptPresets } from "./systemPromptPresets";

/** A chat's system prompt, temperature, top-p and max tokens. Nothing changes until Save. */
export function ChatSettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialogRef = useModalDialog(open);
  const titleId = useId();
  const fieldId = useId();

  return (
    <dialog ref={dialogRef} className="settings" aria-labelledby={titleId} onClose={onClose}>
      {open && <ChatSettingsForm titleId={titleId} fieldId={fieldId} onClose={onClose} />}
    </dialog>
  );
}

function ChatSettingsForm({ titleId, fieldId, onClose }: { titleId: string; fieldId: string; onClose: () => void }) {
  // Read once when opened: edits are a draft until saved.
  const [draft, setDraft] = useState<ConversationSettings>(() => selectChatSettings(useAppStore.getState()));
  const [maxTokensText, setMaxTokensText] = useState(draft.sampling.maxTokens?.toString() ?? "");
  const [makeDefault, setMakeDefault] = useState(false);
  const updateChatSettings = useAppStore((state) => state.updateChatSettings);
  const maxTokens = maxTokensText.trim() === "" ? undefined : Number(maxTokensText);
  const maxTokensValid = maxTokens === undefined || (Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= 131072);
  const setSampling = (change: Partial<ConversationSettings["sampling"]>) => setDraft({ ...draft, sampling: { ...draft.sampling, ...change } });

  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!maxTokensValid) return;
        const sampling = { temperature: draft.sampling.temperature, topP: draft.sampling.topP, ...(maxTokens === undefined ? {} : { maxTokens }) };
        updateChatSettings({ systemPrompt: draft.systemPrompt, sampling }, { makeDefault });
        onClose();
      }}
    >
      <h2 id={titleId}>Chat settings</h2>
      <fieldset>
        <legend>System prompt</legend>
        <div className="preset-row" role="group" aria-label="Presets">
          {systemPromptPresets.map((preset) => (
            <button
              key={preset.name}
              type="button"
              className="preset-chip"
              aria-pressed={draft.systemPrompt === preset.prompt}
              onClick={() => setDraft({ ...draft, systemPrompt: preset.prompt })}
            >
              {preset.name}
            </button>
          ))}
        </div>
        <textarea
          aria-label="System prompt"
          className="composer-input"
          rows={4}
          value={draft.systemPrompt}
          placeholder="Instructions the model follows in this chat (optional)"
          onChange={(event) => setDraft({ ...draft, systemPrompt: event.target.value })}
        />
      </fieldset>
      <fieldset>
        <legend>Sampling</legend>
        <label htmlFor={`${fieldId}-temperature`}>Temperature: {draft.sampling.temperature.toFixed(2)}</label>
        <input
          id={`${fieldId}-temperature`}
          type="range"
          min={0}
          max={1.5}
          step={0.05}
          value={draft.sampling.temperature}
          onChange={(event) => setSampling({ temperature: Number(event.target.value) })}
        />
        <p className="help">Lower is more focused and repeatable; higher is more varied. Mistral suggests 0.7 for chat, 0–0.3 for code.</p>
        <label htmlFor={`${fieldId}-top-p`}>Top-p: {draft.sampling.topP.toFixed(2)}</label>
        <input
          id={`${fieldId}-top-p`}
          type="range"
          min={0.05}
          max={1}
          step={0.05}
          value={draft.sampling.topP}
          onChange={(event) => setSampling({ topP: Number(event.target.value) })}
        />
        <p className="help">Only the most likely words adding up to this share are considered. Change temperature or top-p, rarely both.</p>
        <label htmlFor={`${fieldId}-max-tokens`}>Max tokens per reply</label>
        <input
          id={`${fieldId}-max-tokens`}
          type="text"
          inputMode="numeric"
          value={maxTokensText}
          placeholder="No limit"
          aria-invalid={!maxTokensValid}
          aria-describedby={`${fieldId}-max-tokens-help`}
          onChange={(event) => setMaxTokensText(event.target.value)}
        />
        <p id={`${fieldId}-max-tokens-help`} className={maxTokensValid ? "help" : "help field-error"}>
          {maxTokensValid ? "Empty lets the model finish (up to its context length)." : "Enter a whole number from 1 to 131072, or leave it empty."}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} />
          Use this temperature, top-p and max tokens for new chats too
        </label>
      </fieldset>
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!maxTokensValid}>
          Save
        </button>
      </div>
    </form>
  );
}
