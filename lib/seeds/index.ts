export { parseSeed } from './parse';
export type { Article } from './types';
