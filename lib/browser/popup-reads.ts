import type { PopupApi } from '../../components/popup/types';
import type { DirectReader } from '../db/direct-read';
import type { createMessenger } from '../messaging/client';
import type { BackgroundMessages } from '../messaging/protocol';

type Ask = ReturnType<typeof createMessenger<BackgroundMessages>>;

/**
 * The popup's lists: straight from the database when it can (the worker may be asleep, and
 * booting it costs more than the whole first paint), from the background when it can't.
 */
export function popupReads(reader: DirectReader, ask: Ask): Pick<PopupApi, 'listPage' | 'recent'> {
  return {
    listPage: async (source) => (await reader.listPage(source)) ?? ask('annotations/list', { source }),
    recent: async (limit) => (await reader.recent(limit)) ?? ask('annotations/recent', { limit }),
  };
}
