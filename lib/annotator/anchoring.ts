import { anchorAll, describe } from '../anchoring';
import type { Anchoring } from './core';

/** lib/anchoring, as the annotator uses it (one text map per batch). */
export const domAnchoring: Anchoring = { describe, anchorAll };
