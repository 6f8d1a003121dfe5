import '@fontsource-variable/noto-sans-sc';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './engine/connect.js';
import { I18nProvider } from './i18n/i18n.js';
// Global CSS in the entry, in cascade order: the map library's base rules, then ours over them (the views'
// chunks load later, so a base rule left to them would override styles.css).
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';

// Each view is its own chunk: the workbench's code (MapLibre, deck.gl, every panel) loads while the engine
// already reads the project's points, and the print and render pages never load the workbench's.
const App = lazy(() => import('./shell/workbench.js').then((m) => ({ default: m.App })));
const PrintView = lazy(() => import('./print/print-view.js').then((m) => ({ default: m.PrintView })));
const RenderView = lazy(() => import('./render/render-view.js').then((m) => ({ default: m.RenderView })));

const view = new URLSearchParams(location.search).get('view');
const root = document.getElementById('root');
if (root === null) throw new Error('#root missing from index.html');

const connection = view === 'render' || view === 'print' ? null : connect();
// The first frame needs the open project, its map settings, layers, basemaps and points: ask now, in parallel
// with loading the code. The engine answers in order, so the small answers go before the points.
for (const method of ['app.status', 'map.get', 'layers.get', 'basemap.list', 'places.columns'] as const) connection?.client.prefetch(method, {});

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <Suspense fallback={null}>
        {/* ?view=render: test/render's bare map, no engine; ?view=print: one print page laid out from the engine's data. */}
        {view === 'render' ? <RenderView /> : view === 'print' ? <PrintView /> : <App connection={connection} />}
      </Suspense>
    </I18nProvider>
  </StrictMode>,
);
