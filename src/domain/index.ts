/**
 * The scoring engine's one entry point. Everything outside src/domain imports from here.
 */
export type * from './model.ts';
export type * from './result.ts';
