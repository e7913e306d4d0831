interface ClipboardConsentProps {
  hostName: string;
  text: string;
  onAnswer: (allow: boolean) => void;
}

/** Asks before a program in the terminal (OSC 52) may write the clipboard; the default is no. */
export function ClipboardConsent({ hostName, text, onAnswer }: ClipboardConsentProps) {
  const preview = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return (
    <div className="terminal-consent" role="alertdialog" aria-label="Clipboard request">
      <span>
        A program on <strong>{hostName}</strong> wants to copy {text.length} characters to your
        clipboard: <code>{preview}</code>
      </span>
      <button type="button" onClick={() => onAnswer(true)}>
        Allow once
      </button>
      <button type="button" autoFocus onClick={() => onAnswer(false)}>
        Deny
      </button>
    </div>
  );
}
