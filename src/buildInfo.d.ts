/** Set by vite.config.ts (`define`): which build this is, so a test can tell two versions apart. */
declare const __BUILD_ID__: string;
