// Entry point for browsers and bundlers.
import './platform/browser.js';

export * from './core/index.js';
