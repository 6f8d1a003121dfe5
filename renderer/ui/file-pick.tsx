import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useEngine } from '../engine/engine-context.js';
import type { EngineClient } from '../engine/engine-client.js';
import { useI18n } from '../i18n/i18n.js';
import type { KetuBridge } from '../../native/contract/bridge.js';

/** A file the planner picked or dropped, as a path the engine can read. */
export type FileToPath = (file: File) => Promise<string>;

/**
 * Electron reads a file where it lies (webUtils through the bridge); the browser host uploads a sheet
 * into its temp folder. A browser cannot tell where a file lies, so anything else is refused by the host.
 */
export function localPathOf(bridge: KetuBridge | null, client: EngineClient): FileToPath {
  return async (file) => {
    const path = bridge?.pathForFile?.(file) ?? '';
    if (path !== '') return path;
    return client.upload(file);
  };
}

export interface FilePickButtonProps {
  /** Without the dot: ['xlsx', 'csv']. */
  extensions: string[];
  /** The native dialog's title and the filter's name. */
  title: string;
  filterName: string;
  disabled?: boolean;
  testId: string;
  onPicked(path: string): void;
  onError(error: unknown): void;
  /** How a browser-picked file becomes a path; uploading it by default. */
  toPath?: FileToPath;
}

/** 浏览…: Electron's open dialog in the app; in the browser a file input whose file is uploaded to the engine. */
export function FilePickButton({ extensions, title, filterName, disabled = false, testId, onPicked, onError, toPath }: FilePickButtonProps): ReactNode {
  const { bridge, client } = useEngine();
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState(false);
  if (bridge === null && !client.canUpload) return null;

  const picked = async (file: File): Promise<void> => {
    setSending(true);
    try {
      onPicked(await (toPath ?? localPathOf(bridge, client))(file));
    } catch (e) {
      onError(e);
    } finally {
      setSending(false);
    }
  };

  const click = async (): Promise<void> => {
    if (bridge === null) {
      input.current?.click();
      return;
    }
    const path = await bridge.pickOpenPath(title, [{ name: filterName, extensions }]);
    if (path !== null) onPicked(path);
  };

  return (
    <>
      <button type="button" data-testid={testId} disabled={disabled || sending} onClick={() => void click().catch(onError)}>
        {sending ? t('open.uploading') : t('open.browse')}
      </button>
      {bridge === null ? (
        <input
          ref={input}
          type="file"
          hidden
          data-testid={`${testId}-input`}
          accept={extensions.map((e) => `.${e}`).join(',')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            // The same file picked twice must fire again.
            e.target.value = '';
            if (file !== undefined) void picked(file);
          }}
        />
      ) : null}
    </>
  );
}
