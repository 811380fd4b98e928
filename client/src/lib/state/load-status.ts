/** Where a load is: not begun, waiting, done, or failed with a message to show. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
