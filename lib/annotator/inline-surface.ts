import type { UiStrings } from '../../components/i18n';
import type { Color } from '../db/types';
import type { PanelSurface } from './panel-host';
import { portPair } from './panel-protocol';
import { mountPanels } from './panels';

export const UI_HOST_TAG = 'meipi-annotator';

export interface InlineSurfaceOptions {
  strings: UiStrings;
  /** components/ui.css, adopted by the panels' shadow root (no <style>: page CSP cannot block it). */
  css: string;
  clipboard?: (text: string, container: ShadowRoot) => Promise<void>;
  lastColor?: () => Promise<Color>;
}

/**
 * The panels on an extension page (the reader): in the page itself, in a shadow root on an element
 * of their own outside <body>, over an in-memory port (no page script to keep out there).
 */
export function createInlineSurface(doc: Document, options: InlineSurfaceOptions): PanelSurface {
  const element = doc.createElement(UI_HOST_TAG);
  doc.documentElement.append(element);
  const [hostPort, panelPort] = portPair();
  const unmount = mountPanels(element, { ...options, port: panelPort });
  return {
    element,
    connect: (onPort) => onPort(hostPort),
    destroy() {
      unmount();
      element.remove();
    },
  };
}
