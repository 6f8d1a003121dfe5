import '@fontsource-variable/noto-sans-sc';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/workbench.js';
import { connect } from './engine/connect.js';
import { I18nProvider } from './i18n/i18n.js';
import { PrintView } from './print/print-view.js';
import { RenderView } from './render/render-view.js';
import './styles.css';

const view = new URLSearchParams(location.search).get('view');
const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      {/* ?view=render: test/render's bare map, no engine; ?view=print: one print page laid out from the engine's data. */}
      {view === 'render' ? <RenderView /> : view === 'print' ? <PrintView /> : <App connection={connect()} />}
    </I18nProvider>
  </StrictMode>,
);
