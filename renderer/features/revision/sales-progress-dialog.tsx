import { useState } from 'react';
import type { ReactNode } from 'react';
import { progressWarnings } from '../../../native/contract/revision.js';
import type { SalesProgress } from '../../../native/contract/revision.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { CancelAndConfirm, ErrorBox, Modal } from '../../ui/modal.js';

export interface SalesProgressDialogProps {
  progress: SalesProgress | null;
  onClose(): void;
}

/** 项目设置 · 销售进度: total units and units per product type, or a 销控表 read with units.import. */
export function SalesProgressDialog({ progress, onClose }: SalesProgressDialogProps): ReactNode {
  const { t, num, lang } = useI18n();
  const { client, bridge, noteChange } = useEngine();
  const known = progress?.byProduct.filter((p) => p.units !== null) ?? [];
  const [total, setTotal] = useState(progress?.units === null || progress === null ? '' : String(progress.units));
  const [products, setProducts] = useState<Array<{ name: string; units: string }>>(known.length > 0 ? known.map((p) => ({ name: p.product, units: String(p.units ?? '') })) : [{ name: '', units: '' }]);
  const [sheet, setSheet] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (job: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await job();
      noteChange();
      onClose();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const save = (): Promise<void> => {
    const per = Object.fromEntries(products.filter((p) => p.name.trim() !== '' && p.units.trim() !== '').map((p) => [p.name.trim(), Number(p.units)]));
    const n = Number(total);
    return run(() => client.call('units.set', { ...(total.trim() === '' ? {} : { total: n }), ...(Object.keys(per).length > 0 ? { products: per } : {}) }));
  };
  const pick = async (): Promise<void> => {
    const picked = await bridge?.pickOpenPath(t('revision.units.sheet'), [{ name: 'Excel / CSV', extensions: ['xlsx', 'csv'] }]);
    if (picked !== null && picked !== undefined) setSheet(picked);
  };
  return (
    <Modal
      title={t('revision.units.title')}
      testId="units-dialog"
      onClose={onClose}
      footer={
        <CancelAndConfirm
          onCancel={onClose}
          testId="units-save"
          disabled={busy || (total.trim() === '' && products.every((p) => p.units.trim() === ''))}
          label={t('revision.units.save')}
          onConfirm={() => void save()}
        />
      }
    >
      {progress === null ? null : (
        <p className="muted" data-testid="units-sold">
          {t('revision.units.soldNow', { n: num(progress.sold) })}
        </p>
      )}
      {progress === null ? null : <ProgressWarnings progress={progress} />}
      <label className="field-row">
        {t('revision.units.total')}
        <input data-testid="units-total" type="number" min={1} value={total} onChange={(e) => setTotal(e.target.value)} />
      </label>
      <fieldset className="units-products">
        <legend>{t('revision.units.perProduct')}</legend>
        {products.map((p, i) => (
          <div key={i} className="field-row">
            <input data-testid="units-product-name" placeholder={t('revision.units.product')} value={p.name} onChange={(e) => setProducts(products.map((q, k) => (k === i ? { ...q, name: e.target.value } : q)))} />
            <input data-testid="units-product-units" type="number" min={0} placeholder={t('revision.units.units')} value={p.units} onChange={(e) => setProducts(products.map((q, k) => (k === i ? { ...q, units: e.target.value } : q)))} />
          </div>
        ))}
        <button type="button" onClick={() => setProducts([...products, { name: '', units: '' }])}>
          {t('revision.units.addProduct')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('revision.units.sheet')}</legend>
        <div className="field-row">
          <input data-testid="units-sheet-path" placeholder="销控表.xlsx" value={sheet} onChange={(e) => setSheet(e.target.value)} />
          {bridge === null ? null : (
            <button type="button" onClick={() => void pick()}>
              {t('revision.units.browse')}
            </button>
          )}
          <button type="button" data-testid="units-import" disabled={busy || sheet.trim() === ''} onClick={() => void run(() => client.call('units.import', { file: sheet.trim() }))}>
            {t('revision.units.import')}
          </button>
        </div>
      </fieldset>
      <ErrorBox message={error} />
    </Modal>
  );
}

/** What does not add up: a 销控表 whose 已售 count differs from the deals, a product sold past its stock. */
function ProgressWarnings({ progress }: { progress: SalesProgress }): ReactNode {
  const { t, num } = useI18n();
  const lines = progressWarnings(progress).map((w) =>
    w.kind === 'overSold' ? t('revision.units.overSold', { product: w.product, n: num(w.sold), units: num(w.units) }) : t('revision.units.sheetDiffers', { sheet: num(w.sheet), n: num(w.sold) }),
  );
  if (lines.length === 0) return null;
  return (
    <ul className="units-warnings" data-testid="units-warnings">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
