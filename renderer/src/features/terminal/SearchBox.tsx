import { useState, type KeyboardEvent } from 'react';
interface SearchBoxProps {
  find: (text: string, direction: 'next' | 'previous') => boolean;
  clear: () => void;
  onClose: () => void;
}

/** Find in the terminal's scrollback: Enter for the next match, Shift-Enter for the previous. */
export function SearchBox({ find: findIn, clear, onClose }: SearchBoxProps) {
  const [text, setText] = useState('');
  const [isMissing, setMissing] = useState(false);

  function find(direction: 'next' | 'previous') {
    if (text) setMissing(!findIn(text, direction));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      clear();
      onClose();
    }
  }

  return (
    <div className="terminal-search" role="search">
      <input
        autoFocus
        aria-label="Find in terminal"
        placeholder="Find"
        value={text}
        aria-invalid={isMissing}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="button" onClick={() => find('previous')} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => find('next')} aria-label="Next match">
        ↓
      </button>
      <button
        type="button"
        aria-label="Close search"
        onClick={() => {
          clear();
          onClose();
        }}
      >
        ×
      </button>
    </div>
  );
}
