// The header's "Test console" button (and Alt+Shift+T): shown only where the QA admin API
// is on (app-config `qaConsole`: an admin token configured, not production mode). The
// console's code is its own chunk, fetched when first opened: this file is in the initial bundle.
import { lazy, Suspense, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';

const TestConsolePanel = lazy(() => import('./test-console-panel.tsx').then((m) => ({ default: m.TestConsolePanel })));
const SHORTCUT = 'Alt+Shift+T';

export function TestConsoleToggle() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyT') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" aria-expanded={open} {...(open ? { 'aria-controls': 'test-console' } : {})} aria-keyshortcuts={SHORTCUT} onClick={() => setOpen((o) => !o)}>
        Test console
      </button>
      {open
        ? createPortal(
            <Suspense fallback={<p role="status" className="visually-hidden">Loading the test console…</p>}>
              <TestConsolePanel onClose={() => setOpen(false)} />
            </Suspense>,
            document.body,
          )
        : null}
    </>
  );
}
