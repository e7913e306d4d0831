/**
 * xterm.js writes its per-terminal CSS (cell sizes, theme colours) into `<style>` elements it
 * creates, which the page's CSP (`style-src 'self'`, no 'unsafe-inline') refuses. Rather than
 * weaken the policy for the whole page, the style elements xterm creates while `run` executes get
 * their text applied through constructable stylesheets (CSSOM, which CSP does not govern). Only
 * xterm's own code runs inside `run`; terminal output never reaches it.
 */
export function withAdoptedStyles<T>(run: () => T): T {
  const patched = (tag: string, options?: ElementCreationOptions): HTMLElement => {
    if (tag.toLowerCase() !== 'style') {
      return Document.prototype.createElement.call(document, tag, options);
    }
    // An inert stand-in: a real <style> would be checked (and refused) even while empty.
    const standIn = Document.prototype.createElement.call(document, 'kubelab-xterm-style');
    standIn.hidden = true;
    adopt(standIn);
    return standIn;
  };
  // An own property shadows Document.prototype's method until it is deleted again.
  Object.defineProperty(document, 'createElement', { value: patched, configurable: true });
  try {
    return run();
  } finally {
    Reflect.deleteProperty(document, 'createElement');
  }
}

function adopt(element: HTMLElement): void {
  const sheet = new CSSStyleSheet();
  let text = '';
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  Object.defineProperty(element, 'textContent', {
    configurable: true,
    get: () => text,
    set: (value: string | null) => {
      text = value ?? '';
      sheet.replaceSync(text);
    },
  });
  const remove = element.remove.bind(element);
  element.remove = () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    remove();
  };
}
