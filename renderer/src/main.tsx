import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BackendContext } from './api/useBackend';
import { createApi } from './api/create-api';
import { App } from './app/App';
import { createCommandRunner } from './features/command/command-runner';
import { CommandRunnerContext } from './features/command/useCommandRunner';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/layout.css';

const backend = createApi();
const runner = createCommandRunner(backend);
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <BackendContext value={backend}>
      <CommandRunnerContext value={runner}>
        <App />
      </CommandRunnerContext>
    </BackendContext>
  </StrictMode>,
);
