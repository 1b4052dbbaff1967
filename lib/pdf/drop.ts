/**
 * Calls `onFile` with a file dropped on `target` (the first one, if several), marking the target
 * with `dragging` while files are over it. Returns a function that stops accepting.
 */
export function acceptFileDrops(target: HTMLElement, onFile: (file: File) => void): () => void {
  const over = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    target.classList.add('dragging');
  };
  const leave = () => target.classList.remove('dragging');
  const drop = (event: DragEvent) => {
    leave();
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    onFile(file);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('dragleave', leave);
  target.addEventListener('drop', drop);
  return () => {
    target.removeEventListener('dragover', over);
    target.removeEventListener('dragleave', leave);
    target.removeEventListener('drop', drop);
  };
}

/**
 * Handing a file with no URL (dropped on the library) to a viewer tab: the library opens
 * `pdf.html?handoff=<id>` and answers that viewer's "ready" with the file, over a BroadcastChannel
 * (extension pages only: it is per origin). The tab is opened with tabs.create: a window.open'ed
 * extension page starts without the extension APIs.
 */
export const FILE_HANDOFF = { param: 'handoff', channel: 'meipi-pdf-handoff' } as const;

interface HandoffMessage {
  type: 'ready' | 'file';
  id: string;
  file?: File;
}

/** In a viewer opened with `?handoff=<id>`: asks for the file and calls `onFile` with it. */
export function receiveHandedFile(id: string, onFile: (file: File) => void): void {
  const channel = new BroadcastChannel(FILE_HANDOFF.channel);
  channel.onmessage = (event: MessageEvent<HandoffMessage>) => {
    const { type, id: to, file } = event.data ?? {};
    if (type !== 'file' || to !== id || !(file instanceof File)) return;
    channel.close();
    onFile(file);
  };
  channel.postMessage({ type: 'ready', id } satisfies HandoffMessage);
}

/** Opens a viewer tab through `openTab` (given the viewer URL's query) and hands it `file`. */
export function handFileToViewer(openTab: (query: string) => void, file: File): void {
  const id = crypto.randomUUID();
  const channel = new BroadcastChannel(FILE_HANDOFF.channel);
  channel.onmessage = (event: MessageEvent<HandoffMessage>) => {
    if (event.data?.type !== 'ready' || event.data.id !== id) return;
    channel.postMessage({ type: 'file', id, file } satisfies HandoffMessage);
    channel.close();
  };
  openTab(`?${FILE_HANDOFF.param}=${encodeURIComponent(id)}`);
}
