import { useEffect, useRef, type ReactNode } from 'react';
import '../styles/modal.css';

type ModalProps = {
  title: string;
  /** Escape and the Cancel buttons call this. */
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
};

/** A modal dialog on the native `<dialog>`: focus is trapped and Escape closes it. */
export function Modal({ title, onClose, children, wide = false, testId }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={`modal${wide ? ' modal--wide' : ''}`}
      aria-label={title}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 className="modal__title">{title}</h2>
      {children}
    </dialog>
  );
}
