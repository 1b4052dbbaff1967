import { countPendingChanges, type MeipiDatabase } from '../db';
import type {
  SyncFailureKind,
  SyncSaveResult,
  SyncSettingsInput,
  SyncSettingsView,
  SyncStatusView,
} from '../messaging/protocol';
import {
  newDeviceState,
  type Remote,
  RemoteError,
  type SyncDeviceState,
  SyncError,
  type SyncOptions,
  type SyncReport,
  type SyncSettings,
  validateSyncSettings,
} from '../sync';

/** What the sync messages ask of the background (lib/service/handlers.ts). */
export interface SyncService {
  settings(): Promise<SyncSettingsView | null>;
  save(input: SyncSettingsInput): Promise<SyncSaveResult>;
  turnOff(): Promise<SyncStatusView>;
  syncNow(): Promise<SyncStatusView>;
  status(): Promise<SyncStatusView>;
}

/** browser.storage.local's shape, narrowed (a Map under tests). Settings, device state and status live here. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The engine's one call (lib/sync `syncOnce`), passed in so scheduling and status can be tested on their own. */
export interface SyncEngine {
  syncOnce(options: SyncOptions): Promise<Pick<SyncReport, 'applied' | 'conflicts' | 'skipped'>>;
}

export interface SyncControllerDeps {
  db: MeipiDatabase;
  store: KeyValueStore;
  engine: SyncEngine;
  createRemote(settings: SyncSettings): Remote;
  /** Runs `work` alone among every context of this profile (navigator.locks in the extension). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Tells the extension pages the status moved. */
  publish(status: SyncStatusView): void;
  /** Remote changes were applied here: open views re-read. */
  onApplied(): void;
  /** A sync this long after the last local change (a burst of edits is one sync). */
  changeDelayMs?: number;
  now?: () => number;
  newDeviceId?: () => string;
}

export interface SyncController extends SyncService {
  /** A local change was saved: sync once things are quiet for `changeDelayMs`. */
  changed(): void;
  /** The periodic alarm: sync if sync is on. */
  tick(): Promise<void>;
}

export const SYNC_KEYS = { settings: 'syncSettings', device: 'syncDevice', status: 'syncStatus' } as const;

/** The status while sync is off (also before it was ever set up). */
export const SYNC_OFF: SyncStatusView = {
  state: 'off',
  lastSyncedAt: null,
  pending: 0,
  lastError: null,
  conflicts: 0,
  skipped: 0,
  progress: null,
};
/** Progress broadcasts at most this often: a first sync of 10k reports thousands of steps. */
const PROGRESS_EVERY_MS = 250;
const MESSAGE_CHARS = 300;

/** Why a run or a connection test failed, in a kind the UI words, with a message that names no secret. */
export function failureOf(
  error: unknown,
  secrets: readonly string[],
): { kind: SyncFailureKind; message: string } {
  let kind: SyncFailureKind = 'internal';
  if (error instanceof RemoteError) kind = error.kind;
  else if (error instanceof SyncError)
    kind = error.kind === 'remote' ? (error.remoteKind ?? 'server') : error.kind;
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) message = message.split(secret).join('…');
  return { kind, message: message.slice(0, MESSAGE_CHARS) };
}

/**
 * The background's sync: settings and device state in local storage, one run at a time (a promise
 * chain here, a lock across contexts), a run shortly after local changes and on the alarm, and a
 * status that every view can read and hears about.
 */
export function createSyncController(deps: SyncControllerDeps): SyncController {
  const { db, store, engine } = deps;
  const now = deps.now ?? Date.now;
  const changeDelayMs = deps.changeDelayMs ?? 3_000;
  let chain: Promise<unknown> = Promise.resolve();
  let queuedRun: Promise<SyncStatusView> | null = null;
  let running = false;
  let progress: SyncStatusView['progress'] = null;
  let lastProgressAt = 0;
  let changeTimer: ReturnType<typeof setTimeout> | undefined;

  const loadSettings = async () =>
    ((await store.get(SYNC_KEYS.settings)) as SyncSettings | undefined) ?? null;
  const loadStored = async () =>
    ((await store.get(SYNC_KEYS.status)) as SyncStatusView | undefined) ?? { ...SYNC_OFF, state: 'idle' };

  async function loadDevice(): Promise<SyncDeviceState> {
    const stored = (await store.get(SYNC_KEYS.device)) as SyncDeviceState | undefined;
    if (stored) return stored;
    const fresh = newDeviceState();
    if (deps.newDeviceId) fresh.deviceId = deps.newDeviceId();
    await store.set(SYNC_KEYS.device, fresh);
    return fresh;
  }

  /** What views see: the stored status, live while a run goes, `off` without settings. */
  async function currentStatus(): Promise<SyncStatusView> {
    if (!(await loadSettings())) return SYNC_OFF;
    const stored = await loadStored();
    const pending = await countPendingChanges(db);
    if (running) return { ...stored, state: 'syncing', pending, progress };
    // A worker stopped mid-run left 'syncing' behind: nothing runs now.
    const state = stored.state === 'syncing' ? (stored.lastError ? 'error' : 'idle') : stored.state;
    return { ...stored, state, pending, progress: null };
  }

  async function announce(): Promise<SyncStatusView> {
    const status = await currentStatus();
    deps.publish(status);
    return status;
  }

  /** One at a time here and across contexts; a failure never breaks the chain. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(() => deps.exclusive(work));
    chain = next.catch(() => {});
    return next;
  }

  /**
   * One engine run with `settings`. A failed run is kept in the status, unless it was the test of
   * settings not saved yet (`trial`): then it is only returned.
   */
  async function runWith(
    settings: SyncSettings,
    trial = false,
  ): Promise<{ failure: { kind: SyncFailureKind; message: string } | null; applied: boolean }> {
    const before = await loadStored();
    running = true;
    progress = null;
    // Views hear 'syncing' while the run starts (both wait on the database); it goes out before the end.
    const announced = announce().catch(() => undefined);
    let after: SyncStatusView | null = null;
    let failure: { kind: SyncFailureKind; message: string } | null = null;
    let applied = false;
    try {
      const report = await engine.syncOnce({
        db,
        remote: deps.createRemote(settings),
        state: await loadDevice(),
        passphrase: settings.passphrase,
        saveState: (state) => store.set(SYNC_KEYS.device, state),
        onProgress(next) {
          progress = next;
          if (now() - lastProgressAt < PROGRESS_EVERY_MS) return;
          lastProgressAt = now();
          void announce();
        },
      });
      after = {
        ...SYNC_OFF,
        state: 'idle',
        lastSyncedAt: now(),
        conflicts: report.conflicts,
        skipped: report.skipped.length,
      };
      applied = report.applied > 0;
    } catch (error) {
      failure = failureOf(error, [settings.password, settings.passphrase]);
      if (!trial) after = { ...before, state: 'error', lastError: failure, progress: null };
    } finally {
      await announced;
      running = false;
      progress = null;
    }
    if (after) {
      if (trial) await store.set(SYNC_KEYS.settings, settings);
      await store.set(SYNC_KEYS.status, after);
    }
    return { failure, applied };
  }

  async function runOnce(): Promise<SyncStatusView> {
    const settings = await loadSettings();
    const applied = settings ? (await runWith(settings)).applied : false;
    const status = await announce();
    // After the answer's status: repainting and re-indexing would only delay it.
    if (applied) deps.onApplied();
    return status;
  }

  /** Requests while one waits share it: ten changes in a row make one more run, not ten. */
  function run(): Promise<SyncStatusView> {
    queuedRun ??= serial(() => {
      queuedRun = null;
      return runOnce();
    });
    return queuedRun;
  }

  async function save(input: SyncSettingsInput): Promise<SyncSaveResult> {
    const current = await loadSettings();
    const settings: SyncSettings = {
      url: input.url.trim(),
      username: input.username,
      password: input.password ?? current?.password ?? '',
      passphrase: input.passphrase ?? current?.passphrase ?? '',
    };
    const valid = validateSyncSettings(settings);
    if (!valid.ok) return { ok: false, kind: valid.reason };
    try {
      const remote = deps.createRemote(settings);
      await remote.ensureFolder();
      await remote.list();
    } catch (error) {
      return { ok: false, kind: failureOf(error, [settings.password, settings.passphrase]).kind };
    }
    // The test goes on as a first sync, which checks the passphrase before it reads or writes
    // anything else; the settings are saved only if it succeeds.
    const { failure, applied } = await serial(async () => {
      // Another folder: what this device applied from the old one says nothing about it.
      if (current && current.url !== settings.url) {
        const device = await loadDevice();
        await store.set(SYNC_KEYS.device, {
          deviceId: device.deviceId,
          nextSeq: device.nextSeq,
          cursors: {},
        });
      }
      return runWith(settings, true);
    });
    await announce();
    if (applied) deps.onApplied();
    return failure ? { ok: false, kind: failure.kind } : { ok: true };
  }

  return {
    async settings() {
      const settings = await loadSettings();
      if (!settings) return null;
      return {
        url: settings.url,
        username: settings.username,
        passwordSet: settings.password !== '',
        passphraseSet: settings.passphrase !== '',
      };
    },
    save,
    turnOff: () =>
      serial(async () => {
        clearTimeout(changeTimer);
        await store.remove(SYNC_KEYS.settings);
        await store.remove(SYNC_KEYS.status);
        return announce();
      }),
    syncNow: run,
    status: currentStatus,
    changed() {
      void loadSettings().then((settings) => settings && announce());
      clearTimeout(changeTimer);
      changeTimer = setTimeout(() => {
        void loadSettings().then((settings) => settings && run());
      }, changeDelayMs);
    },
    async tick() {
      if (await loadSettings()) await run();
    },
  };
}
