import { SUGGESTIONS, type Suggestion } from './suggestions';

/** Lab commands one click away; a click fills the command line, it does not run it. */
export function SuggestionChips({ onPick }: { onPick: (suggestion: Suggestion) => void }) {
  return (
    <div className="suggestions" role="group" aria-labelledby="suggestions-label">
      <span className="field-label" id="suggestions-label">
        Try
      </span>
      {SUGGESTIONS.map((suggestion) => (
        <button
          key={suggestion.command}
          type="button"
          className="chip mono"
          title={suggestion.hint}
          onClick={() => onPick(suggestion)}
        >
          {suggestion.command}
        </button>
      ))}
    </div>
  );
}
